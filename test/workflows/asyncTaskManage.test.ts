/**
 * TwelveLabs Async Task: Get, List, Delete and Cancel through real workflows against the
 * emulator (manual clock: tasks move only when a test advances it).
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const TASK_ROUTE = { method: 'GET', path: '/analyze/tasks/{task_id}' };
const LIST_ROUTE = { method: 'GET', path: '/analyze/tasks' };

function byId(taskId: string) {
	return { __rl: true, mode: 'id', value: taskId };
}

async function run(parameters: INodeParameters, extra = {}) {
	return await runWorkflow(
		chain(manualTrigger(), twelveLabsNode('twelveLabsAsyncTask', { resource: 'task', ...parameters }, { name: 'Task', ...extra })),
		harnessOptions(emulator()),
	);
}

const SEGMENTS = JSON.stringify({
	goal: [
		{ start_time: 12.5, end_time: 18, metadata: { scorer: 'Kane', assists: ['Son'] } },
		{ start_time: 70, end_time: 75.5, metadata: { scorer: 'Son', assists: [] } },
	],
	foul: [{ start_time: 30, end_time: 33, metadata: { card: 'yellow' } }],
});

describe('TwelveLabs Async Task: Get', () => {
	it('a task still queued: its id and status, no result yet', async () => {
		const seeded = emulator().state.addTask({ custom_id: 'job-1' });
		const result = await run({ operation: 'get', taskId: byId(seeded.task_id) });
		const [item] = result.output('Task');
		expect(item.json).toMatchObject({ taskId: seeded.task_id, status: 'queued', customId: 'job-1' });
		expect(item.json).not.toHaveProperty('text');
		expect(routesSeen(emulator())).toEqual([`GET /analyze/tasks/${seeded.task_id}`]);
	});

	it('a ready task gives its text, usage and generation id; the API object stays under `task`', async () => {
		const seeded = emulator().state.addTask({ status: 'ready', result_data: 'Two goals and a red card.' });
		const [item] = (await run({ operation: 'get', taskId: byId(seeded.task_id) })).output('Task');
		expect(item.json).toMatchObject({
			taskId: seeded.task_id,
			status: 'ready',
			text: 'Two goals and a red card.',
			finishReason: 'stop',
			truncated: false,
			// Seeded tasks echo a 120 s video and TwelveLabs' token counts.
			usage: { inputTokens: 1200, outputTokens: expect.any(Number), videoSeconds: 120, segmentDefinitions: null },
			generationId: expect.any(String),
			task: { task_id: seeded.task_id, status: 'ready' },
		});
	});

	it('a failed task carries its message; a canceled one is final too', async () => {
		const failed = emulator().state.addTask({ status: 'failed', error_message: 'The video is too short.' });
		const canceled = emulator().state.addTask({ status: 'canceled' });
		expect((await run({ operation: 'get', taskId: byId(failed.task_id) })).output('Task')[0].json).toMatchObject({
			status: 'failed',
			errorMessage: 'The video is too short.',
		});
		expect((await run({ operation: 'get', taskId: byId(canceled.task_id) })).output('Task')[0].json).toMatchObject({ status: 'canceled' });
	});

	it('a segmentation: segments per definition, or one item per segment with Split Into Items', async () => {
		const seeded = emulator().state.addTask({ status: 'ready', analysis_mode: 'time_based_metadata', result_data: SEGMENTS });
		const [whole] = (await run({ operation: 'get', taskId: byId(seeded.task_id) })).output('Task');
		expect(whole.json.data).toEqual(JSON.parse(SEGMENTS));

		const split = (await run({ operation: 'get', taskId: byId(seeded.task_id), options: { splitIntoItems: true } })).output('Task');
		expect(split.map((item) => item.json)).toEqual([
			{ definitionId: 'goal', start: 12.5, end: 18, scorer: 'Kane', assists: ['Son'], taskId: seeded.task_id },
			{ definitionId: 'goal', start: 70, end: 75.5, scorer: 'Son', assists: [], taskId: seeded.task_id },
			{ definitionId: 'foul', start: 30, end: 33, card: 'yellow', taskId: seeded.task_id },
		]);
		expect(split.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	it('Split Into Items on a task that is not ready, or cut off, gives its usual item', async () => {
		const running = emulator().state.addTask({ status: 'processing', analysis_mode: 'time_based_metadata' });
		const cut = emulator().state.addTask({ status: 'ready', analysis_mode: 'time_based_metadata', result_data: SEGMENTS.slice(0, 40) });
		const runningItems = (await run({ operation: 'get', taskId: byId(running.task_id), options: { splitIntoItems: true } })).output('Task');
		expect(runningItems).toHaveLength(1);
		expect(runningItems[0].json.status).toBe('processing');
		const cutItems = (await run({ operation: 'get', taskId: byId(cut.task_id), options: { splitIntoItems: true } })).output('Task');
		expect(cutItems).toHaveLength(1);
		expect(cutItems[0].json.warning).toContain('not valid JSON');
	});

	it('a 429 and a 503 are retried', async () => {
		const seeded = emulator().state.addTask({ status: 'ready' });
		emulator().faults.next(TASK_ROUTE, { kind: 'status', status: 503 }, { kind: 'status', status: 429, headers: { 'retry-after': '0' } });
		const result = await run({ operation: 'get', taskId: byId(seeded.task_id) });
		expect(result.status).toBe('success');
		expect(routesSeen(emulator())).toHaveLength(3);
	});

	it('an unknown task is the API\'s 404; an empty ID stops before any request', async () => {
		const missing = await run({ operation: 'get', taskId: byId('0123456789abcdef01234567') });
		expect((missing.nodeError('Task') as Error & { httpCode?: string }).httpCode).toBe('404');
		emulator().requests.length = 0;
		const empty = await run({ operation: 'get', taskId: byId('={{ "" }}') });
		expect(empty.nodeError('Task')?.message).toBe('Task: is empty');
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Async Task: List', () => {
	it('Return All walks every page of 50; Limit asks for no more than it needs', async () => {
		for (let index = 0; index < 60; index++) emulator().state.addTask({ created_at: Date.UTC(2025, 0, 1) + index * 1000 });
		const all = await run({ operation: 'list', returnAll: true });
		expect(all.output('Task')).toHaveLength(60);
		expect(emulator().requests.map((request) => request.query)).toEqual([
			{ page: '1', page_limit: '50' },
			{ page: '2', page_limit: '50' },
		]);
		emulator().requests.length = 0;
		const some = await run({ operation: 'list', returnAll: false, limit: 3 });
		expect(some.output('Task').map((item) => item.json.task)).toEqual(emulator().state.listTasks().slice(0, 3));
		expect(emulator().requests.map((request) => request.query)).toEqual([{ page: '1', page_limit: '3' }]);
	});

	it('sends each filter and returns only what matches', async () => {
		const asset = emulator().state.addAsset();
		const wanted = emulator().state.addTask({ status: 'ready', asset_id: asset._id, analysis_mode: 'time_based_metadata', result_data: SEGMENTS });
		emulator().state.addTask({ status: 'ready', asset_id: asset._id });
		emulator().state.addTask({ status: 'processing', asset_id: asset._id, analysis_mode: 'time_based_metadata' });
		const result = await run({
			operation: 'list',
			returnAll: true,
			filters: { status: 'ready', assetId: asset._id, analysisMode: 'time_based_metadata' },
		});
		expect(result.output('Task').map((item) => item.json.taskId)).toEqual([wanted.task_id]);
		expect(emulator().requests[0].query).toEqual({ page: '1', page_limit: '50', status: 'ready', asset_id: asset._id, analysis_mode: 'time_based_metadata' });
	});

	it('filters by exact video URL, and by the canceled status', async () => {
		const byUrl = emulator().state.addTask({ video_url: 'https://cdn.example.com/a.mp4' });
		emulator().state.addTask({ video_url: 'https://cdn.example.com/b.mp4' });
		const canceled = emulator().state.addTask({ status: 'canceled' });
		const urlResult = await run({ operation: 'list', returnAll: true, filters: { videoUrl: 'https://cdn.example.com/a.mp4' } });
		expect(urlResult.output('Task').map((item) => item.json.taskId)).toEqual([byUrl.task_id]);
		const canceledResult = await run({ operation: 'list', returnAll: true, filters: { status: 'canceled' } });
		expect(canceledResult.output('Task').map((item) => item.json.taskId)).toEqual([canceled.task_id]);
	});

	it('a 429 and a 503 are retried', async () => {
		emulator().state.addTask();
		emulator().faults.next(LIST_ROUTE, { kind: 'status', status: 503 }, { kind: 'status', status: 429, headers: { 'retry-after': '0' } });
		const result = await run({ operation: 'list', returnAll: true });
		expect(result.status).toBe('success');
		expect(result.output('Task')).toHaveLength(1);
		expect(routesSeen(emulator())).toEqual(['GET /analyze/tasks', 'GET /analyze/tasks', 'GET /analyze/tasks']);
	});

	it('a video URL filter that is not a URL stops before any request', async () => {
		const result = await run({ operation: 'list', returnAll: true, filters: { videoUrl: 'match.mp4' } });
		expect(result.nodeError('Task')?.message).toBe('Video URL: "match.mp4" is not an http(s) URL');
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Async Task: Delete', () => {
	it('deletes a finished task', async () => {
		const seeded = emulator().state.addTask({ status: 'ready' });
		const result = await run({ operation: 'delete', taskId: byId(seeded.task_id) });
		expect(result.output('Task')[0].json).toEqual({ taskId: seeded.task_id, deleted: true });
		expect(emulator().state.getTask(seeded.task_id)).toBeUndefined();
	});

	it('a 409 for a task still processing is explained: cancel it or wait', async () => {
		const seeded = emulator().state.addTask({ status: 'processing' });
		const result = await run({ operation: 'delete', taskId: byId(seeded.task_id) });
		const error = result.nodeError('Task') as Error & { httpCode?: string; description?: string };
		expect(error.httpCode).toBe('409');
		expect(error.message).toContain('[task_cannot_be_deleted]');
		expect(error.description).toMatch(/^The task is still processing: cancel it \(Cancel operation\) or wait until it finishes/);
		expect(routesSeen(emulator())).toEqual([`DELETE /analyze/tasks/${seeded.task_id}`]);
	});

	it('with Continue On Fail, each task gets its own outcome', async () => {
		const done = emulator().state.addTask({ status: 'failed' });
		const busy = emulator().state.addTask({ status: 'queued' });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Ids', [{ json: { id: done.task_id } }, { json: { id: busy.task_id } }]),
				twelveLabsNode(
					'twelveLabsAsyncTask',
					{ resource: 'task', operation: 'delete', taskId: byId('={{ $json.id }}') },
					{ name: 'Task', onError: 'continueRegularOutput' },
				),
			),
			harnessOptions(emulator()),
		);
		const items = result.output('Task');
		expect(items[0].json).toEqual({ taskId: done.task_id, deleted: true });
		expect(items[1].json.error).toContain('[task_cannot_be_deleted]');
		expect(items[1].json.errorDescription).toContain('still processing');
	});
});

describe('TwelveLabs Async Task: Cancel', () => {
	it('cancels a queued task, which then reads canceled', async () => {
		const seeded = emulator().state.addTask();
		const result = await run({ operation: 'cancel', taskId: byId(seeded.task_id) });
		expect(result.output('Task')[0].json).toEqual({ taskId: seeded.task_id, status: 'canceled', canceled: true });
		expect(emulator().state.getTask(seeded.task_id)?.status).toBe('canceled');
		expect(routesSeen(emulator())).toEqual([`POST /analyze/tasks/${seeded.task_id}/cancel`]);
	});

	it('a finished task cannot be canceled, and the error says so', async () => {
		const seeded = emulator().state.addTask({ status: 'ready' });
		const error = (await run({ operation: 'cancel', taskId: byId(seeded.task_id) })).nodeError('Task') as Error & { description?: string };
		expect(error.message).toContain('[task_not_cancelable]');
		expect(error.description).toContain('already finished');
	});

	it('an unknown task is reported as the API\'s 404, after checking the task', async () => {
		const error = (await run({ operation: 'cancel', taskId: byId('0123456789abcdef01234567') })).nodeError('Task') as Error & { httpCode?: string };
		expect(error.httpCode).toBe('404');
		expect(error.message).toContain('[resource_not_exist]');
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks/0123456789abcdef01234567/cancel', 'GET /analyze/tasks/0123456789abcdef01234567']);
	});

	it('a 405 from the route means this API version cannot cancel', async () => {
		const seeded = emulator().state.addTask();
		emulator().faults.next({ method: 'POST', path: '/analyze/tasks/{task_id}/cancel' }, { kind: 'status', status: 405 });
		const error = (await run({ operation: 'cancel', taskId: byId(seeded.task_id) })).nodeError('Task') as Error & { description?: string };
		expect(error.message).toBe('This TwelveLabs API version does not support canceling analysis tasks');
		expect(error.description).toContain('answered 405');
	});
});

describe('TwelveLabs Async Task: Cancel against an API without the cancel route', () => {
	const legacy = useEmulator({ extensions: { cancel: false } });

	it('says the API version does not support it, since the task exists', async () => {
		const seeded = legacy().state.addTask();
		const result = await runWorkflow(
			chain(manualTrigger(), twelveLabsNode('twelveLabsAsyncTask', { resource: 'task', operation: 'cancel', taskId: byId(seeded.task_id) }, { name: 'Task' })),
			harnessOptions(legacy()),
		);
		const error = result.nodeError('Task') as Error & { description?: string };
		expect(error.message).toBe('This TwelveLabs API version does not support canceling analysis tasks');
		expect(error.description).toContain(`answered 404, although task ${seeded.task_id} exists`);
		expect(routesSeen(legacy())).toEqual([`POST /analyze/tasks/${seeded.task_id}/cancel`, `GET /analyze/tasks/${seeded.task_id}`]);
		expect(legacy().state.getTask(seeded.task_id)?.status).toBe('queued');
	});
});
