import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AssetKind, AssetSettings } from '../requests/assetUpload';
import { cancelSignalOf } from '../transport/context';
import type { ByteStream } from '../transport/request';
import { apiRequest } from '../transport/request';
import type { BinarySource } from './binarySource';
import { ChunkReporter } from './chunkReporter';
import type { Chunk, ChunkSource } from './chunkSource';
import { bufferChunks, streamChunks } from './chunkSource';
import type { ChunkUploadContext } from './chunkUpload';
import { uploadChunk } from './chunkUpload';
import type { PresignedUrl } from './presignedUrls';
import { PresignedUrls } from './presignedUrls';
import { withUnfinishedAssetRemoved } from './unfinishedAsset';

interface UploadSessionCreated {
	upload_id: string;
	asset_id: string;
	upload_urls?: PresignedUrl[];
	upload_headers?: Record<string, string>;
	chunk_size: number;
	total_chunks: number;
	expires_at?: string;
}

interface UploadSessionStatus {
	upload_id?: string;
	status?: string;
	chunks_completed?: number;
	chunks_failed?: number;
	chunks_pending?: number;
	uploaded_chunks?: Array<{ index?: number; status?: string; error?: string }>;
}

/** Bytes read from the binary store at a time while filling a chunk. */
const READ_SIZE = 1024 * 1024;

export interface MultipartUploadResult {
	asset: IDataObject;
	uploadId: string;
}

/** The file, opened for reading: a stream from n8n's binary store, or the bytes held in memory. */
type OpenedFile = { stream: ByteStream } | { buffer: Buffer };

async function openFile(source: BinarySource): Promise<OpenedFile> {
	if (!source.openStream) return { buffer: await source.readBuffer() };
	try {
		return { stream: await source.openStream(READ_SIZE) };
	} catch (error) {
		throw source.readFailed(0, error);
	}
}

function closeFile(file: OpenedFile): void {
	if ('stream' in file) (file.stream as { destroy?: () => void }).destroy?.();
}

/**
 * TwelveLabs' multipart upload: create a session, PUT each chunk of the server's `chunk_size`
 * to its presigned URL (`concurrency` at a time, each retried), report the chunks in
 * batches, then check that the session completed. The file is read in order, and at most
 * `concurrency` chunks are in memory at any time. The session creates its asset up front:
 * when the upload fails after that, the unfinished asset is deleted.
 */
export async function uploadMultipart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: BinarySource,
	file: { fileName: string; kind: AssetKind; settings: AssetSettings; concurrency: number },
): Promise<MultipartUploadResult> {
	const { settings } = file;
	const body: IDataObject = { filename: file.fileName, type: file.kind, total_size: source.size };
	if (settings.enableHls !== undefined) body.enable_hls = settings.enableHls;
	if (settings.enableThumbnail !== undefined) body.enable_thumbnail = settings.enableThumbnail;
	if (settings.userMetadata && Object.keys(settings.userMetadata).length > 0) body.user_metadata = settings.userMetadata;

	// Opened before the session, so that a store that cannot hand the file over leaves nothing
	// behind at TwelveLabs.
	const opened = await openFile(source);
	let session: UploadSessionCreated | undefined;
	try {
		session = await apiRequest<UploadSessionCreated>(ctx, {
			method: 'POST',
			path: '/assets/multipart-uploads',
			body,
			itemIndex,
		});
	} finally {
		if (session === undefined) closeFile(opened);
	}
	try {
		await sendChunks(ctx, itemIndex, source, session, opened, file.concurrency);
	} catch (error) {
		throw await withUnfinishedAssetRemoved(ctx, itemIndex, session.asset_id, error);
	}
	const asset = await apiRequest(ctx, {
		method: 'GET',
		path: `/assets/${encodeURIComponent(session.asset_id)}`,
		itemIndex,
	});
	return { asset, uploadId: session.upload_id };
}

/** Every chunk up and reported, and the session seen complete; else throws. */
async function sendChunks(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: BinarySource,
	session: UploadSessionCreated,
	opened: OpenedFile,
	concurrencyOption: number,
): Promise<void> {
	const node = ctx.getNode();
	const signal = cancelSignalOf(ctx);
	const chunkSize = Number(session.chunk_size);
	const totalChunks = Math.ceil(source.size / chunkSize);
	if (!(chunkSize > 0) || Number(session.total_chunks) !== totalChunks) {
		closeFile(opened);
		throw new NodeOperationError(node, 'TwelveLabs answered the upload session with an unusable chunk plan', {
			itemIndex,
			description: `chunk_size ${String(session.chunk_size)} and total_chunks ${String(session.total_chunks)} do not fit a file of ${source.size} bytes.`,
		});
	}
	const uploadId = session.upload_id;

	const assertSessionActive = async () => {
		const state = await readSession(ctx, uploadId, itemIndex);
		if (state.status !== 'active') throw sessionEnded(ctx, itemIndex, uploadId, state);
	};
	const upload: ChunkUploadContext = {
		ctx,
		itemIndex,
		uploadId,
		totalChunks,
		urls: new PresignedUrls(ctx, { uploadId, totalChunks, itemIndex }, session.upload_urls),
		uploadHeaders: { ...(session.upload_headers ?? {}) },
		assertSessionActive,
	};
	const reporter = new ChunkReporter(ctx, uploadId, itemIndex);

	const concurrency = Math.max(1, Math.floor(concurrencyOption));
	const shortFile = (read: number) =>
		new NodeOperationError(node, `The binary file ended after ${read} of ${source.size} bytes`, {
			itemIndex,
			description: 'The file changed while it was uploaded. Run the node again.',
		});
	const chunks: ChunkSource =
		'stream' in opened
			? streamChunks(opened.stream, chunkSize, concurrency, { shortFile, readFailed: source.readFailed })
			: bufferChunks(opened.buffer, chunkSize, concurrency);

	const inFlight = new Set<Promise<void>>();
	let failure: unknown;
	const send = async (chunk: Chunk) => {
		try {
			const proof = await uploadChunk(upload, chunk);
			reporter.add({ chunk_index: chunk.index, proof, proof_type: 'etag', chunk_size: chunk.data.length });
		} finally {
			chunk.release();
		}
	};
	try {
		for (let index = 1; index <= totalChunks; index++) {
			const length = index < totalChunks ? chunkSize : source.size - (totalChunks - 1) * chunkSize;
			// Waits here while `concurrency` chunks are still uploading.
			const chunk = await chunks.next(index, length);
			failure ??= reporter.failure;
			if (failure !== undefined || signal?.aborted) {
				chunk.release();
				break;
			}
			const task = send(chunk).then(
				() => undefined,
				(error: unknown) => {
					failure ??= error;
				},
			);
			inFlight.add(task);
			void task.finally(() => inFlight.delete(task));
		}
	} catch (error) {
		failure ??= error;
	}
	await Promise.all(inFlight);
	await chunks.close();
	if (failure === undefined && !signal?.aborted) {
		try {
			await reporter.finish();
		} catch (error) {
			failure = error;
		}
	}
	if (signal?.aborted) {
		throw new NodeOperationError(node, 'The execution was stopped during the upload', { itemIndex });
	}
	if (failure !== undefined) throw failure;

	const state = await readSession(ctx, uploadId, itemIndex);
	const received =
		state.status === 'completed' ||
		(state.status === 'active' && state.chunks_pending === 0 && state.chunks_completed === totalChunks);
	if (!received) throw sessionEnded(ctx, itemIndex, uploadId, state);
}

async function readSession(ctx: IExecuteFunctions, uploadId: string, itemIndex: number): Promise<UploadSessionStatus> {
	return await apiRequest<UploadSessionStatus>(ctx, {
		method: 'GET',
		path: `/assets/multipart-uploads/${encodeURIComponent(uploadId)}`,
		qs: { page_limit: 50 },
		itemIndex,
	});
}

function sessionEnded(ctx: IExecuteFunctions, itemIndex: number, uploadId: string, state: UploadSessionStatus): NodeOperationError {
	const status = state.status ?? 'unknown';
	const failedChunks = (state.uploaded_chunks ?? []).filter((chunk) => chunk.status === 'failed');
	const details = failedChunks
		.slice(0, 5)
		.map((chunk) => `chunk ${String(chunk.index)}${chunk.error ? `: ${chunk.error}` : ''}`)
		.join('; ');
	const problem =
		status === 'failed'
			? 'TwelveLabs marked the upload as failed'
			: status === 'expired'
				? 'the upload session expired (sessions last 24 hours)'
				: `the upload is ${status}, with ${String(state.chunks_pending ?? '?')} chunks still pending`;
	return new NodeOperationError(ctx.getNode(), `The upload did not complete: ${problem}`, {
		itemIndex,
		description: `Upload session ${uploadId}${state.chunks_failed ? `, ${state.chunks_failed} failed chunks` : ''}${
			details ? ` (${details})` : ''
		}. A session cannot be resumed: run the node again to start a new upload.`,
	});
}
