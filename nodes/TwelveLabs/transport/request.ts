import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseErrorBody, redact, twelveLabsApiError } from './apiError';
import type { TwelveLabsContext } from './context';
import { CREDENTIAL_TYPE, cancelSignalOf } from './context';
import type { RetryMode, RetryPolicy } from './retryPolicy';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	retryDelayMs,
	serverRequestedWaitMs,
} from './retryPolicy';

/** A readable byte stream (n8n's binary streams, response bodies), typed without importing node:stream. */
export interface ByteStream extends AsyncIterable<Buffer> {
	pipe: (...args: never[]) => unknown;
}

export interface TwelveLabsRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, e.g. `/assets/123`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | Buffer | ByteStream;
	headers?: IDataObject;
	/** Defaults to `create` for POST and `safe` for every other method. */
	retry?: RetryMode;
	timeoutMs?: number;
	itemIndex?: number;
	/** Explains an API error in the user's terms, e.g. what a 409 means for this call. */
	explain?: (status: number, code: string | undefined) => string | undefined;
	policy?: RetryPolicy;
}

interface TwelveLabsCredentials {
	apiKey: string;
	baseUrl: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A 429 anywhere in a node's run pauses every request of that run until the server's
 * window passes, so parallel items slow down together instead of each burning retries.
 */
const pausedUntilByContext = new WeakMap<object, number>();

async function waitForRateWindow(ctx: TwelveLabsContext, signal: AbortSignal | undefined) {
	const until = pausedUntilByContext.get(ctx);
	if (until === undefined) return;
	const wait = until - Date.now();
	if (wait > 0) await sleep(wait, signal);
}

function notePause(ctx: TwelveLabsContext, waitMs: number) {
	const until = Date.now() + waitMs;
	if ((pausedUntilByContext.get(ctx) ?? 0) < until) pausedUntilByContext.set(ctx, until);
}

async function readCredentials(ctx: TwelveLabsContext, itemIndex: number | undefined) {
	const credentials = await ctx.getCredentials<TwelveLabsCredentials>(CREDENTIAL_TYPE, itemIndex);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Base URL of the TwelveLabs credential is not an http(s) URL: "${baseUrl}"`,
			{
				description: 'Open the credential and set Base URL to https://api.twelvelabs.io/v1.3 (or your proxy).',
				itemIndex,
			},
		);
	}
	return { baseUrl, apiKey: String(credentials.apiKey ?? '') };
}

function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function isStream(body: unknown): body is ByteStream {
	return typeof body === 'object' && body !== null && typeof (body as ByteStream).pipe === 'function';
}

async function readAll(stream: ByteStream): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const chunk of stream) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(parts);
}

/**
 * Sends one TwelveLabs API call with the credential, retrying transient failures by the
 * policy, and returns the 2xx response. Every other outcome throws a NodeApiError that
 * carries TwelveLabs' code and message.
 */
async function send(
	ctx: TwelveLabsContext,
	request: TwelveLabsRequest,
	encoding: 'json' | 'stream',
): Promise<IN8nHttpFullResponse> {
	const { baseUrl, apiKey } = await readCredentials(ctx, request.itemIndex);
	const policy = request.policy ?? DEFAULT_RETRY_POLICY;
	const mode: RetryMode = request.retry ?? (request.method === 'POST' ? 'create' : 'safe');
	const retriable = !isStream(request.body);
	const signal = cancelSignalOf(ctx);
	const route = `${request.method} ${request.path}`;
	const node = ctx.getNode();

	for (let attempt = 0; ; attempt++) {
		await waitForRateWindow(ctx, signal);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			qs: request.qs,
			arrayFormat: 'repeat',
			headers: { accept: 'application/json', ...request.headers },
			body: request.body as IHttpRequestOptions['body'],
			json: !Buffer.isBuffer(request.body) && !isStream(request.body),
			encoding,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			// Following redirects keeps a copy of everything written (to replay it); a streamed
			// upload would then sit whole in memory, and could not be replayed anyway.
			...(isStream(request.body) ? { disableFollowRedirect: true } : {}),
		};

		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			if (signal?.aborted) {
				throw new NodeOperationError(node, 'The execution was stopped before TwelveLabs answered', {
					itemIndex: request.itemIndex,
				});
			}
			const code = networkErrorCode(error);
			if (retriable && attempt < policy.maxRetries && isRetryableNetworkError(code, mode)) {
				await sleep(retryDelayMs(attempt, {}, policy, Date.now(), Math.random()) ?? 0, signal);
				continue;
			}
			const raw = error instanceof Error ? error.message : String(error);
			throw new NodeApiError(
				node,
				{ message: redact(raw, [apiKey]), ...(code ? { code } : {}) },
				{
					message: `TwelveLabs could not be reached: ${redact(raw, [apiKey])}`,
					description: `${route} failed before an answer arrived${code ? ` (${code})` : ''}.${
						mode === 'create' ? ' It was not retried, because the request may have created something: check before running it again.' : ''
					}`,
					itemIndex: request.itemIndex,
					failure: { cause: 'temporarily-unavailable' },
				},
			);
		}

		const status = response.statusCode;
		if (status >= 200 && status < 300) return response;

		const body = encoding === 'stream' && isStream(response.body) ? await readAll(response.body) : response.body;
		const headers = (response.headers ?? {}) as Record<string, unknown>;
		if (retriable && attempt < policy.maxRetries && isRetryableStatus(status, mode)) {
			const delay = retryDelayMs(attempt, headers, policy, Date.now(), Math.random());
			if (delay !== undefined) {
				if (status === 429) notePause(ctx, delay);
				await sleep(delay, signal);
				continue;
			}
		}
		throw twelveLabsApiError(node, {
			status,
			body,
			route,
			itemIndex: request.itemIndex,
			retryAfterMs: serverRequestedWaitMs(headers, Date.now()),
			hint: request.explain?.(status, parseErrorBody(body).code),
			secrets: [apiKey],
		});
	}
}

/** A TwelveLabs call answered with JSON (or nothing). */
export async function apiRequest<T = IDataObject>(ctx: TwelveLabsContext, request: TwelveLabsRequest): Promise<T> {
	const response = await send(ctx, request, 'json');
	return response.body as T;
}

/** A TwelveLabs call whose 2xx answer is read as a stream (NDJSON analysis). */
export async function apiStreamRequest(ctx: TwelveLabsContext, request: TwelveLabsRequest): Promise<ByteStream> {
	const response = await send(ctx, request, 'stream');
	return response.body as ByteStream;
}
