/**
 * When to try a request again, and how long to wait first. Pure functions: no I/O, no clock
 * of their own, so the policy is tested without a server.
 */

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Server-requested waits longer than this are not waited for: the error is reported instead. */
	maxHonouredWaitMs: number;
	/** How long one request keeps waiting out 429s (retries not counted in maxRetries) before it fails. */
	maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 60_000,
	maxHonouredWaitMs: 120_000,
	maxRateLimitWaitMs: 300_000,
};

/**
 * `safe`: reading or deleting, and sync analysis, which creates nothing: any transient
 * failure may be retried.
 * `create`: the request creates something. Retried only when the server certainly did
 * not act on it (429, or the connection was refused before anything was sent).
 */
export type RetryMode = 'safe' | 'create';

export function isRetryableStatus(status: number, mode: RetryMode): boolean {
	if (status === 429) return true;
	if (mode === 'create') return false;
	return status === 408 || status >= 500;
}

/** Network error codes after which a request may have reached the server. */
const AMBIGUOUS_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ERR_BAD_RESPONSE',
	'UND_ERR_SOCKET',
]);
/** Network error codes that prove nothing was sent. */
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isRetryableNetworkError(code: string | undefined, mode: RetryMode): boolean {
	if (code === undefined) return false;
	if (UNSENT_NETWORK_CODES.has(code)) return code === 'ECONNREFUSED';
	return mode === 'safe' && AMBIGUOUS_NETWORK_CODES.has(code);
}

type HeaderBag = Record<string, unknown>;

/** A header's value, whatever the case of its name. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/**
 * The wait a server asked for, in ms, from `Retry-After` (seconds or HTTP date),
 * `retry-after-ms`, or a rate-limit reset header (epoch seconds, or seconds from now
 * when the number is small). Undefined when no header says anything usable.
 */
export function serverRequestedWaitMs(headers: HeaderBag, nowMs: number): number | undefined {
	const retryAfterMs = headerValue(headers, 'retry-after-ms');
	if (retryAfterMs !== undefined && /^\d+(\.\d+)?$/.test(retryAfterMs.trim())) {
		return Math.ceil(Number(retryAfterMs));
	}
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const trimmed = retryAfter.trim();
		if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
		const date = Date.parse(trimmed);
		if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
	}
	const resetAt = resetAtMsOf(headers, nowMs);
	if (resetAt !== undefined) return Math.max(0, resetAt - nowMs);
	return undefined;
}

/**
 * A rate-limit reset as epoch ms: the v1.2 documents say UTC epoch seconds (`X-Ratelimit-Reset`);
 * the format of v1.3's `X-RateLimit-Request-Reset` is not documented, so a number below a year of
 * seconds is read as seconds from now.
 */
export function resetAtMsOf(headers: HeaderBag, nowMs: number): number | undefined {
	for (const name of ['x-ratelimit-reset', 'x-ratelimit-request-reset']) {
		const value = headerValue(headers, name)?.trim();
		if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) continue;
		const seconds = Number(value);
		return Math.ceil(seconds > 31_536_000 ? seconds * 1000 : nowMs + seconds * 1000);
	}
	return undefined;
}

/** Capped exponential backoff with +-20 % jitter; `random` is in [0, 1). */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: number): number {
	const exponential = policy.baseDelayMs * 2 ** retryNumber;
	const jittered = exponential * (0.8 + 0.4 * random);
	return Math.round(Math.min(policy.maxDelayMs, jittered));
}

/**
 * The wait before retry number `retryNumber` (0-based), honouring what the server asked
 * for when it said; undefined when the server asked for more than the policy will wait.
 */
export function retryDelayMs(
	retryNumber: number,
	headers: HeaderBag,
	policy: RetryPolicy,
	nowMs: number,
	random: number,
): number | undefined {
	const requested = serverRequestedWaitMs(headers, nowMs);
	if (requested === undefined) return backoffDelayMs(retryNumber, policy, random);
	if (requested > policy.maxHonouredWaitMs) return undefined;
	// A small jitter keeps parallel items from retrying in the same millisecond.
	return requested + Math.round(random * Math.min(250, policy.baseDelayMs));
}
