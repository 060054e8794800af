/**
 * TwelveLabs Analyze under faults: rate limits and server errors are retried (a 429 holds back
 * every item of the node), a broken stream is a clear error for its item, and with Continue On
 * Fail every input item still yields an output item, in order and paired.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();
const ANALYZE = { method: 'POST', path: '/analyze' };

function analyzeNode(parameters: INodeParameters = {}, extra = {}) {
	return twelveLabsNode(
		'twelveLabsAnalyze',
		{ videoSource: 'url', videoUrl: 'https://cdn.example.com/keynote.mp4', prompt: '={{ $json.prompt ?? "Summarize" }}', ...parameters },
		{ name: 'Analyze', ...extra },
	);
}

const prompts = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { prompt: `Question ${index + 1}` } }));

/** The prompt of each POST /analyze request, in the order the emulator received them. */
function promptsReceived(): string[] {
	return emulator()
		.requests.filter((request) => request.path === '/analyze')
		.map((request) => String((request.body as IDataObject).prompt));
}

describe('TwelveLabs Analyze: retries', () => {
	it('a 429 then success: the item waits as asked and succeeds', async () => {
		emulator().faults.next(ANALYZE, { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: '' });
		const started = Date.now();
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode()), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(result.output('Analyze')[0].json.text).toContain('Summarize');
		expect(emulator().requests.map((request) => request.status)).toEqual([429, 200]);
	});

	it('a 503 then success: analysis creates nothing, so it is retried', async () => {
		emulator().faults.next(ANALYZE, { kind: 'status', status: 503 });
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode()), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect(emulator().requests.map((request) => request.status)).toEqual([503, 200]);
	});

	it('a 429 slows the whole node down: no other item is sent until the window passes', async () => {
		// The first request gets a 429 (wait 1 s); the second is answered after 200 ms, so its
		// worker moves to the next item while the rate window is still closed.
		emulator().faults.next(ANALYZE, { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: '' }, { kind: 'delay', ms: 200 });
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('Questions', prompts(4)), analyzeNode({ options: { concurrency: 2 } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const received = promptsReceived();
		expect(received).toHaveLength(5);
		const limited = received[0];
		const retryAt = received.indexOf(limited, 1);
		// Without the shared pause both remaining items would be sent (at ~200 ms) before the
		// retry (at ~1 s): the retry would come last. With it, they wait for the window too.
		expect(retryAt).toBeLessThan(4);
		expect(result.output('Analyze').map((item) => String(item.json.text).match(/Question \d/)?.[0])).toEqual([
			'Question 1',
			'Question 2',
			'Question 3',
			'Question 4',
		]);
	});

	it('does not retry a 400, and shows TwelveLabs’ code and message', async () => {
		// (A 400 for an asset still processing is waited out: analyzeAssetProcessing.test.ts.)
		emulator().faults.next(ANALYZE, { kind: 'status', status: 400 });
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode()), harnessOptions(emulator()));
		const error = result.nodeError('Analyze') as Error & { httpCode?: string };
		expect(error.message).toMatch(/Scripted fault 400.*\[fault\]$/);
		expect(error.httpCode).toBe('400');
		expect(emulator().requests).toHaveLength(1);
	});
});

describe('TwelveLabs Analyze: broken streams', () => {
	it('a stream cut mid-way is a clear error for the item', async () => {
		emulator().faults.next(ANALYZE, { kind: 'cut-stream', afterEvents: 3 });
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode()), harnessOptions(emulator()));
		expect(result.status).toBe('error');
		const error = result.nodeError('Analyze') as Error & { description?: string };
		expect(error.message).toMatch(/^The TwelveLabs response stream was cut after 3 line\(s\)/);
		expect(error.description).toMatch(/did not arrive whole/);
	});

	it('a malformed line is a clear error for the item', async () => {
		emulator().faults.next(ANALYZE, { kind: 'malformed-line', afterEvents: 2 });
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode()), harnessOptions(emulator()));
		expect(result.status).toBe('error');
		expect(result.nodeError('Analyze')?.message).toMatch(/^Line 3 of the TwelveLabs response stream is not valid JSON: \{"event_type"/);
	});

	it('with Continue On Fail, items in = items out: broken items become error items in place', async () => {
		// Concurrency 1 so the faults land on known items.
		emulator().faults.next(
			ANALYZE,
			{ kind: 'delay', ms: 0 },
			{ kind: 'cut-stream', afterEvents: 5 },
			{ kind: 'delay', ms: 0 },
			{ kind: 'malformed-line', afterEvents: 1 },
		);
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Questions', prompts(5)),
				analyzeNode({ options: { concurrency: 1 } }, { onError: 'continueRegularOutput' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Analyze');
		expect(items).toHaveLength(5);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].json.text).toContain('Question 1');
		expect(items[1].json.error).toMatch(/response stream was cut/);
		expect(items[2].json.text).toContain('Question 3');
		expect(items[3].json.error).toMatch(/is not valid JSON/);
		expect(items[4].json.text).toContain('Question 5');
	});
});

describe('TwelveLabs Analyze: concurrency', () => {
	it('runs items in parallel and keeps output order and pairing', async () => {
		// Uneven answer times, so items finish out of order.
		emulator().faults.next(ANALYZE, ...[120, 10, 80, 0, 60, 5, 30, 0].map((ms) => ({ kind: 'delay' as const, ms })));
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('Questions', prompts(8)), analyzeNode({ options: { concurrency: 4 } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Analyze');
		expect(items.map((item) => String(item.json.text).match(/Question \d/)?.[0])).toEqual(
			prompts(8).map((item) => item.json.prompt),
		);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		// Four were in flight at once: the first four requests came before any fifth item.
		expect(promptsReceived().slice(0, 4).sort()).toEqual(['Question 1', 'Question 2', 'Question 3', 'Question 4']);
	});
});
