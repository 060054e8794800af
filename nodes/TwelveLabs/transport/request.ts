import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseErrorBody, redact, twelveLabsApiError } from './apiError';
import type { TwelveLabsContext } from './context';
import { CREDENTIAL_TYPE, cancelSignalOf } from './context';
import { type RateLimiter, describeRateLimit, rateLimiterFor, readRateLimitHint } from './rateLimit';
import type { RetryMode, RetryPolicy } from './retryPolicy';
import {
	DEFAULT_RETRY_POLICY,
	backoffDelayMs,
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

interface SendContext {
	ctx: TwelveLabsContext;
	request: TwelveLabsRequest;
	policy: RetryPolicy;
	limiter: RateLimiter;
	signal: AbortSignal | undefined;
	route: string;
	apiKey: string;
}

/** A 429 error that names the limit and says what to do. */
function rateLimitError(send: SendContext, body: unknown, hint: string): NodeApiError {
	return twelveLabsApiError(send.ctx.getNode(), {
		status: 429,
		body,
		route: send.route,
		itemIndex: send.request.itemIndex,
		retryAfterMs: send.limiter.lastHint?.resetAtMs !== undefined ? Math.max(0, send.limiter.lastHint.resetAtMs - Date.now()) : undefined,
		hint: `${hint} (${describeRateLimit(send.limiter.lastHint)}). Run the workflow again later, lower the items sent at once, or ask TwelveLabs for a higher limit.`,
		secrets: [send.apiKey],
	});
}

/** Waits until the account's rate limit lets one more request go; returns its ticket. */
async function takeTurn(send: SendContext): Promise<number> {
	const { limiter, policy, signal } = send;
	for (;;) {
		const turn = limiter.take(Date.now());
		if ('ticket' in turn) return turn.ticket;
		if (turn.waitMs > policy.maxHonouredWaitMs) {
			throw rateLimitError(
				send,
				'',
				`The TwelveLabs rate limit is used up for ${Math.ceil(turn.waitMs / 1000)} s, longer than the ${policy.maxHonouredWaitMs / 1000} s the node waits`,
			);
		}
		try {
			await sleep(turn.waitMs, signal);
		} catch {
			// sleep only rejects when the execution is stopped.
			throw new NodeOperationError(send.ctx.getNode(), "The execution was stopped while waiting for TwelveLabs' rate limit", {
				itemIndex: send.request.itemIndex,
			});
		}
	}
}

/**
 * Sends one TwelveLabs API call with the credential, paced by the account's rate limit and
 * retrying transient failures by the policy, and returns the 2xx response. Every other outcome
 * throws a NodeApiError that carries TwelveLabs' code and message.
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
	const limiter = rateLimiterFor(baseUrl, apiKey);
	const sending: SendContext = { ctx, request, policy, limiter, signal, route, apiKey };
	let retries = 0;
	let rateLimitRetries = 0;
	let firstRateLimitAtMs: number | undefined;

	for (;;) {
		const ticket = await takeTurn(sending);
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
			limiter.settle(ticket, undefined, Date.now());
			if (signal?.aborted) {
				throw new NodeOperationError(node, 'The execution was stopped before TwelveLabs answered', {
					itemIndex: request.itemIndex,
				});
			}
			const code = networkErrorCode(error);
			if (retriable && retries < policy.maxRetries && isRetryableNetworkError(code, mode)) {
				await sleep(retryDelayMs(retries++, {}, policy, Date.now(), Math.random()) ?? 0, signal);
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

		const headers = (response.headers ?? {}) as Record<string, unknown>;
		const now = Date.now();
		limiter.settle(ticket, readRateLimitHint(headers, now), now);
		const status = response.statusCode;
		if (status >= 200 && status < 300) return response;

		const body = encoding === 'stream' && isStream(response.body) ? await readAll(response.body) : response.body;
		if (status === 429 && retriable) {
			// Nothing was done, so any request may wait out the limit: until its reset (or
			// Retry-After) when TwelveLabs says, with backoff when it does not, for every item alike.
			const requested = serverRequestedWaitMs(headers, now);
			if (requested !== undefined && requested > policy.maxHonouredWaitMs) {
				throw rateLimitError(sending, body, `TwelveLabs asked to wait ${Math.ceil(requested / 1000)} s, longer than the ${policy.maxHonouredWaitMs / 1000} s the node waits`);
			}
			const delay =
				requested !== undefined
					? requested + Math.round(Math.random() * Math.min(250, policy.baseDelayMs))
					: backoffDelayMs(rateLimitRetries, policy, Math.random());
			firstRateLimitAtMs ??= now;
			if (now + delay - firstRateLimitAtMs > policy.maxRateLimitWaitMs) {
				throw rateLimitError(sending, body, `TwelveLabs kept answering 429 Too Many Requests for ${Math.round((now - firstRateLimitAtMs) / 1000)} s`);
			}
			rateLimitRetries++;
			limiter.pause(now + delay);
			continue;
		}
		if (retriable && retries < policy.maxRetries && isRetryableStatus(status, mode)) {
			const delay = retryDelayMs(retries, headers, policy, now, Math.random());
			if (delay !== undefined) {
				retries++;
				await sleep(delay, signal);
				continue;
			}
		}
		throw twelveLabsApiError(node, {
			status,
			body,
			route,
			itemIndex: request.itemIndex,
			retryAfterMs: serverRequestedWaitMs(headers, now),
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
