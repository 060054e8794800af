/** The optional account rate limit: headers on every answer, 429 shapes, counts per route. */
import { type Emulator, type RateLimitOptions, startEmulator } from './index';
import { call } from './test-helpers';

const ANALYZE = { video: { type: 'url', url: 'https://example.com/a.mp4' }, prompt: 'Summarize', stream: false };

async function withLimit(options: RateLimitOptions, run: (emu: Emulator) => Promise<void>): Promise<void> {
	const emu = await startEmulator({ rateLimit: options });
	try {
		await run(emu);
		expect(emu.violations).toEqual([]);
	} finally {
		await emu.close();
	}
}

describe('account rate limit', () => {
	it('counts down X-Ratelimit-* on every answer and answers POST /analyze past the limit with 429 and an empty body', async () => {
		await withLimit({ requests: 2, windowMs: 60_000 }, async (emu) => {
			const first = await call(emu, 'POST', '/analyze', { body: ANALYZE });
			const second = await call(emu, 'GET', '/indexes');
			const third = await call(emu, 'POST', '/analyze', { body: ANALYZE });
			expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
			expect(first.headers.get('x-ratelimit-limit')).toBe('2');
			expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
			expect(second.headers.get('x-ratelimit-used')).toBe('2');
			expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
			expect(third.text).toBe('');
			const reset = Number(third.headers.get('x-ratelimit-reset'));
			expect(Number.isInteger(reset)).toBe(true);
			expect(reset * 1000).toBeGreaterThan(Date.now());
			expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 60_000);
			expect(third.headers.get('retry-after')).toBeNull();
		});
	});

	it('answers other routes in their own error shape, with the v1.3 spelling and Retry-After when asked', async () => {
		await withLimit({ requests: 1, windowMs: 60_000, headers: 'v1.3', retryAfter: true }, async (emu) => {
			await call(emu, 'GET', '/indexes');
			const flat = await call(emu, 'GET', '/assets');
			expect(flat.status).toBe(429);
			expect(flat.json).toEqual({ code: 'too_many_requests', message: expect.stringContaining('1 request per 60 s') });
			const nested = await call(emu, 'GET', '/analyze/tasks/0123456789abcdef01234567');
			expect(nested.json).toEqual({ error: { code: 'too_many_requests', message: expect.any(String) } });
			expect(flat.headers.get('x-ratelimit-request-remaining')).toBe('0');
			expect(Number(flat.headers.get('x-ratelimit-request-reset'))).toBeGreaterThan(0);
			expect(Number(flat.headers.get('x-ratelimit-request-reset'))).toBeLessThanOrEqual(60);
			expect(flat.headers.get('x-ratelimit-limit')).toBeNull();
			expect(Number(flat.headers.get('retry-after'))).toBeGreaterThan(0);
		});
	});

	it('sends no rate-limit header with headers: none, and none at all without a limit', async () => {
		await withLimit({ requests: 1, headers: 'none' }, async (emu) => {
			const res = await call(emu, 'GET', '/indexes');
			expect([...res.headers.keys()].filter((name) => name.includes('ratelimit'))).toEqual([]);
		});
		const plain = await startEmulator();
		try {
			const res = await call(plain, 'GET', '/indexes');
			expect([...res.headers.keys()].filter((name) => name.includes('ratelimit'))).toEqual([]);
		} finally {
			await plain.close();
		}
	});

	it('counts requests, 429s and analyses sent or answered more than once, per route', async () => {
		await withLimit({ requests: 3, windowMs: 60_000 }, async (emu) => {
			await call(emu, 'POST', '/analyze', { body: ANALYZE });
			await call(emu, 'POST', '/analyze', { body: { ...ANALYZE, stream: true } });
			await call(emu, 'POST', '/analyze', { body: { ...ANALYZE, prompt: 'Other' } });
			await call(emu, 'POST', '/analyze', { body: { ...ANALYZE, prompt: 'Other' } });
			await call(emu, 'GET', '/assets/0123456789abcdef01234567');
			expect(emu.routeStats()).toEqual({
				'POST /analyze': { requests: 4, rateLimited: 1, sentMoreThanOnce: 2, acceptedMoreThanOnce: 1 },
				'GET /assets/{asset_id}': { requests: 1, rateLimited: 1, sentMoreThanOnce: 0, acceptedMoreThanOnce: 0 },
			});
			emu.reset();
			expect((await call(emu, 'GET', '/indexes')).status).toBe(200);
		});
	});

	it('refuses a window that is not a whole number of seconds', async () => {
		await expect(startEmulator({ rateLimit: { requests: 1, windowMs: 1500 } })).rejects.toThrow(/whole number of seconds/);
	});
});
