/** TwelveLabs Trigger, Batch Finished: each completed, canceled or expired batch is emitted exactly once, with its counts. */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator/index';
import { useEmulator } from '../emulator/jest';
import { call } from '../emulator/test-helpers';
import type { PollResult } from '../harness';
import { runPoll } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';
import { runManualPollLive } from '../trigger-support/activationPoll';

const emulator = useEmulator();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let nodeCount = 0;
function triggerNode(parameters: IDataObject = {}): INode {
	return twelveLabsNode('twelveLabsTrigger', { events: ['batchFinished'], ...parameters } as never, {
		name: 'Trigger',
		id: `batch-trigger-${++nodeCount}`,
	});
}

async function poll(node: INode, staticData: IDataObject): Promise<PollResult> {
	emulator().requests.length = 0;
	const result = await runPoll(node, { ...harnessOptions(emulator()), staticData });
	if (result.error) throw result.error;
	return result;
}

const emitted = (items: INodeExecutionData[][] | null): IDataObject[] => (items?.[0] ?? []).map((item) => item.json);
const emittedIds = (items: INodeExecutionData[][] | null): string[] => emitted(items).map((json) => String(json.batchId ?? json.taskId));

const requestLines = () =>
	emulator().requests.map((request) => {
		const query = new URLSearchParams();
		for (const [key, value] of Object.entries(request.query)) for (const v of [value].flat()) query.append(key, v);
		return `${request.method} ${request.path}${query.size ? `?${query.toString()}` : ''}`;
	});

/** A batch of `size` ready assets, created over HTTP; returns its id and task ids. */
async function createBatch(emu: Emulator, size = 2, mode: 'general' | 'time_based_metadata' = 'general'): Promise<{ id: string; tasks: string[] }> {
	const requests = Array.from({ length: size }, (_, i) => ({
		video: { type: 'asset_id', asset_id: emu.state.addAsset()._id },
		custom_id: `item-${i}`,
	}));
	const defaults =
		mode === 'general'
			? { prompt: { input_text: 'Summarize.' } }
			: { response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'scene', description: 'Scenes' }] } };
	const res = await call(emu, 'POST', '/analyze/batches', { body: { model_name: 'pegasus1.5', analysis_mode: mode, defaults, requests } });
	expect(res.status).toBe(201);
	const created = res.json as { batch_id: string; items: { task_id: string }[] };
	return { id: created.batch_id, tasks: created.items.map((item) => item.task_id) };
}

describe('TwelveLabs Trigger: Batch Finished', () => {
	it('seeds without emitting, then emits a batch once when it completes, with its counts', async () => {
		const emu = emulator();
		const done = await createBatch(emu);
		emu.clock.advance(MINUTE);
		const running = await createBatch(emu, 3);
		emu.state.setTaskReadyAfter(running.tasks[2], 10 * MINUTE);
		emu.faults.next({ method: 'POST', path: '/analyze/batches' }, { kind: 'fail-items', customIds: ['item-1'] });
		const node = triggerNode();

		const seed = await poll(node, {});
		expect(seed.items).toBeNull();
		expect(requestLines()).toEqual([
			'GET /analyze/batches?status=pending&status=processing&status=canceling&page=1&page_limit=50',
			'GET /analyze/batches?page=1&page_limit=50',
		]);
		expect(emittedIds(seed.items)).not.toContain(done.id);

		emu.clock.advance(MINUTE);
		const quiet = await poll(node, seed.staticData);
		expect(quiet.items).toBeNull();
		expect(requestLines()).toEqual(['GET /analyze/batches?page=1&page_limit=50']);

		emu.clock.advance(10 * MINUTE);
		const finished = await poll(node, quiet.staticData);
		expect(emitted(finished.items)).toEqual([
			expect.objectContaining({
				event: 'analyze.batch.completed',
				batchId: running.id,
				status: 'completed',
				analysisMode: 'general',
				totalItems: 3,
				readyItems: 3,
				failedItems: 0,
				canceledItems: 0,
				finishedAt: '2026-01-01T00:11:00.000Z',
			}),
		]);
		expect((await poll(node, finished.staticData)).items).toBeNull();
	});

	it('a batch created and finished between two polls is emitted once; canceled and expired ones too', async () => {
		const emu = emulator();
		const node = triggerNode();
		const seed = await poll(node, {});
		const quick = await createBatch(emu);
		const canceled = await createBatch(emu);
		await call(emu, 'POST', `/analyze/batches/${canceled.id}/cancel`);
		const stuck = await createBatch(emu, 1);
		emu.state.setTaskReadyAfter(stuck.tasks[0], 2 * DAY);
		emu.clock.advance(MINUTE);

		const first = await poll(node, seed.staticData);
		expect(emitted(first.items).map((json) => [json.batchId, json.event])).toEqual([
			[canceled.id, 'analyze.batch.canceled'],
			[quick.id, 'analyze.batch.completed'],
		]);
		expect(emitted(first.items)[0]).toMatchObject({ canceledItems: 2, readyItems: 0 });

		emu.clock.advance(DAY);
		const expired = await poll(node, first.staticData);
		expect(emitted(expired.items)).toEqual([
			expect.objectContaining({ event: 'analyze.batch.expired', batchId: stuck.id, canceledItems: 1, finishedAt: expect.any(String) }),
		]);
		expect((await poll(node, expired.staticData)).items).toBeNull();
	});

	it('with the task events too, the batch\'s tasks are emitted as tasks and the batch once, each round with its own state', async () => {
		const emu = emulator();
		const node = triggerNode({ events: ['ready', 'batchFinished'] });
		const seed = await poll(node, {});
		const batch = await createBatch(emu, 2);
		emu.clock.advance(MINUTE);
		const first = await poll(node, seed.staticData);
		expect(emittedIds(first.items).sort()).toEqual([...batch.tasks, batch.id].sort());
		expect((await poll(node, first.staticData)).items).toBeNull();
	});

	it('the Analysis Mode filter narrows the batches too', async () => {
		const emu = emulator();
		const node = triggerNode({ filters: { analysisMode: 'time_based_metadata' } });
		const seed = await poll(node, {});
		await createBatch(emu, 1, 'general');
		const segments = await createBatch(emu, 1, 'time_based_metadata');
		emu.clock.advance(MINUTE);
		const first = await poll(node, seed.staticData);
		expect(emittedIds(first.items)).toEqual([segments.id]);
		expect(requestLines()[0]).toBe('GET /analyze/batches?analysis_mode=time_based_metadata&page=1&page_limit=50');
	});

	it('a quiet poll with 4 active batches behind 60 finished ones costs 2 requests; each batch is emitted once', async () => {
		const emu = emulator();
		const active: string[] = [];
		for (let i = 0; i < 4; i++) {
			const batch = await createBatch(emu, 1);
			emu.state.setTaskReadyAfter(batch.tasks[0], 5 * 60 * MINUTE);
			active.push(batch.id);
		}
		const node = triggerNode();
		const seed = await poll(node, {});
		// 60 newer batches, each finished before the next starts (the account allows 5 active).
		const finished: string[] = [];
		for (let i = 0; i < 60; i++) {
			finished.push((await createBatch(emu, 1)).id);
			emu.clock.advance(5000);
		}
		const drain = await poll(node, seed.staticData);
		expect(emittedIds(drain.items)).toEqual(finished);
		const quiet = await poll(node, drain.staticData);
		expect(quiet.items).toBeNull();
		expect(requestLines()).toEqual([
			'GET /analyze/batches?page=1&page_limit=50',
			'GET /analyze/batches?status=pending&status=processing&status=canceling&page=1&page_limit=50',
		]);
		emu.clock.advance(5 * 60 * MINUTE);
		const last = await poll(node, quiet.staticData);
		expect(emittedIds(last.items).sort()).toEqual([...active].sort());
		expect((await poll(node, last.staticData)).items).toBeNull();
	});

	it('Fetch test event with Batch Finished alone shows the newest finished batch', async () => {
		const emu = emulator();
		await createBatch(emu);
		const newest = await createBatch(emu);
		emu.clock.advance(MINUTE);
		const manual = await runManualPollLive(triggerNode(), { ...harnessOptions(emu) });
		expect(emittedIds(manual.items)).toEqual([newest.id]);
	});
});
