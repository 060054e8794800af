/**
 * PUT /_upload/{upload_id}/{chunk_index}?sig=...: the presigned chunk URL (outside /v1.3, no API
 * key, not spec-validated). Streams the body through md5, keeps only the count and the hash.
 */
import { createHash } from 'node:crypto';
import { drain, type Reply, type RouteDef } from '../http';
import { UPLOAD_HEADERS } from './multipart';

async function s3Error(reply: Reply, status: number, code: string, message: string): Promise<void> {
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
	await reply.send(status, { 'content-type': 'application/xml' }, xml);
}

export const uploadRoute: RouteDef = {
	method: 'PUT',
	path: '/_upload/{upload_id}/{chunk_index}',
	errors: 'flat',
	streamBody: true,
	async handle({ req, params, query, env, reply, record }) {
		const fail = async (status: number, code: string, message: string): Promise<void> => {
			await drain(req);
			await s3Error(reply, status, code, message);
		};
		if (req.method !== 'PUT') {
			await fail(405, 'MethodNotAllowed', 'Chunks are uploaded with PUT.');
			return;
		}
		if (record.headers['x-api-key'] !== undefined) {
			env.violation(`PUT ${record.path}: the x-api-key header was sent to a presigned upload URL (it must not leave the API)`);
		}
		const session = env.state.uploads.get(params.upload_id);
		if (!session) {
			await fail(404, 'NoSuchUpload', 'The specified upload does not exist.');
			return;
		}
		const index = Number(params.chunk_index);
		const sig = typeof query.sig === 'string' ? query.sig : '';
		const url = env.state.uploadUrls.get(sig);
		if (!url || url.uploadId !== session.uploadId || url.chunkIndex !== index) {
			await fail(403, 'SignatureDoesNotMatch', 'The request signature does not match this URL.');
			return;
		}
		if (url.used) {
			await fail(403, 'AccessDenied', 'This presigned URL has already been used; request a new one.');
			return;
		}
		if (env.clock.now() > url.expiresAt) {
			await fail(403, 'AccessDenied', 'Request has expired.');
			return;
		}
		for (const [name, value] of Object.entries(UPLOAD_HEADERS)) {
			if (req.headers[name] !== value) {
				await fail(403, 'AccessDenied', `The upload header ${name} is missing or wrong (send upload_headers).`);
				return;
			}
		}
		const status = env.state.uploadStatus(session);
		if (status !== 'active') {
			await fail(403, 'AccessDenied', `The upload session is ${status}.`);
			return;
		}
		const hash = createHash('md5');
		let bytes = 0;
		try {
			for await (const chunk of req) {
				hash.update(chunk as Buffer);
				bytes += (chunk as Buffer).length;
			}
		} catch {
			reply.abandon();
			return;
		}
		if (!req.complete) {
			reply.abandon();
			return;
		}
		const etag = hash.digest('hex');
		url.used = true;
		session.received.set(index, { bytes, etag, receivedAt: env.clock.now() });
		session.receivedBytes += bytes;
		session.updatedAt = env.clock.now();
		await reply.send(200, { etag: `"${etag}"` }, '');
	},
};
