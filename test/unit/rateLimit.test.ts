import { RateLimiter, describeRateLimit, readRateLimitHint } from '../../nodes/TwelveLabs/transport/rateLimit';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function ticket(limiter: RateLimiter, now = NOW): number {
	const turn = limiter.take(now);
	if (!('ticket' in turn)) throw new Error(`expected a ticket, was told to wait ${turn.waitMs} ms`);
	return turn.ticket;
}

describe('reading the rate-limit headers', () => {
	it('reads the v1.2 spelling (reset in epoch seconds), case-insensitively', () => {
		expect(
			readRateLimitHint({ 'X-Ratelimit-Limit': '60', 'x-ratelimit-remaining': '12', 'X-RATELIMIT-RESET': String(NOW / 1000 + 30) }, NOW),
		).toEqual({ limit: 60, remaining: 12, resetAtMs: NOW + 30_000 });
	});

	it('reads the v1.3 spelling (reset read as seconds from now when it is small)', () => {
		expect(readRateLimitHint({ 'x-ratelimit-request-remaining': '0', 'x-ratelimit-request-reset': '1.25' }, NOW)).toEqual({
			limit: undefined,
			remaining: 0,
			resetAtMs: NOW + 1250,
		});
	});

	it('is undefined when no header says anything usable', () => {
		expect(readRateLimitHint({}, NOW)).toBeUndefined();
		expect(readRateLimitHint({ 'x-ratelimit-remaining': 'many' }, NOW)).toBeUndefined();
		expect(describeRateLimit(undefined)).toBe('TwelveLabs sent no rate-limit headers');
	});
});

describe('the limiter', () => {
	it('lets requests go freely until a response tells the budget', () => {
		const limiter = new RateLimiter();
		for (let i = 0; i < 10; i++) ticket(limiter);
	});

	it('does not count twice the requests sent after the one whose answer reports the budget', () => {
		const limiter = new RateLimiter();
		const first = ticket(limiter);
		for (let i = 0; i < 4; i++) ticket(limiter); // in flight, sent after `first`
		limiter.settle(first, { limit: 10, remaining: 9, resetAtMs: NOW + 1000 }, NOW);
		// 9 left by the server's count, 4 of them already used by requests in flight: 5 more may go.
		for (let i = 0; i < 5; i++) ticket(limiter);
		expect(limiter.take(NOW)).toEqual({ waitMs: 1000 });
	});

	it('ignores a stale answer from an older window, and refills the known limit when the window resets', () => {
		const limiter = new RateLimiter();
		const a = ticket(limiter);
		limiter.settle(a, { limit: 2, remaining: 0, resetAtMs: NOW + 1000 }, NOW);
		expect(limiter.take(NOW + 10)).toEqual({ waitMs: 990 });
		const b = ticket(limiter, NOW + 1000);
		const c = ticket(limiter, NOW + 1000);
		expect(limiter.take(NOW + 1000)).toEqual({ waitMs: 50 }); // spent; the new reset is not known yet
		limiter.settle(c, { limit: 2, remaining: 5, resetAtMs: NOW + 1000 }, NOW + 1001); // about the old window
		expect(limiter.take(NOW + 1001)).toEqual({ waitMs: 50 });
		limiter.settle(b, { limit: 2, remaining: 1, resetAtMs: NOW + 2000 }, NOW + 1001);
		expect(limiter.take(NOW + 1002)).toEqual({ waitMs: 998 });
	});

	it('holds every request during a pause', () => {
		const limiter = new RateLimiter();
		limiter.pause(NOW + 500);
		expect(limiter.take(NOW)).toEqual({ waitMs: 500 });
		ticket(limiter, NOW + 500);
	});
});
