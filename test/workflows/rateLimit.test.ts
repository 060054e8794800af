/**
 * The shared transport under TwelveLabs' account rate limit (the emulator's, over real HTTP with
 * a short window): it paces itself by the rate-limit headers in either spelling, still gets
 * through with backoff when there are none, waits cancellably, and fails plainly, naming the
 * limit, when the wait would be too long.
 */
import type { INodeParameters } from 'n8n-workflow';

import { type Emulator, type RateLimitOptions, startEmulator } from '../emulator';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import type { HarnessOptions } from '../harness';
import { PROBE_NODE_TYPE } from '../support/probeNode';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

/** Each test has an emulator (and so a credential, and a limiter) of its own. */
async function withLimit(rateLimit: RateLimitOptions, test: (emulator: Emulator) => Promise<void>): Promise<void> {
	const emulator = await startEmulator({ rateLimit });
	try {
		await test(emulator);
		expect(emulator.violations).toEqual([]);
	} finally {
		await emulator.close();
	}
}

function videos(count: number) {
	return itemsNode(
		'Videos',
		Array.from({ length: count }, (_, index) => ({ json: { url: `https://cdn.example.com/video-${index}.mp4` } })),
	);
}

async function analyze(emulator: Emulator, count: number, options: INodeParameters = {}, overrides: Partial<HarnessOptions> = {}) {
	const node = twelveLabsNode(
		'twelveLabsAnalyze',
		{ videoSource: 'url', videoUrl: '={{ $json.url }}', prompt: 'Summarize', options },
		{ name: 'Analyze' },
	);
	return await runWorkflow(chain(manualTrigger(), videos(count), node), harnessOptions(emulator, overrides));
}

describe('the transport under an account rate limit', () => {
	it.each(['v1.2', 'v1.3'] as const)(
		'paces 20 analyses to 5 a second by the %s rate-limit headers: all succeed, at most one 429, none sent twice',
		async (headers) => {
			await withLimit({ requests: 5, windowMs: 1000, headers }, async (emulator) => {
				const result = await analyze(emulator, 20);
				expect(result.status).toBe('success');
				expect(result.output('Analyze')).toHaveLength(20);
				const stats = emulator.routeStats()['POST /analyze'];
				expect(stats.rateLimited).toBeLessThanOrEqual(1);
				expect(stats.requests).toBe(20 + stats.rateLimited);
				expect(stats.acceptedMoreThanOnce).toBe(0);
			});
		},
		30_000,
	);

	it('with no rate-limit headers at all, keeps retrying 429s with backoff until the window lets each request through', async () => {
		await withLimit({ requests: 1, windowMs: 1000, headers: 'none' }, async (emulator) => {
			const probe = twelveLabsNode(
				PROBE_NODE_TYPE,
				{ method: 'GET', path: '/indexes', policy: JSON.stringify({ baseDelayMs: 20 }) },
				{ name: 'Probe' },
			);
			const result = await runWorkflow(chain(manualTrigger(), videos(3), probe), harnessOptions(emulator));
			expect(result.status).toBe('success');
			expect(result.output('Probe')).toHaveLength(3);
			const stats = emulator.routeStats()['GET /indexes'];
			expect(stats.rateLimited).toBeGreaterThan(0);
			expect(stats.requests - stats.rateLimited).toBe(3);
		});
	}, 30_000);

	it('holds the next request while the budget is spent, and stopping the execution ends that wait', async () => {
		await withLimit({ requests: 1, windowMs: 100_000 }, async (emulator) => {
			const result = await analyze(emulator, 2, { concurrency: 1 }, { cancelAfterMs: 1500 });
			expect(result.status).toBe('canceled');
			expect(result.nodeError('Analyze')?.message).toBe("The execution was stopped while waiting for TwelveLabs' rate limit");
			expect(emulator.requests.map((request) => request.status)).toEqual([200]);
		});
	}, 30_000);

	it('fails at once, naming the limit, when the budget comes back later than the node waits', async () => {
		await withLimit({ requests: 1, windowMs: 600_000 }, async (emulator) => {
			const result = await analyze(emulator, 2, { concurrency: 1 });
			const error = result.nodeError('Analyze') as Error & { description?: string; httpCode?: string };
			expect(error.httpCode).toBe('429');
			expect(error.message).toBe('TwelveLabs: Rate limited by TwelveLabs [too_many_requests]');
			expect(error.description).toMatch(/rate limit is used up for \d+ s, longer than the 120 s the node waits \(1 request per window, 0 left, resets at \d\d:\d\d:\d\d UTC\)/);
			expect(emulator.requests.map((request) => request.status)).toEqual([200]);
		});
	}, 30_000);

	it('stops retrying 429s after the time budget, and says how long TwelveLabs kept refusing', async () => {
		await withLimit({ requests: 1, windowMs: 60_000, headers: 'none' }, async (emulator) => {
			const probe = twelveLabsNode(
				PROBE_NODE_TYPE,
				{ method: 'GET', path: '/indexes', policy: JSON.stringify({ baseDelayMs: 20, maxRateLimitWaitMs: 400 }) },
				{ name: 'Probe' },
			);
			const result = await runWorkflow(chain(manualTrigger(), videos(2), probe), harnessOptions(emulator));
			const error = result.nodeError('Probe') as Error & { description?: string; httpCode?: string };
			expect(error.httpCode).toBe('429');
			expect(error.description).toMatch(/^TwelveLabs kept answering 429 Too Many Requests for \d+ s \(TwelveLabs sent no rate-limit headers\)\./);
			expect(emulator.routeStats()['GET /indexes'].rateLimited).toBeGreaterThan(4);
		});
	}, 30_000);
});
