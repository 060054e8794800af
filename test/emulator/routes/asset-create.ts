/**
 * POST /assets (multipart/form-data, method direct with a file part, or url). The file part is
 * streamed and counted, never kept.
 */
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { ApiError, type RouteDef } from '../http';
import { fileTypeFor } from '../state';
import type { RecordedFile, RecordedMultipartBody } from '../types';
import { checkUserMetadata } from './assets';

export const DIRECT_UPLOAD_LIMIT = 200 * 1024 * 1024;
export const IMAGE_UPLOAD_LIMIT = 32 * 1024 * 1024;

interface FilePart extends RecordedFile {
	field: string;
}

interface ParsedForm {
	fields: Record<string, string>;
	files: FilePart[];
	problems: string[];
}

function parseForm(req: IncomingMessage): Promise<ParsedForm> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: req.headers, limits: { fieldSize: 4 * 1024 * 1024 } });
		} catch (err) {
			reject(new ApiError(400, 'parameter_invalid', `The multipart body cannot be read: ${(err as Error).message}`));
			return;
		}
		const form: ParsedForm = { fields: {}, files: [], problems: [] };
		parser.on('field', (name, value, info) => {
			if (info.valueTruncated) form.problems.push(`form field '${name}' is longer than 4 MiB`);
			if (name in form.fields) form.problems.push(`form field '${name}' is sent twice`);
			form.fields[name] = value;
		});
		parser.on('file', (name, stream, info) => {
			const part: FilePart = { field: name, filename: info.filename ?? '', contentType: info.mimeType, size: 0 };
			form.files.push(part);
			stream.on('data', (chunk: Buffer) => {
				part.size += chunk.length;
			});
		});
		parser.on('close', () => resolve(form));
		parser.on('error', (err: Error) => {
			req.unpipe(parser);
			reject(new ApiError(400, 'parameter_invalid', `The multipart body cannot be read: ${err.message}`));
		});
		req.on('aborted', () => reject(new Error('aborted')));
		req.pipe(parser);
	});
}

function basename(url: string): string {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : 'video.mp4';
	} catch {
		return 'video.mp4';
	}
}

export const assetCreateRoutes: RouteDef[] = [
	{
		method: 'POST',
		path: '/assets',
		errors: 'flat',
		streamBody: true,
		async handle({ req, env, record, matched, reply }) {
			let form: ParsedForm;
			try {
				form = await parseForm(req);
			} catch (err) {
				if (err instanceof ApiError) {
					env.violation(`POST /assets: ${err.message}`);
					throw err;
				}
				reply.abandon();
				return;
			}
			const file = form.files[0];
			const recorded: RecordedMultipartBody = { fields: form.fields };
			if (file) recorded.file = { filename: file.filename, size: file.size, contentType: file.contentType };
			record.body = recorded;

			const values: Record<string, unknown> = { ...form.fields };
			for (const part of form.files) values[part.field] = '';
			const problems = [...form.problems, ...(matched ? env.spec.validateFormBody(matched, values) : [])];
			if (form.files.length > 1) problems.push(`${form.files.length} file parts were sent; only one is expected`);
			if (problems.length > 0) {
				for (const problem of problems) env.violation(`POST /assets: ${problem}`);
				throw new ApiError(400, 'parameter_invalid', problems.join('; '));
			}

			const method = values.method as 'direct' | 'url';
			const url = typeof values.url === 'string' ? values.url : undefined;
			if (method === 'direct' && !file) throw new ApiError(400, 'parameter_not_provided', 'The file parameter is required when method is direct.');
			if (method === 'url') {
				if (url === undefined) throw new ApiError(400, 'parameter_not_provided', 'The url parameter is required when method is url.');
				if (!/^https?:\/\/[^/]+/i.test(url)) throw new ApiError(400, 'parameter_invalid', 'The url parameter must be a publicly accessible http(s) URL.');
			}
			const filename =
				(typeof values.filename === 'string' && values.filename !== '' ? values.filename : undefined) ??
				(method === 'direct' ? file?.filename || 'upload.mp4' : basename(url ?? ''));
			const fileType =
				method === 'direct' && file && file.contentType && file.contentType !== 'application/octet-stream'
					? file.contentType
					: fileTypeFor(filename);
			const kind = fileType.split('/')[0];
			if (method === 'direct' && file) {
				if (file.size === 0) throw new ApiError(400, 'parameter_invalid', 'The file is empty.');
				if (kind === 'image' && file.size > IMAGE_UPLOAD_LIMIT) {
					throw new ApiError(400, 'parameter_invalid', 'Images uploaded directly must be 32 MB or smaller.');
				}
				if (kind !== 'image' && file.size > DIRECT_UPLOAD_LIMIT) {
					throw new ApiError(
						400,
						'video_filesize_too_large',
						`The file is ${file.size} bytes; direct uploads are limited to 200 MB. Use a multipart upload for larger files.`,
					);
				}
			}
			let userMetadata: Record<string, unknown> | undefined;
			if (typeof values.user_metadata === 'string') {
				let parsed: unknown;
				try {
					parsed = JSON.parse(values.user_metadata);
				} catch {
					throw new ApiError(400, 'parameter_invalid', 'The user_metadata parameter must be a JSON-encoded object.');
				}
				userMetadata = checkUserMetadata(parsed);
			}
			const asset = env.state.createAsset({
				method,
				filename,
				fileType,
				userMetadata,
				size: method === 'direct' ? file?.size : 52_428_800,
				duration: 120,
				url,
				usedByIndex: false,
				readyAt: env.clock.now() + env.state.assetProcessingMs,
				willFail: /fail/i.test(filename) || /fail/i.test(url ?? ''),
				enableHls: values.enable_hls === true,
				enableThumbnail: values.enable_thumbnail === true,
			});
			const wire = env.state.assetToWire(asset);
			const created: Record<string, unknown> = {
				_id: wire._id,
				method: wire.method,
				status: wire.status,
				filename: wire.filename,
				file_type: wire.file_type,
				created_at: wire.created_at,
			};
			if (wire.user_metadata) created.user_metadata = wire.user_metadata;
			await reply.json(201, created);
		},
	},
];
