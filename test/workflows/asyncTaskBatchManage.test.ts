/**
 * TwelveLabs Async Task, Batch resource: Get, Get Results (also while running, and as
 * application/json), Wait for Completion, List, Cancel, Delete, and the bad input that is refused
 * before anything is sent. Manual clock: batches move only when a test advances it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();
const CONTINUE = { onError: 'continueRegularOutput' as const };

/** What n8n's node errors carry besides the message. */
interface NodeErrorFields {
	description?: string | null;
	context?: { itemIndex?: number };
}

function details(error: Error | undefined): NodeErrorFields {
	return (error ?? {}) as NodeErrorFields;
}

function batchNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode('twelveLabsAsyncTask', { resource: 'batch', ...parameters }, { name: 'Batch', ...extra });
}

async function run(parameters: INodeParameters, extra = {}) {
	return await runWorkflow(chain(manualTrigger(), batchNode(parameters, extra)), harnessOptions(emulator()));
}

function assets(count: number): string[] {
	return Array.from({ length: count }, (_, index) => emulator().state.addAsset({ filename: `v${index}.mp4` })._id);
}

function createBatch(parameters: INodeParameters = {}): INodeParameters {
	return {
		operation: 'create',
		videoSource: 'assetId',
		assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' },
		customId: '={{ $json.id }}',
		prompt: 'Summarize the webinar',
		...parameters,
	};
}

async function runCreate(rows: IDataObject[], parameters: INodeParameters = {}, extra = {}) {
	return await runWorkflow(
		chain(manualTrigger(), itemsNode('Videos', rows.map((json) => ({ json }))), batchNode(createBatch(parameters), extra)),
		harnessOptions(emulator()),
	);
}

/** A batch of `count` videos made by the node (custom IDs v-0, v-1, ...); returns its id. */
async function newBatch(count = 2): Promise<string> {
	const rows = assets(count).map((assetId, index) => ({ assetId, id: `v-${index}` }));
	const [item] = (await runCreate(rows)).output('Batch');
	emulator().requests.length = 0;
	return String(item.json.batchId);
}

describe('Batch: Get and Get Results', () => {
	it('Get gives the status and item counts', async () => {
		const batchId = await newBatch(2);
		const [item] = (await run({ operation: 'get', batchId })).output('Batch');
		expect(item.json).toMatchObject({ batchId, status: 'pending', totalItems: 2, queuedItems: 2, readyItems: 0, batch: { batch_id: batchId } });
		expect(routesSeen(emulator())).toEqual([`GET /analyze/batches/${batchId}`]);
	});

	it('Get Results while the batch runs: every video with its status, or only finished ones', async () => {
		const batchId = await newBatch(2);
		const all = (await run({ operation: 'getResults', batchId })).output('Batch');
		expect(all.map((item) => [item.json.customId, item.json.status, item.json.batchStatus])).toEqual([
			['v-0', 'queued', 'pending'],
			['v-1', 'queued', 'pending'],
		]);
		expect(all[0].json).not.toHaveProperty('text');
		const finished = (await run({ operation: 'getResults', batchId, options: { include: 'finished' } })).output('Batch');
		expect(finished).toHaveLength(0);
	});

	it('Get Results of a completed batch: answers parsed, also when the results come as application/json', async () => {
		const batchId = await newBatch(3);
		emulator().clock.advance(10_000);
		emulator().faults.next({ method: 'GET', path: '/analyze/batches/{batch_id}/results' }, { kind: 'content-type', contentType: 'application/json' });
		const items = (await run({ operation: 'getResults', batchId })).output('Batch');
		expect(items.map((item) => item.json.customId)).toEqual(['v-0', 'v-1', 'v-2']);
		for (const item of items) {
			expect(item.json).toMatchObject({ batchId, status: 'ready', text: expect.stringContaining('Summarize the webinar'), batchStatus: 'completed', usage: { outputTokens: expect.any(Number) } });
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		const resultsRequest = emulator().requests.find((request) => request.path.endsWith('/results'));
		expect(String(resultsRequest?.headers.accept)).toContain('application/jsonl');
	});

	it('an unknown batch ID fails with TwelveLabs’ answer explained', async () => {
		const result = await run({ operation: 'getResults', batchId: 'nope0000000000000000000' });
		expect(result.status).toBe('error');
		expect(details(result.error).description ?? '').toContain('No batch has this ID');
	});
});

describe('Batch: Wait for Completion', () => {
	it('at the maximum wait the item says the batch is still running; once finished it is completed', async () => {
		const batchId = await newBatch(1);
		const [waiting] = (await run({ operation: 'wait', batchId, options: { maxWait: 0 } })).output('Batch');
		expect(waiting.json).toMatchObject({ batchId, status: 'pending', stillRunning: true });
		expect(waiting.json.message).toContain(batchId);
		emulator().clock.advance(10_000);
		const [done] = (await run({ operation: 'wait', batchId, options: { maxWait: 0 } })).output('Batch');
		expect(done.json).toMatchObject({ batchId, status: 'completed', readyItems: 1 });
		expect(done.json).not.toHaveProperty('stillRunning');
	});
});

describe('Batch: List, Cancel, Delete', () => {
	it('List filters by status and analysis mode, each sent as repeated values', async () => {
		const running = await newBatch(1);
		const items = (await run({ operation: 'list', returnAll: true, filters: { statuses: ['pending', 'processing'], analysisModes: ['general'] } })).output('Batch');
		expect(items.map((item) => item.json.batchId)).toEqual([running]);
		const [request] = emulator().requests;
		expect(request.query).toMatchObject({ status: ['pending', 'processing'], analysis_mode: 'general' });
	});

	it('Delete of a running batch explains the 409; Cancel, then Delete, work', async () => {
		const batchId = await newBatch(2);
		const refused = await run({ operation: 'delete', batchId });
		// n8n reports a run as canceled when the error's message says "canceled", as TwelveLabs' does here.
		expect(refused.status).not.toBe('success');
		expect(details(refused.error).description ?? '').toContain('Cancel it (Cancel operation)');
		const [canceled] = (await run({ operation: 'cancel', batchId })).output('Batch');
		expect(canceled.json).toMatchObject({ batchId, canceled: true, status: expect.stringMatching(/^cancel(ing|ed)$/) });
		const again = await run({ operation: 'cancel', batchId });
		expect(again.status).not.toBe('success');
		expect(details(again.error).description ?? '').toContain('nothing to cancel');
		const [deleted] = (await run({ operation: 'delete', batchId })).output('Batch');
		expect(deleted.json).toEqual({ batchId, deleted: true });
	});
});

describe('Batch: bad input is refused before anything is sent', () => {
	it('a model other than Pegasus 1.5 names the item and the Model parameter', async () => {
		const rows = assets(2).map((assetId, index) => ({ assetId, id: `v-${index}`, model: index === 1 ? 'pegasus1.2' : 'pegasus1.5' }));
		const result = await runCreate(rows, { model: '={{ $json.model }}' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Model: "pegasus1.2" cannot analyze in a batch/);
		expect(details(result.error).context?.itemIndex).toBe(1);
		expect(emulator().requests).toHaveLength(0);
	});

	it('an empty prompt on one item: with Continue On Fail it becomes an error item and the rest still go', async () => {
		const rows = assets(3).map((assetId, index) => ({ assetId, id: `v-${index}`, prompt: index === 1 ? '' : 'Summarize' }));
		const stopped = await runCreate(rows, { prompt: '={{ $json.prompt }}' });
		expect(stopped.status).toBe('error');
		expect(stopped.error?.message).toMatch(/^Prompt: is empty/);
		expect(emulator().requests).toHaveLength(0);

		const items = (await runCreate(rows, { prompt: '={{ $json.prompt }}' }, CONTINUE)).output('Batch');
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ totalItems: 2 });
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(items[1]).toMatchObject({ json: { error: expect.stringMatching(/^Prompt: is empty/) }, pairedItem: { item: 1 } });
		const sent = emulator().requests.find((request) => request.path === '/analyze/batches')?.body as { requests: Array<{ custom_id: string }> };
		expect(sent.requests.map((request) => request.custom_id)).toEqual(['v-0', 'v-2']);
	});

	it('a duplicate custom ID names both items, before anything is sent', async () => {
		const rows = assets(3).map((assetId) => ({ assetId, id: 'same' }));
		const result = await runCreate(rows);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"same" is also the custom ID of item 1');
		expect(details(result.error).context?.itemIndex).toBe(1);
		expect(emulator().requests).toHaveLength(0);
	});

	it('more than 1,000 items are split into batches of at most 1,000, every item still paired with its video', async () => {
		const ids = assets(1001);
		const rows = ids.map((assetId, index) => ({ assetId, id: `v-${index}` }));
		const items = (await runCreate(rows, { waitForCompletion: true, options: { maxWait: 0 } })).output('Batch');
		const sent = emulator().requests.filter((request) => request.path === '/analyze/batches' && request.method === 'POST');
		expect(sent.map((request) => (request.body as { requests: unknown[] }).requests.length)).toEqual([1000, 1]);
		expect(items).toHaveLength(1001);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(ids.map((_, index) => index));
		expect(items[1000].json).toMatchObject({ customId: 'v-1000', stillRunning: true });
		expect(new Set(items.map((item) => item.json.batchId)).size).toBe(2);
	});
});

describe('Batch: Create Batch while the batch runs on', () => {
	it('Wait and Return Results at the maximum wait: every video with its status so far, marked stillRunning', async () => {
		const rows = assets(2).map((assetId, index) => ({ assetId, id: `v-${index}` }));
		const items = (await runCreate(rows, { waitForCompletion: true, options: { maxWait: 0 } })).output('Batch');
		expect(items.map((item) => [item.json.customId, item.json.status, item.json.stillRunning])).toEqual([
			['v-0', 'queued', true],
			['v-1', 'queued', true],
		]);
		expect(items[0].json.message).toContain(String(items[0].json.batchId));
	});
});

describe('Batch: with 5 active batches on the account', () => {
	async function fillSlots(): Promise<void> {
		for (let index = 0; index < 5; index++) await newBatch(1);
	}

	it('waits for a slot (polling the active batches) and creates the batch once one has ended', async () => {
		await fillSlots();
		const rows = assets(1).map((assetId) => ({ assetId, id: 'late' }));
		const running = runCreate(rows, { options: { pollInterval: 0.05 } });
		// Once the node has been refused and is polling the active batches, the five finish.
		while (!emulator().requests.some((request) => request.method === 'GET' && request.path === '/analyze/batches')) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		emulator().clock.advance(10_000);
		const [item] = (await running).output('Batch');
		expect(item.json).toMatchObject({ batchId: expect.any(String), totalItems: 1 });
		const posts = emulator().requests.filter((request) => request.path === '/analyze/batches' && request.method === 'POST');
		expect(posts.map((request) => request.status)).toEqual([429, 201]);
		const listed = emulator().requests.find((request) => request.method === 'GET' && request.path === '/analyze/batches');
		expect(listed?.query.status).toEqual(['pending', 'processing', 'canceling']);
	});

	it('says plainly why it cannot start when no slot frees within Max Wait', async () => {
		await fillSlots();
		const result = await runCreate(assets(1).map((assetId) => ({ assetId, id: 'late' })), { options: { maxWait: 0 } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('The batch cannot start: the account already has 5 active batches, and TwelveLabs allows 5');
		expect(details(result.error).description).toContain('Raise Max Wait, cancel one of them');
		expect(emulator().requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});
});
