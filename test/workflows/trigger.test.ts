/** TwelveLabs Trigger (polling) against the emulator, through n8n-core's PollContext. */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { call } from '../emulator/test-helpers';
import type { PollResult } from '../harness';
import { runPoll } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';
import { runActivationPoll, runManualPollLive } from '../trigger-support/activationPoll';

const emulator = useEmulator();
const VIDEO = { type: 'url', url: 'https://example.com/video.mp4' };
const MINUTE = 60_000;

let nodeCount = 0;
/** A fresh node id per test: the trigger's in-process memory is keyed by workflow and node. */
function triggerNode(parameters: IDataObject = {}): INode {
	return twelveLabsNode(
		'twelveLabsTrigger',
		{ events: ['ready', 'failed'], ...parameters } as never,
		{ name: 'Trigger', id: `trigger-${++nodeCount}` },
	);
}

async function poll(node: INode, staticData: IDataObject, extra: { pollBudgetMs?: number } = {}): Promise<PollResult> {
	const result = await runPoll(node, { ...harnessOptions(emulator()), staticData, ...extra });
	if (result.error) throw result.error;
	return result;
}

const emitted = (items: INodeExecutionData[][] | null): string[] => (items?.[0] ?? []).map((item) => String(item.json.taskId));

/** Each request as `path?query` without page_limit noise. */
const requestLines = () =>
	emulator().requests.map((request) => {
		const query = new URLSearchParams(request.query as Record<string, string>).toString();
		return `${request.method} ${request.path}${query ? `?${query}` : ''}`;
	});

describe('TwelveLabs Trigger: seeding', () => {
	it('first activation remembers what exists and emits nothing; tasks finishing later are emitted once', async () => {
		const { state, clock } = emulator();
		state.addTask({ status: 'ready' });
		state.addTask({ status: 'failed' });
		const slow = state.addTask({ readyAfterMs: 10 * MINUTE });
		clock.advance(MINUTE);
		const quick = state.addTask();
		const node = triggerNode();

		const seed = await poll(node, {});
		expect(seed.items).toBeNull();
		expect(requestLines()).toEqual([
			'GET /analyze/tasks?status=queued&page=1&page_limit=50',
			'GET /analyze/tasks?status=pending&page=1&page_limit=50',
			'GET /analyze/tasks?status=processing&page=1&page_limit=50',
			'GET /analyze/tasks?page=1&page_limit=50',
		]);

		clock.advance(MINUTE);
		const second = await poll(node, seed.staticData);
		expect(emitted(second.items)).toEqual([quick.task_id]);

		clock.advance(10 * MINUTE);
		const third = await poll(node, second.staticData);
		expect(emitted(third.items)).toEqual([slow.task_id]);

		const fourth = await poll(node, third.staticData);
		expect(fourth.items).toBeNull();
	});

	it('with Emit Tasks Finished Before Activation, the first poll emits the newest finished ones', async () => {
		const { state, clock } = emulator();
		const finished = Array.from({ length: 5 }, () => {
			clock.advance(1000);
			return state.addTask({ status: 'ready' });
		});
		state.addTask({ status: 'failed' });
		const node = triggerNode({ events: ['ready'], options: { emitExisting: true, maxExisting: 3 } });
		const seed = await poll(node, {});
		expect(emitted(seed.items)).toEqual(finished.slice(2).map((task) => task.task_id));

		const next = await poll(node, seed.staticData);
		expect(next.items).toBeNull();
	});

	it('a task finishing between publishing and the first scheduled poll is emitted (n8n 2.x drops the publish poll\'s state)', async () => {
		const { state, clock } = emulator();
		state.addTask({ status: 'ready' });
		const running = state.addTask({ readyAfterMs: 2 * MINUTE });
		const node = triggerNode();

		const publish = await runActivationPoll(node, { ...harnessOptions(emulator()) });
		expect(publish.error).toBeUndefined();
		expect(publish.items).toBeNull();
		// As n8n 2.x does with durable poll cursors: the node's state of a publish poll that emitted
		// nothing is not kept (the seed is recorded in the workflow's global static data instead).
		expect(publish.staticData['node:Trigger']).toBeUndefined();

		clock.advance(5 * MINUTE);
		const created = state.addTask({ status: 'ready' });
		const first = await poll(node, publish.staticData);
		expect(emitted(first.items).sort()).toEqual([created.task_id, running.task_id].sort());
		const second = await poll(node, first.staticData);
		expect(second.items).toBeNull();
	});

	it('on n8n 1.x, where the publish poll\'s state is kept, the same task is emitted exactly once', async () => {
		const { state, clock } = emulator();
		const running = state.addTask({ readyAfterMs: 2 * MINUTE });
		const node = triggerNode();
		const publish = await poll(node, {});
		clock.advance(5 * MINUTE);
		const first = await poll(node, publish.staticData);
		expect(emitted(first.items)).toEqual([running.task_id]);
		expect((await poll(node, first.staticData)).items).toBeNull();
	});

	it('changing the filters starts again from a fresh seed', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const seeded = await poll(node, {});
		state.addTask({ status: 'ready', asset_id: 'asset-a' });
		clock.advance(1000);
		const filtered = { ...node, parameters: { ...node.parameters, filters: { assetId: { __rl: true, mode: 'id', value: 'asset-a' } } } };
		const reseeded = await poll(filtered, seeded.staticData);
		expect(reseeded.items).toBeNull();
	});
});

describe('TwelveLabs Trigger: polling', () => {
	it('emits the full task, parsed as the Async Task node does (list entries are cut short)', async () => {
		const node = triggerNode();
		const seed = await poll(node, {});
		const schema = { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] };
		const prompt = 'List the topics of this talk, one short phrase each, in order.';
		const created = await call(emulator(), 'POST', '/analyze/tasks', {
			body: { model_name: 'pegasus1.5', video: VIDEO, prompt, custom_id: 'talk-42', response_format: { type: 'json_schema', json_schema: schema } },
		});
		const taskId = (created.json as { task_id: string }).task_id;
		emulator().clock.advance(MINUTE);
		emulator().requests.length = 0;

		const result = await poll(node, seed.staticData);
		const [item] = result.items?.[0] ?? [];
		expect(item.json).toMatchObject({
			event: 'analyze.task.ready',
			taskId,
			status: 'ready',
			customId: 'talk-42',
			data: { topic: expect.any(String) },
		});
		expect(Object.keys(item.json)[0]).toBe('event');
		const task = item.json.task as IDataObject;
		expect((task.request_params as IDataObject).prompt).toBe(prompt);
		expect(((task.request_params as IDataObject).response_format as IDataObject).json_schema).toEqual(schema);
		expect(requestLines()).toEqual(['GET /analyze/tasks?page=1&page_limit=50', `GET /analyze/tasks/${taskId}`]);
	});

	it('emits failed and canceled tasks as failures, with the error message', async () => {
		const { state, clock } = emulator();
		const node = triggerNode({ events: ['failed'] });
		const seed = await poll(node, {});
		const failing = state.addTask({ readyAfterMs: 2 * MINUTE });
		state.setTaskOutcome(failing.task_id, 'failed', { message: 'The video is too short.' });
		const canceled = state.addTask({ readyAfterMs: 10 * MINUTE });
		const ready = state.addTask();
		clock.advance(MINUTE);
		expect((await call(emulator(), 'POST', `/analyze/tasks/${canceled.task_id}/cancel`)).status).toBe(200);
		clock.advance(5 * MINUTE);

		const result = await poll(node, seed.staticData);
		const items = result.items?.[0] ?? [];
		expect(items.map((item) => [item.json.taskId, item.json.event])).toEqual(
			expect.arrayContaining([
				[failing.task_id, 'analyze.task.failed'],
				[canceled.task_id, 'analyze.task.canceled'],
			]),
		);
		expect(items).toHaveLength(2);
		expect(items.find((item) => item.json.taskId === failing.task_id)?.json.errorMessage).toBe('The video is too short.');
		expect(emitted(result.items)).not.toContain(ready.task_id);
		// Tasks of an event not chosen are not even retrieved.
		expect(emulator().requests.some((request) => request.path.endsWith(ready.task_id))).toBe(false);
	});

	it('a task created long ago that finishes after newer ones is emitted when it finishes', async () => {
		const { state, clock } = emulator();
		const old = state.addTask({ readyAfterMs: 60 * MINUTE });
		for (let index = 0; index < 120; index++) {
			clock.advance(1000);
			state.addTask({ status: 'ready' });
		}
		const node = triggerNode();
		let staticData = (await poll(node, {})).staticData;
		const newer = Array.from({ length: 3 }, () => state.addTask({ readyAfterMs: MINUTE }));
		clock.advance(2 * MINUTE);
		const first = await poll(node, staticData);
		expect(emitted(first.items).sort()).toEqual(newer.map((task) => task.task_id).sort());
		staticData = first.staticData;

		clock.advance(60 * MINUTE);
		emulator().requests.length = 0;
		const second = await poll(node, staticData);
		expect(emitted(second.items)).toEqual([old.task_id]);
		// The head page, then the old task itself: the account's history is not walked.
		expect(requestLines()).toEqual(['GET /analyze/tasks?page=1&page_limit=50', `GET /analyze/tasks/${old.task_id}`]);
	});

	it('sends the filters on every list request and emits only matching tasks', async () => {
		const { state, clock } = emulator();
		const node = triggerNode({
			filters: { analysisMode: 'general', assetId: { __rl: true, mode: 'id', value: 'asset-1' } },
		});
		const seed = await poll(node, {});
		const mine = state.addTask({ asset_id: 'asset-1' });
		state.addTask({ asset_id: 'asset-2' });
		clock.advance(MINUTE);
		const result = await poll(node, seed.staticData);
		expect(emitted(result.items)).toEqual([mine.task_id]);
		const lists = emulator().requests.filter((request) => request.path === '/analyze/tasks');
		expect(lists.length).toBeGreaterThan(0);
		expect(lists.every((request) => request.query.asset_id === 'asset-1' && request.query.analysis_mode === 'general')).toBe(true);
	});

	it('a poll that fails half-way changes nothing, and the next one emits everything once', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const seed = await poll(node, {});
		const tasks = Array.from({ length: 3 }, () => state.addTask());
		clock.advance(MINUTE);
		// The second retrieval is refused (not a status the transport retries).
		emulator().faults.next(
			{ method: 'GET', path: '/analyze/tasks/{task_id}' },
			{ kind: 'delay', ms: 0 },
			{ kind: 'status', status: 403, body: { error: { code: 'api_not_allowed', message: 'Not now.' } } },
		);
		const failed = await runPoll(node, { ...harnessOptions(emulator()), staticData: seed.staticData });
		expect(failed.error?.message).toContain('[api_not_allowed]');
		expect(failed.items).toBeNull();
		expect(failed.staticData).toEqual(seed.staticData);
		expect(emulator().requests.filter((request) => request.path.startsWith('/analyze/tasks/'))).toHaveLength(2);

		const retried = await poll(node, failed.staticData);
		expect(emitted(retried.items).sort()).toEqual(tasks.map((task) => task.task_id).sort());
		expect((await poll(node, retried.staticData)).items).toBeNull();
	});

	it('with a poll budget used up, emits what it has and leaves the rest to the next poll', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const seed = await poll(node, {});
		const tasks = Array.from({ length: 4 }, () => state.addTask());
		clock.advance(MINUTE);
		const starved = await poll(node, seed.staticData, { pollBudgetMs: 0 });
		expect(starved.items).toBeNull();
		expect(emulator().requests.filter((request) => request.path.startsWith('/analyze/tasks/'))).toHaveLength(0);
		const next = await poll(node, starved.staticData);
		expect(emitted(next.items).sort()).toEqual(tasks.map((task) => task.task_id).sort());
	});

	it('a tracked task deleted before it was seen finished is dropped quietly', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const doomed = state.addTask({ readyAfterMs: MINUTE });
		const seed = await poll(node, {});
		clock.advance(2 * MINUTE);
		expect((await call(emulator(), 'DELETE', `/analyze/tasks/${doomed.task_id}`)).status).toBe(200);
		const result = await poll(node, seed.staticData);
		expect(result.items).toBeNull();
		const tracked = ((result.staticData['node:Trigger'] as IDataObject).taskTrigger as IDataObject).tracked;
		expect(tracked).toEqual([]);
	});

	it('two overlapping polls never emit a task twice', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const seed = await poll(node, {});
		const tasks = Array.from({ length: 5 }, () => state.addTask());
		clock.advance(MINUTE);
		// Hold the first poll's first request so the second poll starts while it runs.
		emulator().faults.next({ method: 'GET', path: '/analyze/tasks' }, { kind: 'delay', ms: 150 });
		const [one, two] = await Promise.all([poll(node, seed.staticData), poll(node, seed.staticData)]);
		const all = [...emitted(one.items), ...emitted(two.items)];
		expect(all.sort()).toEqual(tasks.map((task) => task.task_id).sort());
		const winner = one.items ? one : two;
		expect((await poll(node, winner.staticData)).items).toBeNull();
	});

	it('stops before any request when no event is chosen, naming the parameter', async () => {
		const result = await runPoll(triggerNode({ events: [] }), { ...harnessOptions(emulator()), staticData: {} });
		expect(result.error?.message).toBe('Events: no event is selected');
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Trigger: Fetch test event', () => {
	it('returns the newest matching finished task in full and writes no state', async () => {
		const { state, clock } = emulator();
		state.addTask({ status: 'ready' });
		clock.advance(1000);
		const newestFailed = state.addTask({ status: 'failed', error_message: 'Unsupported codec.' });
		clock.advance(1000);
		state.addTask({ readyAfterMs: MINUTE });
		const node = triggerNode({ events: ['failed'] });

		const manual = await runManualPollLive(node, { ...harnessOptions(emulator()) });
		expect(manual.items?.[0]).toHaveLength(1);
		expect(manual.items?.[0][0].json).toMatchObject({
			event: 'analyze.task.failed',
			taskId: newestFailed.task_id,
			errorMessage: 'Unsupported codec.',
		});
		expect(manual.staticData).toEqual({});

		// With state already there, it stays exactly as it was.
		const stored = (await poll(triggerNode(), {})).staticData;
		const again = await runManualPollLive(node, { ...harnessOptions(emulator()), staticData: stored });
		expect(again.staticData).toEqual(stored);
	});

	it('returns nothing when no task matches yet', async () => {
		emulator().state.addTask({ readyAfterMs: MINUTE });
		const manual = await runManualPollLive(triggerNode(), { ...harnessOptions(emulator()) });
		expect(manual.items).toBeNull();
	});
});
