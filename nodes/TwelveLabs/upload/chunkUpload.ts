import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { cancelSignalOf } from '../transport/context';
import type { RetryPolicy } from '../transport/retryPolicy';
import { retryDelayMs } from '../transport/retryPolicy';
import type { Chunk } from './chunkSource';
import type { PresignedUrls } from './presignedUrls';

/** Per chunk: 3 retries after a failed PUT (as TwelveLabs' SDKs do), backing off from 0.5 s. */
const CHUNK_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 20_000, maxHonouredWaitMs: 60_000, maxRateLimitWaitMs: 120_000 };
/** Per chunk: fresh URLs asked for after a 403 (expired or spent URL). */
const MAX_URL_REFRESHES = 3;
/** Idle time allowed on the socket of one chunk PUT (the SDKs allow 5 minutes). */
const CHUNK_TIMEOUT_MS = 5 * 60_000;

export interface ChunkUploadContext {
	ctx: IExecuteFunctions;
	itemIndex: number;
	uploadId: string;
	totalChunks: number;
	urls: PresignedUrls;
	/** Sent on every PUT when the session names them. */
	uploadHeaders: Record<string, string>;
	/** Throws a clear error when the session is no longer active (a 403 may mean that). */
	assertSessionActive: () => Promise<void>;
}

function headerValue(headers: object | undefined, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** S3-style error bodies are XML: `<Code>` and `<Message>` say what went wrong. */
function storageError(body: unknown): string {
	const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
	const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	if (code || message) return [code, message].filter(Boolean).join(': ');
	return text.trim().slice(0, 200);
}

function networkCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return error instanceof Error ? error.message : String(error);
}

/**
 * PUTs one chunk to its presigned URL (no API key: the URL carries the authorisation) and
 * returns the ETag that proves it arrived. A failed PUT is retried with backoff; a refused
 * URL (403) is replaced by a fresh one, once the session is known to be still active.
 */
export async function uploadChunk(upload: ChunkUploadContext, chunk: Chunk): Promise<string> {
	const { ctx, itemIndex } = upload;
	const signal = cancelSignalOf(ctx);
	const hasContentType = Object.keys(upload.uploadHeaders).some((name) => name.toLowerCase() === 'content-type');
	const headers = { ...(hasContentType ? {} : { 'content-type': 'application/octet-stream' }), ...upload.uploadHeaders };
	let failures = 0;
	let refreshes = 0;

	for (;;) {
		const url = await upload.urls.urlFor(chunk.index);
		let response: IN8nHttpFullResponse | undefined;
		let networkError: unknown;
		try {
			response = (await ctx.helpers.httpRequest({
				method: 'PUT',
				url,
				body: chunk.data,
				headers,
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: CHUNK_TIMEOUT_MS,
				abortSignal: signal,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			networkError = error;
		}
		if (signal?.aborted) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was stopped during the upload', { itemIndex });
		}

		const status = response?.statusCode;
		if (status !== undefined && status >= 200 && status < 300) {
			const etag = headerValue(response?.headers, 'etag')?.replace(/^(W\/)?"|"$/g, '');
			if (!etag) {
				throw new NodeOperationError(ctx.getNode(), `Chunk ${chunk.index} was uploaded, but the storage gave no ETag to prove it`, {
					itemIndex,
					description: `Upload session ${upload.uploadId}. Without an ETag TwelveLabs cannot accept the chunk; if a proxy sits between n8n and the storage, check that it passes the ETag header through.`,
				});
			}
			upload.urls.used(chunk.index);
			return etag;
		}
		if (status === 403 && refreshes < MAX_URL_REFRESHES) {
			refreshes++;
			await upload.assertSessionActive();
			upload.urls.refused(chunk.index, url);
			continue;
		}
		const retryable = status === undefined || status === 408 || status === 429 || status >= 500;
		if (retryable && failures < CHUNK_RETRY_POLICY.maxRetries) {
			const delay =
				retryDelayMs(failures, (response?.headers ?? {}) as Record<string, unknown>, CHUNK_RETRY_POLICY, Date.now(), Math.random()) ??
				CHUNK_RETRY_POLICY.maxDelayMs;
			failures++;
			await sleep(delay, signal);
			continue;
		}
		const reason =
			status === undefined
				? `the connection failed (${networkCode(networkError)})`
				: `the storage answered ${status}${storageError(response?.body) ? ` (${storageError(response?.body)})` : ''}`;
		throw new NodeOperationError(ctx.getNode(), `Chunk ${chunk.index} of ${upload.totalChunks} could not be uploaded: ${reason}`, {
			itemIndex,
			description: `Tried ${failures + refreshes + 1} times. Upload session ${upload.uploadId} stays open for 24 hours but cannot be resumed by this node: run it again to start a new upload.`,
		});
	}
}
