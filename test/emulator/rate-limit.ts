/**
 * The optional account rate limit: a fixed window of `windowMs` real milliseconds, counting the
 * authenticated /v1.3 requests it accepts. Real time (not the emulated clock), because clients
 * wait for it in real time. A window starts at the whole second of the first request after the
 * previous one ended, so its end is a whole epoch second, as `X-Ratelimit-Reset` states it.
 */
import type { RateLimitHeaderStyle, RateLimitOptions, RouteStats, RecordedRequest } from './types';

export interface ResolvedRateLimit {
	requests: number;
	windowMs: number;
	headers: RateLimitHeaderStyle;
	retryAfter: boolean;
}

const HEADER_STYLES = new Set<RateLimitHeaderStyle>(['v1.2', 'v1.3', 'both', 'none']);

export function resolveRateLimit(options: RateLimitOptions | undefined): ResolvedRateLimit | undefined {
	if (!options) return undefined;
	const resolved: ResolvedRateLimit = {
		requests: options.requests,
		windowMs: options.windowMs ?? 60_000,
		headers: options.headers ?? 'v1.2',
		retryAfter: options.retryAfter ?? false,
	};
	if (!(Number.isInteger(resolved.requests) && resolved.requests > 0)) throw new RangeError('rateLimit.requests must be a positive integer');
	if (!(Number.isInteger(resolved.windowMs) && resolved.windowMs >= 1000 && resolved.windowMs % 1000 === 0)) {
		throw new RangeError('rateLimit.windowMs must be a whole number of seconds (a multiple of 1000, >= 1000)');
	}
	if (!HEADER_STYLES.has(resolved.headers)) throw new RangeError(`rateLimit.headers must be one of ${[...HEADER_STYLES].join(', ')}`);
	return resolved;
}

export interface Admission {
	limited: boolean;
	/** Rate-limit headers for this answer (every answer carries them, in the configured spelling). */
	headers: Record<string, string>;
}

export class AccountRateLimit {
	private windowEndMs = 0;
	private used = 0;

	constructor(private readonly options: ResolvedRateLimit) {}

	/** Counts one request (when there is room) and says whether it must be answered 429. */
	admit(nowMs: number): Admission {
		if (nowMs >= this.windowEndMs) {
			this.windowEndMs = Math.floor(nowMs / 1000) * 1000 + this.options.windowMs;
			this.used = 0;
		}
		const limited = this.used >= this.options.requests;
		if (!limited) this.used++;
		return { limited, headers: this.headers(nowMs, limited) };
	}

	reset(): void {
		this.windowEndMs = 0;
		this.used = 0;
	}

	private headers(nowMs: number, limited: boolean): Record<string, string> {
		const { requests, headers: style } = this.options;
		const remaining = String(requests - this.used);
		const out: Record<string, string> = {};
		if (style === 'v1.2' || style === 'both') {
			out['X-Ratelimit-Limit'] = String(requests);
			out['X-Ratelimit-Remaining'] = remaining;
			out['X-Ratelimit-Used'] = String(this.used);
			out['X-Ratelimit-Reset'] = String(this.windowEndMs / 1000);
		}
		if (style === 'v1.3' || style === 'both') {
			out['X-RateLimit-Request-Remaining'] = remaining;
			out['X-RateLimit-Request-Reset'] = ((this.windowEndMs - nowMs) / 1000).toFixed(3);
		}
		if (limited && this.options.retryAfter) out['Retry-After'] = String(Math.ceil((this.windowEndMs - nowMs) / 1000));
		return out;
	}
}

/** What TwelveLabs would run for a body: the body itself, keys sorted, without `stream` (how, not what). */
function analysisKey(body: unknown): string {
	const sorted = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(sorted);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
			);
		}
		return value;
	};
	const { stream: _how, ...what } = (body && typeof body === 'object' ? body : { value: body }) as Record<string, unknown>;
	return JSON.stringify(sorted(what));
}

/** Counts per route (`METHOD /template`) from the recorded requests. */
export function routeStats(requests: readonly RecordedRequest[]): Record<string, RouteStats> {
	const stats: Record<string, RouteStats> = {};
	const sent = new Map<string, Map<string, number>>();
	const accepted = new Map<string, Map<string, number>>();
	const bump = (table: Map<string, Map<string, number>>, route: string, key: string): number => {
		const counts = table.get(route) ?? new Map<string, number>();
		table.set(route, counts);
		const count = (counts.get(key) ?? 0) + 1;
		counts.set(key, count);
		return count;
	};
	for (const request of requests) {
		const route = `${request.method} ${request.route ?? request.path}`;
		const entry = (stats[route] ??= { requests: 0, rateLimited: 0, sentMoreThanOnce: 0, acceptedMoreThanOnce: 0 });
		entry.requests++;
		if (request.status === 429) entry.rateLimited++;
		if (request.body === undefined) continue;
		const key = analysisKey(request.body);
		if (bump(sent, route, key) === 2) entry.sentMoreThanOnce++;
		if (request.status >= 200 && request.status < 300 && bump(accepted, route, key) === 2) entry.acceptedMoreThanOnce++;
	}
	return stats;
}
