/** /analyze/batches over real HTTP: each rule refused and accepted, the lifecycle on the clock, results. */
import { request } from 'undici';
import { type Emulator, startEmulator } from './index';
import { useEmulator } from './jest';
import { call, expectViolation } from './test-helpers';
import type { AnalyzeBatch, BatchResultLine } from './types';

const emulator = useEmulator();
const DAY = 24 * 60 * 60 * 1000;

type Obj = Record<string, unknown>;

function batchBody(assetIds: string[], extra: Obj = {}, perItem: (i: number) => Obj = (i) => ({ custom_id: `video-${i}` })): Obj {
	return {
		model_name: 'pegasus1.5',
		analysis_mode: 'general',
		defaults: { prompt: { input_text: 'Summarize the video.' } },
		requests: assetIds.map((id, i) => ({ video: { type: 'asset_id', asset_id: id }, ...perItem(i) })),
		...extra,
	};
}

function assets(emu: Emulator, count: number): string[] {
	return Array.from({ length: count }, (_, i) => emu.state.addAsset({ filename: `v${i}.mp4` })._id);
}

interface Created {
	batch_id: string;
	status: string;
	total_items: number;
	items: { task_id: string; custom_id: string | null }[];
}

async function create(emu: Emulator, body: Obj): Promise<Created> {
	const res = await call(emu, 'POST', '/analyze/batches', { body });
	expect(res.status).toBe(201);
	return res.json as Created;
}

async function get(emu: Emulator, id: string): Promise<AnalyzeBatch> {
	const res = await call(emu, 'GET', `/analyze/batches/${id}`);
	expect(res.status).toBe(200);
	return res.json as AnalyzeBatch;
}

async function results(emu: Emulator, id: string): Promise<{ lines: BatchResultLine[]; contentType: string }> {
	const res = await call(emu, 'GET', `/analyze/batches/${id}/results`);
	expect(res.status).toBe(200);
	const lines = res.text
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => JSON.parse(l) as BatchResultLine);
	return { lines, contentType: res.headers.get('content-type') ?? '' };
}

function counts(b: AnalyzeBatch): number[] {
	return [b.queued_items, b.processing_items, b.ready_items, b.failed_items, b.canceled_items];
}

describe('POST /analyze/batches', () => {
	it('creates one task per request: 201 with items [{task_id, custom_id}] in request order, custom_id null when absent', async () => {
		const emu = emulator();
		const ids = assets(emu, 3);
		const created = await create(emu, batchBody(ids, {}, (i) => (i === 1 ? {} : { custom_id: `video-${i}` })));
		expect(created).toMatchObject({ status: 'pending', total_items: 3 });
		expect(created.items.map((i) => i.custom_id)).toEqual(['video-0', null, 'video-2']);
		const task = await call(emu, 'GET', `/analyze/tasks/${created.items[0].task_id}`);
		expect(task.json).toMatchObject({ custom_id: 'video-0', video_source: { type: 'asset_id', asset_id: ids[0] } });
	});

	it('refuses a model other than pegasus1.5 as a spec violation (the enum has only pegasus1.5)', async () => {
		const emu = emulator();
		const res = await call(emu, 'POST', '/analyze/batches', { body: { ...batchBody(assets(emu, 1)), model_name: 'pegasus1.2' } });
		expect(res.status).toBe(400);
		expectViolation(emu, /model_name/);
	});

	it('refuses a video given by URL as a spec violation', async () => {
		const emu = emulator();
		const body = batchBody([]);
		body.requests = [{ video: { type: 'url', url: 'https://example.com/a.mp4' } }];
		const res = await call(emu, 'POST', '/analyze/batches', { body });
		expect(res.status).toBe(400);
		expectViolation(emu, /video/);
	});

	it('answers 404 for an unknown asset and 409 asset_not_ready for one still processing', async () => {
		const emu = emulator();
		const missing = await call(emu, 'POST', '/analyze/batches', { body: batchBody(['0123456789abcdef01234567']) });
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ error: { code: 'resource_not_exist' } });
		const processing = emu.state.addAsset({ status: 'processing' })._id;
		const notReady = await call(emu, 'POST', '/analyze/batches', { body: batchBody([processing]) });
		expect(notReady.status).toBe(409);
		expect(notReady.json).toMatchObject({ error: { code: 'asset_not_ready', message: expect.stringContaining('requests[0]') } });
		expect(emu.state.listBatches()).toEqual([]);
	});

	it('refuses a duplicate custom_id, 0 requests and 1,001 requests with 400; accepts 1,000', async () => {
		const emu = emulator();
		const [id] = assets(emu, 1);
		const dup = await call(emu, 'POST', '/analyze/batches', { body: batchBody([id, id], {}, () => ({ custom_id: 'same' })) });
		expect(dup.status).toBe(400);
		expect(dup.json).toMatchObject({ error: { code: 'parameter_invalid', message: expect.stringContaining("requests[1].custom_id 'same'") } });
		const none = await call(emu, 'POST', '/analyze/batches', { body: batchBody([]) });
		expect(none.status).toBe(400);
		const many = Array.from({ length: 1001 }, () => id);
		const tooMany = await call(emu, 'POST', '/analyze/batches', { body: batchBody(many) });
		expect(tooMany.status).toBe(400);
		expect(tooMany.json).toMatchObject({ error: { message: expect.stringContaining('1 to 1000') } });
		const full = await create(emu, batchBody(many.slice(0, 1000)));
		expect(full.items).toHaveLength(1000);
	});

	it('refuses more than 2,000 content hours with 400; exactly 2,000 is accepted', async () => {
		const emu = emulator();
		const long = emu.state.addAsset({ duration: 1000 * 3600 })._id;
		const longer = emu.state.addAsset({ duration: 1000 * 3600 + 1 })._id;
		const over = await call(emu, 'POST', '/analyze/batches', { body: batchBody([long, longer]) });
		expect(over.status).toBe(400);
		expect(over.json).toMatchObject({ error: { code: 'parameter_invalid', message: expect.stringContaining('2,000 hours') } });
		await create(emu, batchBody([long, long], {}, () => ({})));
	});

	it('checks each request as a task: a missing prompt (no item prompt, no default) is 400 naming the item', async () => {
		const emu = emulator();
		const ids = assets(emu, 2);
		const body = batchBody(ids, { defaults: {} }, (i) => (i === 0 ? { prompt: { input_text: 'Title?' } } : {}));
		const res = await call(emu, 'POST', '/analyze/batches', { body });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: { code: 'parameter_not_provided', message: expect.stringMatching(/^requests\[1\]: .*prompt/) } });
	});

	it('refuses an unknown property in a request as a spec violation', async () => {
		const emu = emulator();
		const res = await call(emu, 'POST', '/analyze/batches', { body: batchBody(assets(emu, 1), {}, () => ({ customId: 'x' })) });
		expect(res.status).toBe(400);
		expectViolation(emu, /customId/);
	});

	it('allows 5 active batches; the 6th is 429 too_many_active_batches until one is terminal', async () => {
		const emu = emulator();
		const ids = assets(emu, 1);
		const batches: Created[] = [];
		for (let i = 0; i < 5; i++) batches.push(await create(emu, batchBody(ids)));
		const sixth = await call(emu, 'POST', '/analyze/batches', { body: batchBody(ids) });
		expect(sixth.status).toBe(429);
		expect(sixth.json).toMatchObject({ error: { code: 'too_many_active_batches', message: expect.stringContaining('5 active batches') } });
		await call(emu, 'POST', `/analyze/batches/${batches[0].batch_id}/cancel`);
		await create(emu, batchBody(ids));
	});

	it('items get segmentation answers in time_based_metadata mode and schema-valid JSON with json_schema', async () => {
		const emu = emulator();
		const ids = assets(emu, 1);
		const segments = await create(emu, {
			model_name: 'pegasus1.5',
			analysis_mode: 'time_based_metadata',
			defaults: { response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'scene', description: 'Scenes' }] } },
			requests: [{ video: { type: 'asset_id', asset_id: ids[0] } }],
		});
		const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
		const json = await create(emu, batchBody(ids, {}, () => ({ response_format: { type: 'json_schema', json_schema: schema } })));
		emu.clock.advance(5000);
		const [seg] = (await results(emu, segments.batch_id)).lines;
		expect(Object.keys(JSON.parse(seg.data?.data ?? '{}') as Obj)).toEqual(['scene']);
		const [out] = (await results(emu, json.batch_id)).lines;
		expect(JSON.parse(out.data?.data ?? '{}')).toEqual({ title: expect.any(String) });
	});
});

describe('batch lifecycle', () => {
	it('goes pending -> processing -> completed with per-status counts, completed_at = last item', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 3)));
		expect((await get(emu, created.batch_id)).status).toBe('pending');
		emu.clock.advance(2000);
		const running = await get(emu, created.batch_id);
		expect(running.status).toBe('processing');
		expect(counts(running)).toEqual([0, 3, 0, 0, 0]);
		emu.state.finishTaskNow(created.items[0].task_id);
		expect(counts(await get(emu, created.batch_id))).toEqual([0, 2, 1, 0, 0]);
		emu.clock.advance(3000);
		const done = await get(emu, created.batch_id);
		expect(done).toMatchObject({ status: 'completed', completed_at: '2026-01-01T00:00:05.000Z', ready_items: 3 });
		expect(done.canceled_at).toBeUndefined();
	});

	it('fail-items fault: the named custom_id and asset fail with error {code, message}; the batch still completes', async () => {
		const emu = emulator();
		const ids = assets(emu, 3);
		emu.faults.next({ method: 'POST', path: '/analyze/batches' }, { kind: 'fail-items', customIds: ['video-0'], assetIds: [ids[2]] });
		const created = await create(emu, batchBody(ids));
		emu.clock.advance(5000);
		expect(await get(emu, created.batch_id)).toMatchObject({ status: 'completed', ready_items: 1, failed_items: 2 });
		const { lines } = await results(emu, created.batch_id);
		expect(lines[0]).toEqual({
			task_id: created.items[0].task_id,
			custom_id: 'video-0',
			status: 'failed',
			error: { code: 'asset_unavailable', message: 'The asset could not be read.' },
		});
		expect(lines[1]).toMatchObject({ status: 'ready', data: { data: expect.stringContaining('Summarize the video.') } });
		expect(lines[2].status).toBe('failed');
	});

	it('cancel: 202, queued items canceled, processing ones finish, then canceled; a second cancel is 409 batch_canceled', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 2)));
		emu.clock.advance(2000);
		// A batch whose items are all queued is canceled at once; processing items finish first.
		const early = await create(emu, batchBody(assets(emu, 1)));
		const res = await call(emu, 'POST', `/analyze/batches/${early.batch_id}/cancel`);
		expect(res.status).toBe(202);
		expect(res.json).toMatchObject({ status: 'canceled', canceled_items: 1 });
		const cancel = await call(emu, 'POST', `/analyze/batches/${created.batch_id}/cancel`);
		expect(cancel.json).toMatchObject({ status: 'canceling', processing_items: 2 });
		emu.clock.advance(3000);
		expect(await get(emu, created.batch_id)).toMatchObject({ status: 'canceled', ready_items: 2, canceled_at: '2026-01-01T00:00:05.000Z' });
		const again = await call(emu, 'POST', `/analyze/batches/${created.batch_id}/cancel`);
		expect(again.status).toBe(409);
		expect(again.json).toMatchObject({ error: { code: 'batch_canceled' } });
	});

	it('cancel of a completed batch is 409 batch_completed, of an expired one 409 batch_expired', async () => {
		const emu = emulator();
		const ids = assets(emu, 1);
		const done = await create(emu, batchBody(ids));
		const never = await create(emu, batchBody(ids));
		emu.state.setTaskReadyAfter(never.items[0].task_id, 2 * DAY);
		emu.clock.advance(5000);
		expect((await call(emu, 'POST', `/analyze/batches/${done.batch_id}/cancel`)).json).toMatchObject({ error: { code: 'batch_completed' } });
		emu.clock.advance(DAY);
		const expired = await get(emu, never.batch_id);
		expect(expired).toMatchObject({ status: 'expired', canceled_items: 1, expired_at: expired.expires_at });
		expect((await call(emu, 'POST', `/analyze/batches/${never.batch_id}/cancel`)).json).toMatchObject({ error: { code: 'batch_expired' } });
	});

	it('expiry after 24 h of emulated time: unfinished items are canceled, finished ones stay retrievable', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 2)));
		emu.state.finishTaskNow(created.items[0].task_id);
		emu.state.setTaskReadyAfter(created.items[1].task_id, 2 * DAY);
		emu.clock.advance(DAY - 1);
		expect((await get(emu, created.batch_id)).status).toBe('processing');
		emu.clock.advance(1);
		expect(await get(emu, created.batch_id)).toMatchObject({ status: 'expired', ready_items: 1, canceled_items: 1 });
		expect(emu.state.getTask(created.items[1].task_id)).toMatchObject({ status: 'canceled', completed_at: '2026-01-02T00:00:00.000Z' });
		const { lines } = await results(emu, created.batch_id);
		expect(lines.map((l) => l.status)).toEqual(['ready', 'canceled']);
		emu.clock.advance(29 * DAY);
		expect((await call(emu, 'GET', `/analyze/batches/${created.batch_id}`)).status).toBe(404);
	});

	it('delete: 409 batch_not_terminal while running, 200 once terminal (its tasks go too)', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 1)));
		const early = await call(emu, 'DELETE', `/analyze/batches/${created.batch_id}`);
		expect(early.status).toBe(409);
		expect(early.json).toMatchObject({ error: { code: 'batch_not_terminal' } });
		emu.clock.advance(5000);
		expect((await call(emu, 'DELETE', `/analyze/batches/${created.batch_id}`)).status).toBe(200);
		expect((await call(emu, 'GET', `/analyze/batches/${created.batch_id}`)).status).toBe(404);
		expect((await call(emu, 'GET', `/analyze/tasks/${created.items[0].task_id}`)).status).toBe(404);
	});

	it('batch-owned tasks show as tasks, but cancel and delete must go through the batch (409)', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 1)));
		const taskId = created.items[0].task_id;
		const cancel = await call(emu, 'POST', `/analyze/tasks/${taskId}/cancel`);
		expect(cancel.status).toBe(409);
		expect(cancel.json).toMatchObject({ error: { message: expect.stringContaining('cancel the batch') } });
		emu.clock.advance(5000);
		expect((await call(emu, 'GET', `/analyze/tasks/${taskId}`)).json).toMatchObject({ status: 'ready' });
		expect((await call(emu, 'DELETE', `/analyze/tasks/${taskId}`)).status).toBe(409);
	});
});

describe('GET /analyze/batches and results', () => {
	it('lists newest first with repeated status / analysis_mode filters and page_info', async () => {
		const emu = emulator();
		const ids = assets(emu, 1);
		const first = await create(emu, batchBody(ids));
		emu.clock.advance(5000);
		const second = await create(emu, batchBody(ids));
		const third = await create(emu, batchBody(ids));
		await call(emu, 'POST', `/analyze/batches/${third.batch_id}/cancel`);
		const all = await call(emu, 'GET', '/analyze/batches?page_limit=2');
		expect(all.json).toMatchObject({ page_info: { page: 1, limit_per_page: 2, total_page: 2, total_results: 3 } });
		expect((all.json as { data: AnalyzeBatch[] }).data.map((b) => b.batch_id)).toEqual([third.batch_id, second.batch_id]);
		const some = await call(emu, 'GET', '/analyze/batches?status=completed&status=canceled');
		expect((some.json as { data: AnalyzeBatch[] }).data.map((b) => b.batch_id)).toEqual([third.batch_id, first.batch_id]);
		const one = await call(emu, 'GET', '/analyze/batches?status=pending&analysis_mode=time_based_metadata');
		expect((one.json as { data: AnalyzeBatch[] }).data).toEqual([]);
		const bad = await call(emu, 'GET', '/analyze/batches?status=done');
		expect(bad.status).toBe(400);
		expectViolation(emu, /status/);
	});

	it('results while running list every item with its status; data only when ready (JSON Lines, application/jsonl)', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 3)));
		emu.clock.advance(2000);
		emu.state.finishTaskNow(created.items[1].task_id);
		const { lines, contentType } = await results(emu, created.batch_id);
		expect(contentType).toBe('application/jsonl');
		expect(lines).toEqual([
			{ task_id: created.items[0].task_id, custom_id: 'video-0', status: 'processing' },
			{ task_id: created.items[1].task_id, custom_id: 'video-1', status: 'ready', data: expect.objectContaining({ finish_reason: 'stop' }) },
			{ task_id: created.items[2].task_id, custom_id: 'video-2', status: 'processing' },
		]);
	});

	it('content-type fault answers application/json (the declared reading); cut-stream cuts after N lines', async () => {
		const emu = emulator();
		const created = await create(emu, batchBody(assets(emu, 3)));
		emu.faults.next({ method: 'GET', path: '/analyze/batches/{batch_id}/results' }, { kind: 'content-type', contentType: 'application/json' });
		expect((await results(emu, created.batch_id)).contentType).toBe('application/json');
		emu.faults.next({ method: 'GET', path: '/analyze/batches/{batch_id}/results' }, { kind: 'cut-stream', afterEvents: 2 });
		const res = await request(`${emu.baseUrl}/analyze/batches/${created.batch_id}/results`, { headers: { 'x-api-key': emu.apiKey } });
		let text = '';
		await expect(
			(async () => {
				for await (const chunk of res.body) text += (chunk as Buffer).toString('utf8');
			})(),
		).rejects.toThrow();
		expect(text.split('\n').filter((l) => l !== '')).toHaveLength(2);
	});

	it('the batchResultsContentType option makes application/json the default reading', async () => {
		const emu = await startEmulator({ batchResultsContentType: 'application/json' });
		try {
			const created = await create(emu, batchBody(assets(emu, 1)));
			expect((await results(emu, created.batch_id)).contentType).toBe('application/json');
			expect(emu.violations).toEqual([]);
		} finally {
			await emu.close();
		}
	});

	it('streams 1,000 results lines in request order', async () => {
		const emu = emulator();
		const ids = assets(emu, 1000);
		const created = await create(emu, batchBody(ids));
		emu.clock.advance(5000);
		const { lines } = await results(emu, created.batch_id);
		expect(lines.map((l) => l.custom_id)).toEqual(ids.map((_, i) => `video-${i}`));
		expect(lines.every((l) => l.status === 'ready')).toBe(true);
		expect(emu.routeStats()['GET /analyze/batches/{batch_id}/results'].requests).toBe(1);
	});

	it('answers 404 resource_not_exist for an unknown batch on every route', async () => {
		const emu = emulator();
		for (const [method, path] of [
			['GET', '/analyze/batches/nope'],
			['GET', '/analyze/batches/nope/results'],
			['POST', '/analyze/batches/nope/cancel'],
			['DELETE', '/analyze/batches/nope'],
		]) {
			const res = await call(emu, method, path);
			expect(res.status).toBe(404);
			expect(res.json).toMatchObject({ error: { code: 'resource_not_exist' } });
		}
	});
});
