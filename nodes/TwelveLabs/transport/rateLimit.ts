/**
 * Pacing by TwelveLabs' rate-limit headers. One limiter per credential (base URL + API key) for
 * the whole process, so every item, every parallel item and every execution that uses the same
 * account in this process takes its turn from the same budget. Pure: no I/O, no clock of its own;
 * the transport waits.
 */
import { headerValue, resetAtMsOf } from './retryPolicy';

/** What a response said about the rate limit. Every field is optional: TwelveLabs may send none. */
export interface RateLimitHint {
	/** Requests per window (`X-Ratelimit-Limit`). */
	limit?: number;
	/** Requests left in the window (`X-Ratelimit-Remaining`, `X-RateLimit-Request-Remaining`). */
	remaining?: number;
	/** When the window resets, epoch ms (`X-Ratelimit-Reset`, `X-RateLimit-Request-Reset`). */
	resetAtMs?: number;
}

type HeaderBag = Record<string, unknown>;

function count(headers: HeaderBag, names: string[]): number | undefined {
	for (const name of names) {
		const value = headerValue(headers, name)?.trim();
		if (value !== undefined && /^\d+$/.test(value)) return Number(value);
	}
	return undefined;
}

/** Reads both spellings of the rate-limit headers, case-insensitively; undefined when none is there. */
export function readRateLimitHint(headers: HeaderBag, nowMs: number): RateLimitHint | undefined {
	const hint: RateLimitHint = {
		limit: count(headers, ['x-ratelimit-limit', 'x-ratelimit-request-limit']),
		remaining: count(headers, ['x-ratelimit-remaining', 'x-ratelimit-request-remaining']),
		resetAtMs: resetAtMsOf(headers, nowMs),
	};
	return Object.values(hint).some((value) => value !== undefined) ? hint : undefined;
}

/** The limit in words, for errors: "10 requests per window, 0 left, resets at 12:00:05 UTC". */
export function describeRateLimit(hint: RateLimitHint | undefined): string {
	if (!hint) return 'TwelveLabs sent no rate-limit headers';
	const parts = [
		hint.limit !== undefined ? `${hint.limit} request${hint.limit === 1 ? '' : 's'} per window` : undefined,
		hint.remaining !== undefined ? `${hint.remaining} left` : undefined,
		hint.resetAtMs !== undefined ? `resets at ${new Date(hint.resetAtMs).toISOString().slice(11, 19)} UTC` : undefined,
	];
	return parts.filter((part): part is string => part !== undefined).join(', ');
}

/** Two resets this close are the same window (the relative spelling moves with the clock). */
const SAME_WINDOW_MS = 250;
/** How often to look again when the budget is spent and only answers in flight can say when it refills. */
const ANSWER_POLL_MS = 50;

export type Turn = { ticket: number } | { waitMs: number };

export class RateLimiter {
	private nextTicket = 0;
	/** Requests sent whose answer (headers) has not arrived, by ticket (send order). */
	private readonly inFlight = new Set<number>();
	/** Requests this process may still send in the current window; undefined: unknown, no limit known. */
	private remaining: number | undefined;
	private resetAtMs: number | undefined;
	/** Requests per window: the header, or the most a response showed (remaining + 1). */
	private windowLimit: number | undefined;
	private pausedUntilMs = 0;
	/** The last hint received, to name the limit in errors. */
	lastHint: RateLimitHint | undefined;

	/** A ticket to send now, or how long to wait before asking again. */
	take(nowMs: number): Turn {
		if (this.pausedUntilMs > nowMs) return { waitMs: this.pausedUntilMs - nowMs };
		if (this.resetAtMs !== undefined && nowMs >= this.resetAtMs) {
			// A new window: assume the budget of the last one until its answers say otherwise.
			this.remaining = this.windowLimit;
			this.resetAtMs = undefined;
		}
		if (this.remaining !== undefined && this.remaining <= 0) {
			if (this.resetAtMs !== undefined) return { waitMs: this.resetAtMs - nowMs };
			if (this.inFlight.size > 0) return { waitMs: ANSWER_POLL_MS };
			this.remaining = undefined;
		}
		if (this.remaining !== undefined) this.remaining--;
		const ticket = this.nextTicket++;
		this.inFlight.add(ticket);
		return { ticket };
	}

	/** The answer to `ticket` arrived (its hint, if any), or the request failed without one. */
	settle(ticket: number, hint: RateLimitHint | undefined, nowMs: number): void {
		this.inFlight.delete(ticket);
		if (!hint) return;
		this.lastHint = hint;
		if (hint.limit !== undefined) this.windowLimit = hint.limit;
		else if (hint.remaining !== undefined) this.windowLimit = Math.max(this.windowLimit ?? 0, hint.remaining + 1);
		if (hint.remaining === undefined) return;
		// The server counted this request when it arrived; those sent after it are not in its figure.
		let sentLater = 0;
		for (const other of this.inFlight) if (other > ticket) sentLater++;
		const left = Math.max(0, hint.remaining - sentLater);
		const reset = hint.resetAtMs;
		if (reset === undefined) {
			this.remaining = Math.min(this.remaining ?? Infinity, left);
			return;
		}
		if (reset <= nowMs) return; // about a window that is already over
		if (this.resetAtMs === undefined || reset > this.resetAtMs + SAME_WINDOW_MS) {
			// A later window than the one known: its figure replaces the old window's count.
			this.remaining = this.resetAtMs === undefined ? Math.min(this.remaining ?? Infinity, left) : left;
			this.resetAtMs = reset;
		} else if (reset >= this.resetAtMs - SAME_WINDOW_MS) {
			this.remaining = Math.min(this.remaining ?? Infinity, left);
		}
	}

	/** Holds every request of this credential until `untilMs` (after a 429). */
	pause(untilMs: number): void {
		this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
	}
}

/** A short, non-reversible fingerprint of the API key: the key itself is never kept. */
function fingerprint(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ code, 2654435761);
		h2 = Math.imul(h2 ^ code, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const limiters = new Map<string, RateLimiter>();

/** The process-wide limiter of one TwelveLabs account (credential). */
export function rateLimiterFor(baseUrl: string, apiKey: string): RateLimiter {
	const key = `${baseUrl} ${fingerprint(apiKey)}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter();
		limiters.set(key, limiter);
	}
	return limiter;
}
