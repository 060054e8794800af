import { waitUntilDone } from '../../nodes/TwelveLabs/transport/waitUntilDone';

describe('waiting for a terminal status', () => {
	it('polls until ready, with growing intervals', async () => {
		const statuses = ['queued', 'pending', 'processing', 'ready'];
		const readTimes: number[] = [];
		const outcome = await waitUntilDone(
			async () => {
				readTimes.push(Date.now());
				return { status: statuses.shift() };
			},
			(value) => String(value.status),
			{ maxWaitMs: 10_000, initialIntervalMs: 20, maxIntervalMs: 1000 },
		);
		expect(outcome).toMatchObject({ done: true, status: 'ready', polls: 4 });
		const gaps = readTimes.slice(1).map((time, index) => time - readTimes[index]);
		expect(gaps[2]).toBeGreaterThan(gaps[0]);
	});

	it('keeps waiting through statuses it does not know, and stops on canceled', async () => {
		const statuses = ['warming_up', 'canceled'];
		const outcome = await waitUntilDone(
			async () => statuses.shift() as string,
			(status) => status,
			{ maxWaitMs: 10_000, initialIntervalMs: 5 },
		);
		expect(outcome).toMatchObject({ done: true, status: 'canceled', polls: 2 });
	});

	it('gives up after the maximum wait and returns the last state', async () => {
		const outcome = await waitUntilDone(
			async () => ({ status: 'processing' }),
			(value) => value.status,
			{ maxWaitMs: 120, initialIntervalMs: 30 },
		);
		expect(outcome.done).toBe(false);
		expect(outcome.status).toBe('processing');
		expect(outcome.waitedMs).toBeGreaterThanOrEqual(120);
		expect(outcome.waitedMs).toBeLessThan(1000);
	});

	it('stops at once when the execution is canceled', async () => {
		const controller = new AbortController();
		const reason = new Error('stopped by user');
		const started = Date.now();
		setTimeout(() => controller.abort(reason), 50);
		await expect(
			waitUntilDone(async () => 'processing', (status) => status, {
				maxWaitMs: 60_000,
				initialIntervalMs: 10_000,
				signal: controller.signal,
			}),
		).rejects.toBe(reason);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
