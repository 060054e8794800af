/** /assets/multipart-uploads: create a session, more presigned URLs, report chunks, status, list. */
import { ApiError, type EmulatorEnv, type RouteContext, type RouteDef, paginate, pageParams } from '../http';
import { newId } from '../ids';
import { fileTypeFor } from '../state';
import type { UploadSession } from '../types';
import { checkUserMetadata } from './assets';

const MiB = 1024 * 1024;
const HOUR = 60 * 60 * 1000;
export const MULTIPART_LIMIT = 10 * 1024 * 1024 * 1024;
export const UPLOAD_HEADERS = { 'x-emulator-upload': '1' };
const MAX_URLS = 50;

type Obj = Record<string, unknown>;

/** 5 MiB up to 1 GiB; above, 8 MiB or whatever keeps total_chunks <= 10,000. */
export function chooseChunkSize(totalSize: number, override?: number): number {
	if (override !== undefined) return override;
	if (totalSize <= 1024 * MiB) return 5 * MiB;
	return Math.max(8 * MiB, Math.ceil(totalSize / 10_000 / MiB) * MiB);
}

export function expectedChunkBytes(session: UploadSession, index: number): number {
	return index < session.totalChunks ? session.chunkSize : session.totalSize - (session.totalChunks - 1) * session.chunkSize;
}

function findSession(ctx: RouteContext): UploadSession {
	const id = ctx.params.upload_id;
	const session = ctx.env.state.uploads.get(id);
	if (!session) throw new ApiError(404, 'resource_not_exist', `Upload not found: ${id}.`);
	return session;
}

function requireActive(env: EmulatorEnv, session: UploadSession): void {
	const status = env.state.uploadStatus(session);
	if (status === 'failed') throw new ApiError(400, 'upload_failed', `The upload session ${session.uploadId} has failed; start a new one.`);
	if (status === 'expired') throw new ApiError(400, 'upload_expired', `The upload session ${session.uploadId} has expired; start a new one.`);
}

function presignedUrls(env: EmulatorEnv, session: UploadSession, start: number, count: number): { chunk_index: number; url: string; expires_at: string }[] {
	const expiresAt = env.clock.now() + HOUR;
	const urls = [];
	for (let index = start; index < start + count; index++) {
		const sig = env.state.issueUploadUrl(session.uploadId, index, expiresAt);
		urls.push({
			chunk_index: index,
			url: `${env.origin}/_upload/${session.uploadId}/${index}?sig=${sig}`,
			expires_at: env.clock.iso(expiresAt),
		});
	}
	return urls;
}

function assetUrl(env: EmulatorEnv, session: UploadSession): string {
	return `${env.origin}/_assets/${session.assetId}/${encodeURIComponent(session.filename)}`;
}

export const multipartRoutes: RouteDef[] = [
	{
		method: 'POST',
		path: '/assets/multipart-uploads',
		errors: 'flat',
		async handle({ body, env, reply }) {
			const request = body as Obj;
			const filename = String(request.filename);
			const type = request.type as UploadSession['type'];
			const totalSize = Number(request.total_size);
			if (filename.trim() === '' || filename.length > 255) throw new ApiError(400, 'parameter_invalid', 'The filename parameter must be 1-255 characters.');
			if (!(totalSize >= 1)) throw new ApiError(400, 'parameter_invalid', 'The total_size parameter must be at least 1 byte.');
			if (type === 'image' && totalSize > 32 * MiB) throw new ApiError(400, 'parameter_invalid', 'Images must be 32 MB or smaller.');
			if (totalSize > MULTIPART_LIMIT) throw new ApiError(400, 'parameter_invalid', 'Multipart uploads are limited to 10 GB.');
			const userMetadata = request.user_metadata === undefined ? undefined : checkUserMetadata(request.user_metadata);
			const chunkSize = chooseChunkSize(totalSize, env.options.multipartChunkSize);
			const totalChunks = Math.ceil(totalSize / chunkSize);
			const now = env.clock.now();
			const fallbackType = type === 'audio' ? 'audio/mpeg' : type === 'image' ? 'image/jpeg' : 'video/mp4';
			const asset = env.state.createAsset({
				method: 'multipart',
				filename,
				fileType: fileTypeFor(filename, fallbackType),
				userMetadata,
				size: totalSize,
				duration: 120,
				usedByIndex: false,
				readyAt: undefined,
				willFail: /fail/i.test(filename),
				enableHls: request.enable_hls === true,
				enableThumbnail: request.enable_thumbnail === true,
			});
			const session: UploadSession = {
				uploadId: newId(),
				assetId: asset.id,
				filename,
				type,
				totalSize,
				chunkSize,
				totalChunks,
				createdAt: now,
				updatedAt: now,
				expiresAt: now + 24 * HOUR,
				status: 'active',
				received: new Map(),
				reported: new Map(),
				receivedBytes: 0,
			};
			env.state.uploads.set(session.uploadId, session);
			await reply.json(201, {
				upload_id: session.uploadId,
				asset_id: session.assetId,
				upload_urls: presignedUrls(env, session, 1, Math.min(totalChunks, MAX_URLS)),
				upload_headers: { ...UPLOAD_HEADERS },
				chunk_size: chunkSize,
				total_chunks: totalChunks,
				expires_at: env.clock.iso(session.expiresAt),
			});
		},
	},
	{
		method: 'GET',
		path: '/assets/multipart-uploads',
		errors: 'flat',
		async handle({ query, env, reply }) {
			const { page, limit } = pageParams(query);
			const sessions = [...env.state.uploads.values()]
				.filter((s) => env.state.uploadStatus(s) !== 'completed')
				.sort((a, b) => b.createdAt - a.createdAt);
			const result = paginate(sessions, page, limit);
			await reply.json(200, {
				data: result.data.map((s) => ({
					upload_id: s.uploadId,
					status: env.state.uploadStatus(s),
					total_size: s.totalSize,
					chunk_size: s.chunkSize,
					total_chunks: s.totalChunks,
					created_at: env.clock.iso(s.createdAt),
					expires_at: env.clock.iso(s.expiresAt),
				})),
				page_info: result.page_info,
			});
		},
	},
	{
		method: 'GET',
		path: '/assets/multipart-uploads/{upload_id}',
		errors: 'flat',
		async handle(ctx) {
			const session = findSession(ctx);
			const { page, limit } = pageParams(ctx.query);
			const { env } = ctx;
			const indexes = Array.from({ length: session.totalChunks }, (_, i) => i + 1);
			const result = paginate(indexes, page, limit);
			let uploadedSize = 0;
			for (const report of session.reported.values()) uploadedSize += report.chunkSize;
			await ctx.reply.json(200, {
				upload_id: session.uploadId,
				status: env.state.uploadStatus(session),
				uploaded_chunks: result.data.map((index) => {
					const report = session.reported.get(index);
					return report
						? { index, status: 'completed', uploaded_at: env.clock.iso(report.reportedAt), updated_at: env.clock.iso(report.reportedAt) }
						: { index, status: 'pending' };
				}),
				chunks_completed: session.reported.size,
				chunks_failed: 0,
				chunks_pending: session.totalChunks - session.reported.size,
				page_info: result.page_info,
				total_size: session.totalSize,
				uploaded_size: uploadedSize,
				created_at: env.clock.iso(session.createdAt),
				updated_at: env.clock.iso(session.updatedAt),
			});
		},
	},
	{
		method: 'POST',
		path: '/assets/multipart-uploads/{upload_id}/presigned-urls',
		errors: 'flat',
		async handle(ctx) {
			const session = findSession(ctx);
			const { env } = ctx;
			requireActive(env, session);
			const request = ctx.body as Obj;
			const start = Number(request.start);
			const count = Number(request.count);
			if (!(start >= 1 && start <= session.totalChunks)) {
				throw new ApiError(400, 'parameter_invalid', `The start parameter must be between 1 and ${session.totalChunks}.`);
			}
			if (!(count >= 1 && count <= MAX_URLS)) throw new ApiError(400, 'parameter_invalid', `The count parameter must be between 1 and ${MAX_URLS}.`);
			const actual = Math.min(count, session.totalChunks - start + 1);
			const urls = presignedUrls(env, session, start, actual);
			await ctx.reply.json(200, {
				upload_id: session.uploadId,
				start_index: start,
				count: actual,
				upload_urls: urls,
				generated_at: env.clock.iso(),
				expires_at: urls[0].expires_at,
			});
		},
	},
	{
		method: 'POST',
		path: '/assets/multipart-uploads/{upload_id}',
		errors: 'flat',
		async handle(ctx) {
			const session = findSession(ctx);
			const { env } = ctx;
			const chunks = (ctx.body as { completed_chunks: Obj[] }).completed_chunks;
			if (session.status !== 'completed') requireActive(env, session);
			for (const chunk of chunks) {
				const index = Number(chunk.chunk_index);
				if (!(index >= 1 && index <= session.totalChunks)) {
					throw new ApiError(400, 'parameter_invalid', `chunk_index ${index} is outside 1..${session.totalChunks}.`);
				}
				const receipt = session.received.get(index);
				if (!receipt) throw new ApiError(400, 'parameter_invalid', `Chunk ${index} has not been uploaded.`);
				const proof = String(chunk.proof).replace(/^"|"$/g, '');
				if (proof !== receipt.etag) throw new ApiError(400, 'parameter_invalid', `The proof of chunk ${index} does not match its ETag.`);
				if (Number(chunk.chunk_size) !== receipt.bytes) {
					throw new ApiError(
						400,
						'parameter_invalid',
						`chunk_size of chunk ${index} is ${String(chunk.chunk_size)}, but ${receipt.bytes} bytes were uploaded.`,
					);
				}
				const expected = expectedChunkBytes(session, index);
				if (receipt.bytes !== expected) {
					throw new ApiError(400, 'parameter_invalid', `Chunk ${index} has ${receipt.bytes} bytes; it must have ${expected}.`);
				}
			}
			let processed = 0;
			let duplicates = 0;
			const now = env.clock.now();
			for (const chunk of chunks) {
				const index = Number(chunk.chunk_index);
				if (session.reported.has(index)) {
					duplicates += 1;
					continue;
				}
				processed += 1;
				session.reported.set(index, { chunkSize: Number(chunk.chunk_size), proof: String(chunk.proof), reportedAt: now });
			}
			if (processed > 0) session.updatedAt = now;
			if (session.status === 'active' && session.reported.size === session.totalChunks) {
				session.status = 'completed';
				session.completedAt = now;
				const asset = env.state.assets.get(session.assetId);
				if (asset) asset.readyAt = now + env.state.assetProcessingMs;
			}
			const answer: Obj = {
				asset_id: session.assetId,
				processed_chunks: processed,
				duplicate_chunks: duplicates,
				total_completed: session.reported.size,
			};
			if (session.status === 'completed') answer.url = assetUrl(env, session);
			await ctx.reply.json(200, answer);
		},
	},
];
