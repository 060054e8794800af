/**
 * TwelveLabs Async Task: waiting (Create with Wait for Completion, and the Wait operation).
 * The node polls with real sleeps, so this file's emulator follows the real clock and tasks
 * finish within 400 ms (uploaded assets within 200 ms); polls start every 50 ms.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import type { HarnessOptions } from '../harness';
import { SPARSE_BINARY_TYPE, sparseBinaryNode, sparseBinaryNodeType } from '../support/sparseBinaryNode';
import { harnessOptions, nodeTypes, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator({ clock: 'realtime', taskDurations: { pendingMs: 100, processingMs: 200, readyMs: 400 }, assetProcessingMs: 200 });

const VIDEO_URL = 'https://cdn.example.com/match.mp4';
const FAST = { pollInterval: 0.05 };
const TASK_ROUTE = { method: 'GET', path: '/analyze/tasks/{task_id}' };

function byId(taskId: string) {
	return { __rl: true, mode: 'id', value: taskId };
}

function taskNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode('twelveLabsAsyncTask', { resource: 'task', ...parameters }, { name: 'Task', ...extra });
}

async function run(parameters: INodeParameters, options: Partial<HarnessOptions> = {}) {
	return await runWorkflow(chain(manualTrigger(), taskNode(parameters)), harnessOptions(emulator(), options));
}

function createAndWait(parameters: INodeParameters, options: INodeParameters = {}): INodeParameters {
	return {
		operation: 'create',
		videoSource: 'url',
		videoUrl: VIDEO_URL,
		waitForCompletion: true,
		...parameters,
		options: { ...FAST, ...options },
	};
}

function taskGets(): number {
	return emulator().requests.filter((request) => request.method === 'GET' && request.path.startsWith('/analyze/tasks/')).length;
}

describe('TwelveLabs Async Task: Create with Wait for Completion', () => {
	it('polls until the task is ready and outputs its result', async () => {
		const result = await run(createAndWait({ prompt: 'Summarize the match' }));
		expect(result.status).toBe('success');
		const [item] = result.output('Task');
		expect(item.json).toMatchObject({ status: 'ready', text: expect.stringContaining('Summarize the match'), truncated: false });
		expect(item.json).not.toHaveProperty('stillRunning');
		const routes = routesSeen(emulator());
		expect(routes[0]).toBe('POST /analyze/tasks');
		expect(routes.slice(1).every((route) => route === `GET /analyze/tasks/${String(item.json.taskId)}`)).toBe(true);
		expect(taskGets()).toBeGreaterThan(1);
		// The finished task's tokens, and its clip-less 120 s video as TwelveLabs measured it.
		const apiUsage = (item.json.task as { result: { usage: { input_tokens: number; output_tokens: number } } }).result.usage;
		expect(item.json.usage).toEqual({ inputTokens: apiUsage.input_tokens, outputTokens: apiUsage.output_tokens, videoSeconds: 120, segmentDefinitions: null });
	});

	it('a segmentation with Split Into Items gives one item per segment', async () => {
		const result = await run(
			createAndWait(
				{
					analysisMode: 'segmentation',
					segmentDefinitionsInput: 'json',
					segmentDefinitionsJson: JSON.stringify([
						{ id: 'goal', description: 'A goal', fields: [{ name: 'scorer', type: 'string', description: 'Who scored' }] },
						{ id: 'foul', description: 'A foul' },
					]),
				},
				{ splitIntoItems: true, segmentTimeFormat: 'hh:mm:ss' },
			),
		);
		expect(result.status).toBe('success');
		const items = result.output('Task');
		expect(items.map((item) => item.json.definitionId)).toEqual(['goal', 'goal', 'foul', 'foul']);
		expect(items[0].json).toEqual({
			definitionId: 'goal',
			start: expect.stringMatching(/^\d\d:\d\d:\d\d$/),
			end: expect.stringMatching(/^\d\d:\d\d:\d\d$/),
			scorer: expect.any(String),
			taskId: expect.any(String),
		});
	});

	it('several items wait side by side; the output keeps input order and pairing', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Clips', [0, 1, 2].map((index) => ({ json: { url: `https://cdn.example.com/clip-${index}.mp4` } }))),
				taskNode(createAndWait({ prompt: 'Summarize', videoUrl: '={{ $json.url }}' })),
			),
			harnessOptions(emulator()),
		);
		const items = result.output('Task');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => (item.json.task as { video_source: { url: string } }).video_source.url)).toEqual([
			'https://cdn.example.com/clip-0.mp4',
			'https://cdn.example.com/clip-1.mp4',
			'https://cdn.example.com/clip-2.mp4',
		]);
		expect(items.every((item) => item.json.status === 'ready')).toBe(true);
		expect(emulator().state.listTasks()).toHaveLength(3);
	});

	it('when the maximum wait runs out, the item says the task is still running and carries its ID', async () => {
		const result = await run(createAndWait({ prompt: 'Summarize' }, { maxWait: 0 }));
		expect(result.status).toBe('success');
		const [item] = result.output('Task');
		const taskId = String(item.json.taskId);
		expect(item.json).toMatchObject({ stillRunning: true, status: expect.stringMatching(/^(queued|pending|processing)$/) });
		expect(item.json.message).toContain(`task ID ${taskId}`);
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks', `GET /analyze/tasks/${taskId}`]);
	});

	it('a 503 while waiting is retried and the wait goes on', async () => {
		emulator().faults.next(TASK_ROUTE, { kind: 'status', status: 503 });
		const result = await run(createAndWait({ prompt: 'Summarize' }));
		expect(result.status).toBe('success');
		expect(result.output('Task')[0].json.status).toBe('ready');
		expect(emulator().faults.pending()).toBe(0);
	});

	it('if reading the new task fails, the error names the task and the create is not repeated', async () => {
		emulator().faults.next(TASK_ROUTE, { kind: 'status', status: 404 });
		const result = await run(createAndWait({ prompt: 'Summarize' }));
		const error = result.nodeError('Task') as Error & { description?: string };
		const [task] = emulator().state.listTasks();
		expect(error.message).toMatch(new RegExp(`^Task ${task.task_id} was created, but reading its status failed: TwelveLabs: `));
		expect(error.description).toContain('was not created again');
		expect(routesSeen(emulator()).filter((route) => route === 'POST /analyze/tasks')).toHaveLength(1);
	});

	it('stopping the execution while waiting ends it at once; the error names the task that keeps running', async () => {
		// The first status read hangs for 2 s, so the stop (after the create was answered) lands while the node waits for TwelveLabs.
		emulator().faults.next(TASK_ROUTE, { kind: 'delay', ms: 2000 });
		const result = await run(createAndWait({ prompt: 'Summarize' }, { maxWait: 60 }), { cancelAfterMs: 700 });
		expect(result.status).toBe('canceled');
		const [task] = emulator().state.listTasks();
		expect(result.nodeError('Task')?.message).toBe(`The execution was stopped while waiting for task ${task.task_id}`);
		expect(routesSeen(emulator()).filter((route) => route === 'POST /analyze/tasks')).toHaveLength(1);
	});
});

describe('TwelveLabs Async Task: Wait', () => {
	it('waits for an existing task until it is ready', async () => {
		const seeded = emulator().state.addTask({ result_data: 'A calm match.' });
		const result = await run({ operation: 'wait', taskId: byId(seeded.task_id), options: FAST });
		expect(result.output('Task')[0].json).toMatchObject({ taskId: seeded.task_id, status: 'ready', text: 'A calm match.' });
		expect(taskGets()).toBeGreaterThan(1);
	});

	it('stops at failed and at canceled, which are final', async () => {
		emulator().state.nextTaskOutcome('failed', { message: 'Unsupported codec.' });
		const failing = emulator().state.addTask();
		const canceled = emulator().state.addTask({ status: 'canceled' });
		const failed = await run({ operation: 'wait', taskId: byId(failing.task_id), options: FAST });
		expect(failed.output('Task')[0].json).toMatchObject({ status: 'failed', errorMessage: 'Unsupported codec.' });
		emulator().requests.length = 0;
		const stopped = await run({ operation: 'wait', taskId: byId(canceled.task_id), options: FAST });
		expect(stopped.output('Task')[0].json).toMatchObject({ status: 'canceled' });
		expect(taskGets()).toBe(1);
	});

	it('when the maximum wait runs out, the item says the task is still running', async () => {
		const seeded = emulator().state.addTask({ status: 'processing' });
		const result = await run({ operation: 'wait', taskId: byId(seeded.task_id), options: { ...FAST, maxWait: 0.2 } });
		expect(result.status).toBe('success');
		expect(result.output('Task')[0].json).toMatchObject({
			taskId: seeded.task_id,
			status: 'processing',
			stillRunning: true,
			message: expect.stringContaining(`task ID ${seeded.task_id}`),
		});
		expect(taskGets()).toBeGreaterThan(1);
	});

	it('stopping the execution ends the wait at once', async () => {
		const seeded = emulator().state.addTask({ status: 'processing' });
		const result = await run({ operation: 'wait', taskId: byId(seeded.task_id), options: { ...FAST, maxWait: 60 } }, { cancelAfterMs: 600 });
		expect(result.status).toBe('canceled');
		expect(result.nodeError('Task')?.message).toBe(`The execution was stopped while waiting for task ${seeded.task_id}`);
	});

	it('an unknown task is the API\'s 404, read once', async () => {
		const result = await run({ operation: 'wait', taskId: byId('0123456789abcdef01234567'), options: FAST });
		expect((result.nodeError('Task') as Error & { httpCode?: string }).httpCode).toBe('404');
		expect(taskGets()).toBe(1);
	});

	it('a poll interval under 0.05 s is refused before any request', async () => {
		const seeded = emulator().state.addTask();
		emulator().requests.length = 0;
		const result = await run({ operation: 'wait', taskId: byId(seeded.task_id), options: { pollInterval: 0 } });
		expect(result.nodeError('Task')?.message).toBe('Poll Interval (Seconds): "0" is not a number of seconds of 0.05 or more');
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Async Task: a video binary over 30 MB', () => {
	it('is uploaded as an asset first, and the task analyzes it by asset ID once the asset is ready', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				sparseBinaryNode('File', { size: 31 * 1024 * 1024, fileName: 'match.mp4' }),
				taskNode({ operation: 'create', videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize' }),
			),
			harnessOptions(emulator(), { nodeTypes: { ...nodeTypes, [SPARSE_BINARY_TYPE]: sparseBinaryNodeType } }),
		);
		expect(result.status).toBe('success');
		const routes = routesSeen(emulator());
		expect(routes[0]).toBe('POST /assets');
		expect(routes.at(-1)).toBe('POST /analyze/tasks');
		const [asset] = emulator().state.listAssets();
		expect(routes.slice(1, -1).every((route) => route === `GET /assets/${asset._id}`)).toBe(true);
		const create = emulator().requests.at(-1);
		expect((create?.body as { video: unknown }).video).toEqual({ type: 'asset_id', asset_id: asset._id });
		expect(result.output('Task')[0].json.status).toBe('queued');
	});
});
