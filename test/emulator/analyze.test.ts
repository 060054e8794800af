/** POST /analyze and /analyze/tasks over real HTTP. */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { request } from 'undici';
import { startEmulator } from './index';
import { useEmulator } from './jest';
import { call, expectViolation } from './test-helpers';

const emulator = useEmulator();

const VIDEO = { type: 'url', url: 'https://example.com/video.mp4' };

interface StreamEvent {
	event_type: string;
	text?: string;
	finish_reason?: string;
	metadata?: { generation_id?: string; usage?: { output_tokens: number } };
	error?: { message: string };
}

/** Reads the raw NDJSON answer with undici, returning its lines. */
async function streamLines(body: unknown): Promise<{ lines: string[]; contentType: string | undefined; chunks: number }> {
	const emu = emulator();
	const res = await request(`${emu.baseUrl}/analyze`, {
		method: 'POST',
		headers: { 'x-api-key': emu.apiKey, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(res.statusCode).toBe(200);
	let text = '';
	let chunks = 0;
	for await (const chunk of res.body) {
		chunks += 1;
		text += (chunk as Buffer).toString('utf8');
	}
	return { lines: text.split('\n').filter((l) => l !== ''), contentType: res.headers['content-type'] as string | undefined, chunks };
}

describe('POST /analyze', () => {
	it('streams NDJSON: stream_start, fragments split mid-word, stream_end with usage and the same generation_id', async () => {
		const { lines, contentType } = await streamLines({ video: VIDEO, prompt: 'Summarize the keynote', stream: true });
		expect(contentType).toMatch(/^application\/json/);
		const events = lines.map((l) => JSON.parse(l) as StreamEvent);
		expect(events[0]).toEqual({ event_type: 'stream_start', metadata: { generation_id: expect.any(String) } });
		const end = events[events.length - 1];
		expect(end).toMatchObject({
			event_type: 'stream_end',
			finish_reason: 'stop',
			metadata: { generation_id: events[0].metadata?.generation_id, usage: { output_tokens: expect.any(Number) } },
		});
		const texts = events.slice(1, -1).map((e) => {
			expect(e.event_type).toBe('text_generation');
			return e.text ?? '';
		});
		expect(texts.length).toBeGreaterThan(5);
		expect(texts.some((t) => /\w$/.test(t))).toBe(true);
		expect(texts.join('')).toContain('Summarize the keynote');
	});

	it('streams by default, and answers one JSON object with stream:false', async () => {
		const { lines } = await streamLines({ video: VIDEO, prompt: 'x' });
		expect(JSON.parse(lines[0])).toMatchObject({ event_type: 'stream_start' });
		const res = await call(emulator(), 'POST', '/analyze', { body: { video: VIDEO, prompt: 'Describe', stream: false } });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			id: expect.any(String),
			data: expect.stringContaining('Describe'),
			finish_reason: 'stop',
			usage: { output_tokens: expect.any(Number), input_tokens: expect.any(Number) },
		});
	});

	it('fault sparse-usage: usage left out, or output_tokens alone, as the document allows', async () => {
		const emu = emulator();
		emu.faults.next({ method: 'POST', path: '/analyze' }, { kind: 'sparse-usage', usage: 'absent' }, { kind: 'sparse-usage', usage: 'output-only' });
		const { lines } = await streamLines({ video: VIDEO, prompt: 'x', stream: true });
		const end = JSON.parse(lines[lines.length - 1]) as StreamEvent;
		expect(end).toMatchObject({ event_type: 'stream_end', metadata: { generation_id: expect.any(String) } });
		expect(end.metadata).not.toHaveProperty('usage');
		const res = await call(emu, 'POST', '/analyze', { body: { video: VIDEO, prompt: 'Describe', stream: false } });
		expect((res.json as { usage: unknown }).usage).toEqual({ output_tokens: expect.any(Number) });
	});

	it('answers a json_schema request with JSON that validates against that schema', async () => {
		const schema = {
			type: 'object',
			properties: {
				title: { type: 'string' },
				mood: { type: 'string', enum: ['calm', 'tense'] },
				score: { type: 'integer', minimum: 3, maximum: 7 },
				ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
				public: { type: 'boolean' },
				nothing: { type: 'null' },
				when: { type: 'string', format: 'date-time' },
				id: { type: 'string', format: 'uuid' },
				chapters: {
					type: 'array',
					minItems: 1,
					items: {
						type: 'object',
						properties: { start_time: { type: 'number' }, end_time: { type: 'number' }, label: { $ref: '#/$defs/label' } },
						required: ['start_time', 'end_time', 'label'],
					},
				},
				either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
			},
			required: ['title', 'mood', 'score', 'chapters'],
			$defs: { label: { type: 'string', pattern: '^[a-z]+$' } },
		};
		const res = await call(emulator(), 'POST', '/analyze', {
			body: { video: VIDEO, prompt: 'Chapters', stream: false, response_format: { type: 'json_schema', json_schema: schema } },
		});
		expect(res.status).toBe(200);
		const data = JSON.parse((res.json as { data: string }).data) as Record<string, unknown>;
		const ajv = new Ajv2020({ strict: false });
		addFormats(ajv);
		expect(ajv.validate(schema, data)).toBe(true);
		expect(ajv.errors ?? null).toBeNull();
		expect(Object.keys(data).slice(0, 3)).toEqual(['title', 'mood', 'score']);
	});

	it('formats custom timestamp properties', async () => {
		const schema = {
			type: 'object',
			properties: {
				at: { type: 'timestamp', format: 'hh:mm:ss' },
				moments: { type: 'array', items: { type: 'object', properties: { t: { type: 'timestamp', format: 'seconds' } } } },
			},
		};
		const res = await call(emulator(), 'POST', '/analyze', {
			body: { model_name: 'pegasus1.5', video: VIDEO, prompt: 'x', stream: false, response_format: { type: 'json_schema', json_schema: schema } },
		});
		const data = JSON.parse((res.json as { data: string }).data) as { at: string; moments: { t: number }[] };
		expect(data.at).toMatch(/^\d\d:\d\d:\d\d$/);
		expect(typeof data.moments[0].t).toBe('number');
	});

	it.each([
		['additionalProperties', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, 422],
		['minLength', { type: 'object', properties: { a: { type: 'string', minLength: 2 } } }, 422],
		['minItems > 1', { type: 'object', properties: { a: { type: 'array', items: { type: 'string' }, minItems: 2 } } }, 422],
		['oneOf', { type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } }, 400],
		['nested timestamp', { type: 'object', properties: { a: { type: 'object', properties: { t: { type: 'timestamp', format: 'seconds' } } } } }, 400],
		['timestamp without format', { type: 'object', properties: { t: { type: 'timestamp' } } }, 400],
	])('rejects json_schema with %s (%d)', async (_name, schema, status) => {
		const res = await call(emulator(), 'POST', '/analyze', {
			body: { model_name: 'pegasus1.5', video: VIDEO, prompt: 'x', stream: false, response_format: { type: 'json_schema', json_schema: schema } },
		});
		expect(res.status).toBe(status);
		expect(res.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
	});

	it.each([
		['prompt and prompt_v2', { prompt: 'a', prompt_v2: { input_text: 'b' }, model_name: 'pegasus1.5' }],
		['prompt_v2 on pegasus1.2', { prompt_v2: { input_text: 'b' } }],
		['no prompt', {}],
		['temperature 1.5', { prompt: 'a', temperature: 1.5 }],
		['max_tokens 1 on pegasus1.2', { prompt: 'a', max_tokens: 1 }],
		['max_tokens 256 on pegasus1.5', { prompt: 'a', max_tokens: 256, model_name: 'pegasus1.5' }],
		['clip on pegasus1.2', { prompt: 'a', start_time: 0, end_time: 10 }],
		['clip shorter than 4 s', { prompt: 'a', start_time: 10, end_time: 13, model_name: 'pegasus1.5' }],
		['clip start after end', { prompt: 'a', start_time: 20, end_time: 10, model_name: 'pegasus1.5' }],
		['video_id on pegasus1.5', { prompt: 'a', model_name: 'pegasus1.5', video: undefined, video_id: 'v1' }],
	])('answers 400 (no violation) for %s', async (_name, extra) => {
		const res = await call(emulator(), 'POST', '/analyze', { body: { video: VIDEO, stream: false, ...extra } });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ code: expect.stringMatching(/^parameter_/), message: expect.any(String) });
	});

	it('accepts the limits at their edges', async () => {
		const emu = emulator();
		for (const extra of [
			{ max_tokens: 2, temperature: 0 },
			{ max_tokens: 4096, temperature: 1 },
			{ model_name: 'pegasus1.5', max_tokens: 98304, start_time: 10, end_time: 14 },
		]) {
			const res = await call(emu, 'POST', '/analyze', { body: { video: VIDEO, prompt: 'a', stream: false, ...extra } });
			expect(res.status).toBe(200);
		}
	});

	it('answers finish_reason length when max_tokens is reached', async () => {
		const res = await call(emulator(), 'POST', '/analyze', { body: { video: VIDEO, prompt: 'a', stream: false, max_tokens: 5 } });
		expect(res.json).toMatchObject({ finish_reason: 'length', usage: { output_tokens: 5 }, error: { message: expect.any(String) } });
	});

	it('checks asset videos: 404 unknown, 400 not ready, 200 ready', async () => {
		const emu = emulator();
		const unknown = await call(emu, 'POST', '/analyze', {
			body: { video: { type: 'asset_id', asset_id: '0123456789abcdef01234567' }, prompt: 'a', stream: false },
		});
		expect(unknown.status).toBe(404);
		expect(unknown.json).toMatchObject({ code: 'resource_not_exist' });
		const processing = emu.state.addAsset({ status: 'processing' });
		const notReady = await call(emu, 'POST', '/analyze', {
			body: { video: { type: 'asset_id', asset_id: processing._id }, prompt: 'a', stream: false },
		});
		expect(notReady.status).toBe(400);
		const ready = emu.state.addAsset();
		const ok = await call(emu, 'POST', '/analyze', { body: { video: { type: 'asset_id', asset_id: ready._id }, prompt: 'a', stream: false } });
		expect(ok.status).toBe(200);
	});

	it('rejects base64 video over 30 MB', async () => {
		const big = 'A'.repeat(Math.ceil((30 * 1024 * 1024 + 3) / 3) * 4);
		const res = await call(emulator(), 'POST', '/analyze', {
			body: { video: { type: 'base64_string', base64_string: big }, prompt: 'a', stream: false },
		});
		expect(res.status).toBe(400);
	});
});

describe('POST /analyze faults', () => {
	const route = { method: 'POST', path: '/analyze' };

	it('cut-stream: sends N events and destroys the socket', async () => {
		const emu = emulator();
		emu.faults.next(route, { kind: 'cut-stream', afterEvents: 3 });
		const res = await request(`${emu.baseUrl}/analyze`, {
			method: 'POST',
			headers: { 'x-api-key': emu.apiKey, 'content-type': 'application/json' },
			body: JSON.stringify({ video: VIDEO, prompt: 'x' }),
		});
		let text = '';
		await expect(
			(async () => {
				for await (const chunk of res.body) text += (chunk as Buffer).toString('utf8');
			})(),
		).rejects.toThrow();
		expect(text.split('\n').filter(Boolean)).toHaveLength(3);
	});

	it('malformed-line: inserts a line that is not JSON after N events and goes on', async () => {
		emulator().faults.next(route, { kind: 'malformed-line', afterEvents: 2 });
		const { lines } = await streamLines({ video: VIDEO, prompt: 'x' });
		expect(() => JSON.parse(lines[2])).toThrow();
		expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ event_type: 'stream_end', finish_reason: 'stop' });
	});

	it('truncate: finish_reason length with JSON cut mid-way', async () => {
		emulator().faults.next(route, { kind: 'truncate' });
		const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
		const { lines } = await streamLines({ video: VIDEO, prompt: 'x', response_format: { type: 'json_schema', json_schema: schema } });
		const events = lines.map((l) => JSON.parse(l) as StreamEvent);
		const end = events[events.length - 1];
		expect(end.finish_reason).toBe('length');
		expect(end.error?.message).toEqual(expect.any(String));
		const text = events.map((e) => e.text ?? '').join('');
		expect(() => JSON.parse(text)).toThrow();
	});

	it('a 429 fault with an empty body', async () => {
		const emu = emulator();
		emu.faults.next(route, { kind: 'status', status: 429, body: '', headers: { 'x-ratelimit-reset': '1767225660' } });
		const res = await call(emu, 'POST', '/analyze', { body: { video: VIDEO, prompt: 'x' } });
		expect(res.status).toBe(429);
		expect(res.text).toBe('');
		expect(res.headers.get('x-ratelimit-reset')).toBe('1767225660');
	});
});

describe('/analyze/tasks', () => {
	async function create(body: Record<string, unknown>): Promise<string> {
		const res = await call(emulator(), 'POST', '/analyze/tasks', { body });
		expect(res.status).toBe(202);
		expect(res.json).toEqual({ task_id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'queued' });
		return (res.json as { task_id: string }).task_id;
	}

	it('moves queued -> pending -> processing -> ready on the manual clock', async () => {
		const emu = emulator();
		const id = await create({ video: VIDEO, prompt: 'Summarize the talk', custom_id: 'job-1' });
		const statusAt = async (): Promise<Record<string, unknown>> => (await call(emu, 'GET', `/analyze/tasks/${id}`)).json as Record<string, unknown>;
		expect(await statusAt()).toMatchObject({ status: 'queued', custom_id: 'job-1', created_at: '2026-01-01T00:00:00.000Z' });
		emu.clock.advance(1000);
		expect((await statusAt()).status).toBe('pending');
		emu.clock.advance(1000);
		expect((await statusAt()).status).toBe('processing');
		emu.clock.advance(2999);
		expect((await statusAt()).status).toBe('processing');
		emu.clock.advance(1);
		const ready = await statusAt();
		expect(ready).toMatchObject({
			status: 'ready',
			completed_at: '2026-01-01T00:00:05.000Z',
			video_source: { type: 'url', url: VIDEO.url },
			request_params: { analysis_mode: 'general', prompt: 'Summarize the talk' },
			result: { generation_id: expect.any(String), data: expect.stringContaining('Summarize the talk'), finish_reason: 'stop' },
		});
	});

	it('answers a json_schema task with a JSON string', async () => {
		const emu = emulator();
		const schema = { type: 'object', properties: { topics: { type: 'array', items: { type: 'string' } } }, required: ['topics'] };
		const id = await create({ video: VIDEO, prompt: 'Topics', response_format: { type: 'json_schema', json_schema: schema } });
		emu.clock.advance(5000);
		const task = (await call(emu, 'GET', `/analyze/tasks/${id}`)).json as { result: { data: string } };
		expect(JSON.parse(task.result.data)).toEqual({ topics: [expect.any(String), expect.any(String)] });
	});

	it('runs segmentation (time_based_metadata) into per-definition segment lists', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset({ duration: 90 });
		const id = await create({
			model_name: 'pegasus1.5',
			analysis_mode: 'time_based_metadata',
			video: { type: 'asset_id', asset_id: asset._id },
			response_format: {
				type: 'segment_definitions',
				segment_definitions: [
					{
						id: 'goal',
						description: 'A goal is scored',
						fields: [
							{ name: 'scorer', type: 'string', description: 'who' },
							{ name: 'team', type: 'string', description: 'which', enum: ['home', 'away'] },
							{ name: 'at', type: 'timestamp', format: 'hh:mm:ss', description: 'when' },
							{ name: 'tags', type: 'array', items: { type: 'string' }, description: 'tags' },
						],
					},
					{ id: 'replay', description: 'A replay' },
				],
			},
		});
		emu.clock.advance(5000);
		const task = (await call(emu, 'GET', `/analyze/tasks/${id}`)).json as { result: { data: string }; request_params: Record<string, unknown> };
		const data = JSON.parse(task.result.data) as Record<string, { start_time: number; end_time: number; metadata: Record<string, unknown> }[]>;
		expect(Object.keys(data)).toEqual(['goal', 'replay']);
		expect(data.goal[0]).toEqual({
			start_time: expect.any(Number),
			end_time: expect.any(Number),
			metadata: { scorer: expect.any(String), team: 'home', at: expect.stringMatching(/^\d\d:\d\d:\d\d$/), tags: [expect.any(String)] },
		});
		expect(data.goal[0].end_time).toBeGreaterThan(data.goal[0].start_time);
		expect(data.replay[0].metadata).toEqual({});
		expect(task.request_params).toMatchObject({ analysis_mode: 'time_based_metadata', max_tokens: 32768 });
	});

	it('ends as failed when told so, and lists newest first with filters and trimmed prompts', async () => {
		const emu = emulator();
		emu.state.nextTaskOutcome('failed', { message: 'Video unreadable' });
		const failed = await create({ video: VIDEO, prompt: 'A prompt that is longer than thirty characters for sure' });
		emu.clock.advance(10);
		const asset = emu.state.addAsset();
		const other = await create({
			video: { type: 'asset_id', asset_id: asset._id },
			prompt: 'B',
			response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { a: { type: 'string' } } } },
		});
		emu.clock.advance(5000);
		const failedTask = (await call(emu, 'GET', `/analyze/tasks/${failed}`)).json;
		expect(failedTask).toMatchObject({ status: 'failed', error: { message: 'Video unreadable' } });
		expect(failedTask).not.toHaveProperty('result');

		const list = (await call(emu, 'GET', '/analyze/tasks?page_limit=10')).json as { data: Record<string, unknown>[]; page_info: unknown };
		expect(list.data.map((t) => t.task_id)).toEqual([other, failed]);
		expect(list.page_info).toEqual({ limit_per_page: 10, page: 1, total_page: 1, total_results: 2 });
		expect((list.data[1].request_params as { prompt: string }).prompt).toHaveLength(30);
		expect((list.data[0].request_params as { response_format: Record<string, unknown> }).response_format).toEqual({ type: 'json_schema' });

		const byStatus = (await call(emu, 'GET', '/analyze/tasks?status=failed')).json as { data: { task_id: string }[] };
		expect(byStatus.data.map((t) => t.task_id)).toEqual([failed]);
		const byAsset = (await call(emu, 'GET', `/analyze/tasks?asset_id=${asset._id}`)).json as { data: { task_id: string }[] };
		expect(byAsset.data.map((t) => t.task_id)).toEqual([other]);
		const byUrl = (await call(emu, 'GET', `/analyze/tasks?video_url=${encodeURIComponent(VIDEO.url)}`)).json as { data: unknown[] };
		expect(byUrl.data).toHaveLength(1);
		const tooMany = await call(emu, 'GET', '/analyze/tasks?page_limit=51');
		expect(tooMany.status).toBe(400);
		expect(tooMany.json).toMatchObject({ code: 'parameter_invalid' });
	});

	it('seeds tasks and sets outcomes through state helpers', async () => {
		const emu = emulator();
		const seeded = emu.state.addTask({ status: 'ready', result_data: 'seeded text', custom_id: 'c1' });
		expect((await call(emu, 'GET', `/analyze/tasks/${seeded.task_id}`)).json).toMatchObject({
			status: 'ready',
			custom_id: 'c1',
			result: { data: 'seeded text' },
		});
		const live = emu.state.addTask({ analysis_mode: 'general' });
		emu.state.setTaskOutcome(live.task_id, 'failed', { message: 'nope' });
		emu.clock.advance(5000);
		expect(emu.state.getTask(live.task_id)).toMatchObject({ status: 'failed', error: { message: 'nope' } });
		expect(emu.state.listTasks().map((t) => t.task_id)).toContain(seeded.task_id);
	});

	it('answers nested errors: 404 unknown, 409 delete while running, 400 on create', async () => {
		const emu = emulator();
		const missing = await call(emu, 'GET', '/analyze/tasks/0123456789abcdef01234567');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ error: { code: 'resource_not_exist', message: expect.any(String) } });
		const id = await create({ video: VIDEO, prompt: 'x' });
		const busy = await call(emu, 'DELETE', `/analyze/tasks/${id}`);
		expect(busy.status).toBe(409);
		expect(busy.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
		emu.clock.advance(5000);
		expect((await call(emu, 'DELETE', `/analyze/tasks/${id}`)).status).toBe(200);
		expect((await call(emu, 'GET', `/analyze/tasks/${id}`)).status).toBe(404);
		const bad = await call(emu, 'POST', '/analyze/tasks', { body: { video: VIDEO, prompt: 'x', custom_id: 'has space' } });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ error: { code: 'parameter_invalid', message: expect.stringContaining('custom_id') } });
	});

	it.each([
		['empty custom_id', { prompt: 'x', custom_id: '' }],
		['segmentation on pegasus1.2', { analysis_mode: 'time_based_metadata', response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b' }] } }],
		['prompt with segmentation', { model_name: 'pegasus1.5', analysis_mode: 'time_based_metadata', prompt: 'x', response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b' }] } }],
		['segmentation max_tokens 1024', { model_name: 'pegasus1.5', analysis_mode: 'time_based_metadata', max_tokens: 1024, response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b' }] } }],
		['timestamp field without format', { model_name: 'pegasus1.5', analysis_mode: 'time_based_metadata', response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b', fields: [{ name: 't', type: 'timestamp', description: 'd' }] }] } }],
		['time_ranges with start_time', { model_name: 'pegasus1.5', analysis_mode: 'time_based_metadata', start_time: 0, end_time: 30, response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b', time_ranges: [{ start_time: 0, end_time: 10 }] }] } }],
		['min_segment_duration below 2', { model_name: 'pegasus1.5', analysis_mode: 'time_based_metadata', min_segment_duration: 1, response_format: { type: 'segment_definitions', segment_definitions: [{ id: 'a', description: 'b' }] } }],
	])('answers 400 for %s', async (_name, extra) => {
		const res = await call(emulator(), 'POST', '/analyze/tasks', { body: { video: VIDEO, ...extra } });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: { code: expect.stringMatching(/^parameter_/) } });
	});

	it('flags a create body that breaks the schema (segment definition without id)', async () => {
		const emu = emulator();
		const res = await call(emu, 'POST', '/analyze/tasks', {
			body: {
				model_name: 'pegasus1.5',
				analysis_mode: 'time_based_metadata',
				video: VIDEO,
				response_format: { type: 'segment_definitions', segment_definitions: [{ description: 'b' }] },
			},
		});
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: { code: 'parameter_invalid' } });
		expectViolation(emu, /segment_definitions\[0\]\.id' is required/);
	});

	it('truncate fault: the task ends with finish_reason length', async () => {
		const emu = emulator();
		emu.faults.next({ method: 'POST', path: '/analyze/tasks' }, { kind: 'truncate' });
		const id = await create({ video: VIDEO, prompt: 'x' });
		emu.clock.advance(5000);
		expect((await call(emu, 'GET', `/analyze/tasks/${id}`)).json).toMatchObject({
			status: 'ready',
			result: { finish_reason: 'length' },
			error: { message: expect.any(String) },
		});
	});

	it('cancels a running task (extension), 409 once terminal', async () => {
		const emu = emulator();
		const id = await create({ video: VIDEO, prompt: 'x' });
		emu.clock.advance(1500);
		const res = await call(emu, 'POST', `/analyze/tasks/${id}/cancel`);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ task_id: id, status: 'canceled' });
		emu.clock.advance(10_000);
		expect((await call(emu, 'GET', `/analyze/tasks/${id}`)).json).toMatchObject({ status: 'canceled' });
		expect((await call(emu, 'GET', '/analyze/tasks?status=canceled')).json).toMatchObject({ data: [{ task_id: id }] });
		const again = await call(emu, 'POST', `/analyze/tasks/${id}/cancel`);
		expect(again.status).toBe(409);
		expect(again.json).toMatchObject({ error: { code: expect.any(String) } });
		expect((await call(emu, 'DELETE', `/analyze/tasks/${id}`)).status).toBe(200);
	});

	it('answers 404 resource_not_exist to cancel when the extension is off', async () => {
		const plain = await startEmulator({ extensions: { cancel: false } });
		try {
			const task = plain.state.addTask();
			const res = await call(plain, 'POST', `/analyze/tasks/${task.task_id}/cancel`);
			expect(res.status).toBe(404);
			expect(res.json).toMatchObject({ code: 'resource_not_exist' });
			expect(plain.violations).toEqual([]);
			const filter = await call(plain, 'GET', '/analyze/tasks?status=canceled');
			expect(filter.status).toBe(400);
			expect(plain.violations.join('\n')).toMatch(/status/);
		} finally {
			await plain.close();
		}
	});

	it('honours custom taskDurations', async () => {
		const fast = await startEmulator({ taskDurations: { pendingMs: 0, processingMs: 0, readyMs: 10 } });
		try {
			const task = fast.state.addTask();
			expect(task.status).toBe('processing');
			fast.clock.advance(10);
			expect(fast.state.getTask(task.task_id)?.status).toBe('ready');
		} finally {
			await fast.close();
		}
	});
});
