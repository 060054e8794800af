/**
 * TwelveLabs Async Task, Batch resource: Create Batch with Wait and Return Results, Get, Wait
 * for Completion and Get Results through real workflows against the emulator. The node polls
 * with real sleeps, so the emulator follows the real clock and tasks finish within 400 ms.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator({ clock: 'realtime', taskDurations: { pendingMs: 100, processingMs: 200, readyMs: 400 }, assetProcessingMs: 200 });

const FAST = { pollInterval: 0.05 };

function batchNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode('twelveLabsAsyncTask', { resource: 'batch', ...parameters }, { name: 'Batch', ...extra });
}

function assets(count: number): string[] {
	return Array.from({ length: count }, (_, index) => emulator().state.addAsset({ filename: `webinar-${index}.mp4` })._id);
}

function videosNode(assetIds: string[], extra: (index: number) => Record<string, unknown> = () => ({})) {
	return itemsNode(
		'Videos',
		assetIds.map((assetId, index) => ({ json: { assetId, id: `webinar-${index}`, ...extra(index) } })),
	);
}

function createBatch(parameters: INodeParameters = {}, options: INodeParameters = {}): INodeParameters {
	return {
		operation: 'create',
		videoSource: 'assetId',
		assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' },
		customId: '={{ $json.id }}',
		prompt: 'Summarize the webinar',
		...parameters,
		options: { ...FAST, ...options },
	};
}

async function runBatch(assetIds: string[], parameters: INodeParameters, extra = {}) {
	return await runWorkflow(chain(manualTrigger(), videosNode(assetIds), batchNode(parameters, extra)), harnessOptions(emulator()));
}

describe('TwelveLabs Async Task: Create Batch', () => {
	it('all input items go in one batch; with Wait and Return Results one node gives one answer per video, paired with its input item', async () => {
		const ids = assets(3);
		const result = await runBatch(ids, createBatch({ waitForCompletion: true }));
		expect(result.status).toBe('success');
		const items = result.output('Batch');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.customId)).toEqual(['webinar-0', 'webinar-1', 'webinar-2']);
		for (const item of items) {
			expect(item.json).toMatchObject({
				batchId: expect.any(String),
				taskId: expect.any(String),
				status: 'ready',
				text: expect.stringContaining('Summarize the webinar'),
				truncated: false,
				batchStatus: 'completed',
				usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), videoSeconds: null, segmentDefinitions: null },
			});
			expect(item.json).not.toHaveProperty('stillRunning');
		}
		const routes = routesSeen(emulator());
		const batchId = String(items[0].json.batchId);
		expect(routes.filter((route) => route === 'POST /analyze/batches')).toHaveLength(1);
		expect(routes.at(-1)).toBe(`GET /analyze/batches/${batchId}/results`);
		// One batch request for three videos: no task was created or read one by one.
		expect(routes.some((route) => route.startsWith('POST /analyze/tasks') || route.startsWith('GET /analyze/tasks'))).toBe(false);
		const sent = emulator().requests.find((request) => request.method === 'POST' && request.path === '/analyze/batches');
		expect((sent?.body as { requests: unknown[] }).requests).toEqual(
			ids.map((assetId, index) => ({ video: { type: 'asset_id', asset_id: assetId }, custom_id: `webinar-${index}`, prompt: { input_text: 'Summarize the webinar' } })),
		);
	});

	it('without custom IDs each video is still paired with its input item (by the order of the created tasks)', async () => {
		const ids = assets(3);
		const items = (await runBatch(ids, createBatch({ waitForCompletion: true, customId: '' }))).output('Batch');
		expect(items.map((item) => [item.pairedItem, item.json.assetId, item.json.customId])).toEqual(ids.map((assetId, index) => [{ item: index }, assetId, null]));
		const tasks = emulator().state.listTasks();
		for (const item of items) expect(tasks.find((task) => task.task_id === item.json.taskId)?.video_source).toMatchObject({ asset_id: item.json.assetId });
	});

	it('without waiting: one item per batch with its id and each task, paired with every input item', async () => {
		const ids = assets(2);
		const result = await runBatch(ids, createBatch());
		const [item, ...rest] = result.output('Batch');
		expect(rest).toHaveLength(0);
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(item.json).toMatchObject({ batchId: expect.any(String), status: 'pending', totalItems: 2 });
		expect((item.json.tasks as Array<{ customId: string; inputItem: number }>).map((task) => [task.customId, task.inputItem])).toEqual([
			['webinar-0', 0],
			['webinar-1', 1],
		]);
		expect(routesSeen(emulator())).toEqual(['POST /analyze/batches']);
	});

	it('JSON schema answers come out parsed as data, per video', async () => {
		const ids = assets(2);
		const schema = { type: 'object', properties: { title: { type: 'string' }, speakers: { type: 'integer' } }, required: ['title'] };
		const result = await runBatch(ids, createBatch({ waitForCompletion: true, structuredOutput: 'jsonSchema', jsonSchema: JSON.stringify(schema) }));
		const items = result.output('Batch');
		for (const item of items) {
			expect(item.json.data).toEqual(expect.objectContaining({ title: expect.any(String) }));
		}
	});

	it('segmentation with Split Into Items: one item per segment, each paired with its video', async () => {
		const ids = assets(2);
		const result = await runBatch(
			ids,
			createBatch(
				{
					waitForCompletion: true,
					analysisMode: 'segmentation',
					segmentDefinitionsInput: 'json',
					segmentDefinitionsJson: JSON.stringify([{ id: 'question', description: 'An audience question', fields: [{ name: 'asker', type: 'string', description: 'Who asked' }] }]),
				},
				{ splitIntoItems: true },
			),
		);
		const items = result.output('Batch');
		expect(items.length).toBeGreaterThanOrEqual(2);
		expect(items.every((item) => item.json.definitionId === 'question' && typeof item.json.asker === 'string')).toBe(true);
		expect(new Set(items.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set([JSON.stringify({ item: 0 }), JSON.stringify({ item: 1 })]));
		const sent = emulator().requests.find((request) => request.path === '/analyze/batches')?.body as { analysis_mode: string };
		expect(sent.analysis_mode).toBe('time_based_metadata');
	});

	it('a failed video comes out with its error, the others with their answers', async () => {
		const ids = assets(3);
		emulator().faults.next({ method: 'POST', path: '/analyze/batches' }, { kind: 'fail-items', customIds: ['webinar-1'] });
		const items = (await runBatch(ids, createBatch({ waitForCompletion: true }))).output('Batch');
		expect(items.map((item) => item.json.status)).toEqual(['ready', 'failed', 'ready']);
		expect(items[1].json).toMatchObject({ errorMessage: 'The asset could not be read.', errorCode: 'asset_unavailable', customId: 'webinar-1' });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('a video whose asset is still processing is waited for, then the batch is sent again', async () => {
		const [ready] = assets(1);
		const processing = emulator().state.addAsset({ filename: 'late.mp4', readyAfterMs: 300 })._id;
		const items = (await runBatch([ready, processing], createBatch({ waitForCompletion: true }))).output('Batch');
		expect(items.map((item) => item.json.status)).toEqual(['ready', 'ready']);
		const routes = routesSeen(emulator());
		expect(routes.filter((route) => route === 'POST /analyze/batches')).toHaveLength(2);
		expect(routes).toContain(`GET /assets/${processing}`);
	});

	it('videos given by URL or as files become assets first (in parallel, waited until ready); a URL that fails is an error item with Continue On Fail', async () => {
		const urls = ['https://cdn.example.com/a.mp4', 'https://cdn.example.com/fail-b.mp4', 'https://cdn.example.com/c.mp4'];
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Videos', urls.map((url, index) => ({ json: { url, id: `url-${index}` } }))),
				batchNode(createBatch({ waitForCompletion: true, videoSource: 'url', videoUrl: '={{ $json.url }}' }), { onError: 'continueRegularOutput' }),
			),
			harnessOptions(emulator()),
		);
		const items = result.output('Batch');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/failed/);
		for (const item of [items[0], items[2]]) expect(item.json).toMatchObject({ status: 'ready', assetId: expect.any(String) });
		const routes = routesSeen(emulator());
		expect(routes.filter((route) => route === 'POST /assets')).toHaveLength(3);
		const sent = emulator().requests.find((request) => request.path === '/analyze/batches')?.body as { requests: Array<{ video: { asset_id: string } }> };
		expect(sent.requests.map((request) => request.video.asset_id)).toEqual([items[0].json.assetId, items[2].json.assetId]);
	});

	it('a binary video is uploaded as an asset, then analyzed in the batch', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Videos', [{ json: { id: 'file-0' }, binary: { data: { data: Buffer.alloc(2048, 1), fileName: 'talk.mp4', mimeType: 'video/mp4' } } }]),
				batchNode(createBatch({ waitForCompletion: true, videoSource: 'binary' })),
			),
			harnessOptions(emulator()),
		);
		const [item] = result.output('Batch');
		expect(item.json).toMatchObject({ status: 'ready', customId: 'file-0', assetId: expect.any(String) });
		expect(routesSeen(emulator())[0]).toBe('POST /assets');
	});
});
