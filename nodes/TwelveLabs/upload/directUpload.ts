import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AssetSettings } from '../requests/assetUpload';
import { assetFormFields } from '../requests/assetUpload';
import type { ByteStream } from '../transport/request';
import { apiRequest } from '../transport/request';
import type { BinarySource } from './binarySource';
import { multipartForm } from './multipartForm';
import { readableFactoryFrom } from './readableBody';

/** Bytes read from the binary store at a time while streaming a direct upload. */
const READ_SIZE = 256 * 1024;
/** Idle time allowed on the socket: a big body may take a while for the API to accept. */
const DIRECT_UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** Yields `head`, the file, `tail`; stops with an error if the file is not `size` bytes long. */
async function* formBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parts: { head: Buffer; file: ByteStream; size: number; tail: Buffer },
): AsyncGenerator<Buffer> {
	yield parts.head;
	let sent = 0;
	for await (const piece of parts.file) {
		sent += piece.length;
		yield piece;
	}
	if (sent !== parts.size) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The binary file changed while it was uploaded: ${sent} bytes read, ${parts.size} expected`,
			{ itemIndex },
		);
	}
	yield parts.tail;
}

/**
 * `POST /assets` with method `direct`: the form is streamed, the file read from n8n's binary
 * store piece by piece; a binary held in memory is sent from its buffer.
 */
export async function uploadDirect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: BinarySource,
	fileName: string,
	settings: AssetSettings,
): Promise<IDataObject> {
	const form = multipartForm(assetFormFields({ method: 'direct' }, { ...settings, filename: fileName }), {
		field: 'file',
		fileName,
		contentType: source.mimeType,
	});
	const headers = {
		'content-type': form.contentType,
		'content-length': String(form.head.length + source.size + form.tail.length),
	};

	const file = source.openStream ? await source.openStream(READ_SIZE) : undefined;
	const toReadable = file ? readableFactoryFrom(file) : undefined;
	let body: Buffer | ByteStream;
	if (file && toReadable) {
		body = toReadable(formBody(ctx, itemIndex, { head: form.head, file, size: source.size, tail: form.tail }));
	} else {
		// A binary held in memory (or a store whose streams are not Node Readables).
		const buffer = file ? Buffer.concat(await collect(file)) : await source.readBuffer();
		body = Buffer.concat([form.head, buffer, form.tail]);
	}
	return await apiRequest(ctx, {
		method: 'POST',
		path: '/assets',
		body,
		headers,
		timeoutMs: DIRECT_UPLOAD_TIMEOUT_MS,
		itemIndex,
	});
}

async function collect(stream: ByteStream): Promise<Buffer[]> {
	const pieces: Buffer[] = [];
	for await (const piece of stream) pieces.push(piece);
	return pieces;
}
