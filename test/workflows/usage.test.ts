/**
 * Usage on every item that comes from an analysis: Analyze, Async Task (Create, Get, Wait, List)
 * and both triggers give `usage` in one shape and one spelling, read from what the emulator
 * answered as the OpenAPI document describes (`stream_end.metadata.usage`, `result.usage`,
 * `video_source.system_metadata.duration`, `request_params`), over real HTTP.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { request } from 'undici';

import { useEmulator } from '../emulator/jest';
import { call } from '../emulator/test-helpers';
import { chain, manualTrigger, runPoll, runWorkflow } from '../harness';
import type { WebhookTrigger } from '../harness-webhook/webhookTrigger';
import { startWebhookTrigger } from '../harness-webhook/webhookTrigger';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const VIDEO_URL = 'https://cdn.example.com/keynote.mp4';
const USAGE_KEYS = ['inputTokens', 'outputTokens', 'videoSeconds', 'segmentDefinitions'];
const SECRET = 'whsec_usage_0001';
const DEFINITIONS = [
	{ id: 'goal', description: 'A goal is scored' },
	{ id: 'foul', description: 'A foul is given' },
	{ id: 'corner', description: 'A corner kick' },
];

let webhook: WebhookTrigger | undefined;
afterEach(async () => {
	await webhook?.close();
	webhook = undefined;
});

async function analyze(parameters: INodeParameters) {
	const node = twelveLabsNode('twelveLabsAnalyze', { videoSource: 'url', videoUrl: VIDEO_URL, prompt: 'Summarize the keynote', ...parameters }, { name: 'Analyze' });
	const result = await runWorkflow(chain(manualTrigger(), node), harnessOptions(emulator()));
	expect(result.status).toBe('success');
	return result.output('Analyze')[0].json;
}

async function taskNode(parameters: INodeParameters): Promise<IDataObject[]> {
	const node = twelveLabsNode('twelveLabsAsyncTask', { resource: 'task', ...parameters }, { name: 'Task' });
	const result = await runWorkflow(chain(manualTrigger(), node), harnessOptions(emulator()));
	expect(result.status).toBe('success');
	return result.output('Task').map((item) => item.json);
}

/** A task created straight at the emulator and moved on until it is ready. */
async function readyTask(body: IDataObject): Promise<string> {
	const created = await call(emulator(), 'POST', '/analyze/tasks', { body: { model_name: 'pegasus1.5', ...body } });
	expect(created.status).toBe(202);
	emulator().clock.advance(60 * 60_000);
	emulator().requests.length = 0;
	return (created.json as { task_id: string }).task_id;
}

/** The task's own `result.usage`, read from the emulator as a client would. */
async function apiTokens(taskId: string): Promise<{ input_tokens: number; output_tokens: number }> {
	const task = (await call(emulator(), 'GET', `/analyze/tasks/${taskId}`)).json as { result: { usage: { input_tokens: number; output_tokens: number } } };
	return task.result.usage;
}

/** The item the polling trigger emits for a task that finishes after it was published. */
async function pollTriggerItem(body: IDataObject): Promise<IDataObject> {
	const node = twelveLabsNode('twelveLabsTrigger', { events: ['ready'] } as never, { name: 'Trigger', id: `usage-trigger-${Date.now()}` });
	const seed = await runPoll(node, { ...harnessOptions(emulator()), staticData: {} });
	expect(seed.items).toBeNull();
	emulator().clock.advance(60_000);
	await call(emulator(), 'POST', '/analyze/tasks', { body: { model_name: 'pegasus1.5', ...body } });
	emulator().clock.advance(60 * 60_000);
	const next = await runPoll(node, { ...harnessOptions(emulator()), staticData: seed.staticData });
	expect(next.error).toBeUndefined();
	const items = next.items?.[0] ?? [];
	expect(items).toHaveLength(1);
	return items[0].json;
}

async function webhookItem(taskId: string): Promise<IDataObject> {
	const options = harnessOptions(emulator());
	const node: INode = twelveLabsNode('twelveLabsWebhookTrigger', {} as never, {
		name: 'Webhook',
		id: 'usage-webhook',
		webhookId: '4b0c5a8e-0000-4000-8000-0000000005a9',
	});
	webhook = await startWebhookTrigger(node, { ...options, credentials: { twelveLabsApi: { ...options.credentials?.twelveLabsApi, webhookSecret: SECRET } } });
	const body = JSON.stringify({ id: `whe_${taskId}`, created_at: '2026-01-01T00:10:00Z', type: 'analyze.task.ready', data: { id: taskId, status: 'ready' } });
	const timestamp = Math.floor(Date.now() / 1000);
	const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
	const response = await request(webhook.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'TL-Signature': `t=${timestamp},v1=${signature}` },
		body,
	});
	await response.body.text();
	expect(response.statusCode).toBe(200);
	return webhook.deliveries[0].workflowData?.[0][0].json as IDataObject;
}

describe('usage: one shape on every node', () => {
	it('a task gives the same usage through Get, Wait, List, the polling trigger and the webhook trigger', async () => {
		const request = { video: { type: 'url', url: VIDEO_URL }, prompt: 'List the speakers', start_time: 10, end_time: 40 };
		const taskId = await readyTask(request);
		const tokens = await apiTokens(taskId);
		const expected = { inputTokens: tokens.input_tokens, outputTokens: tokens.output_tokens, videoSeconds: 30, segmentDefinitions: null };

		const [got] = await taskNode({ operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId } });
		const [waited] = await taskNode({ operation: 'wait', taskId: { __rl: true, mode: 'id', value: taskId } });
		const listed = (await taskNode({ operation: 'list', returnAll: true, filters: {} })).find((item) => item.taskId === taskId);
		const notified = await webhookItem(taskId);
		const polled = await pollTriggerItem(request);

		for (const item of [got, waited, listed, notified]) expect(item?.usage).toEqual(expected);
		// Another task of the same request: its own tokens, the same seconds.
		expect(polled.usage).toEqual({ ...expected, inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
		// The API's own object stays as TwelveLabs sent it, under `task`.
		expect((got.task as IDataObject).result).toMatchObject({ usage: tokens });
	});

	it('Analyze gives the same keys, tokens from stream_end, seconds from the clip window', async () => {
		const item = await analyze({ simplify: false, options: { clipStart: 15, clipEnd: 75 } });
		expect(Object.keys(item.usage as IDataObject)).toEqual(USAGE_KEYS);
		expect(item.usage).toEqual({ inputTokens: expect.any(Number), outputTokens: expect.any(Number), videoSeconds: 60, segmentDefinitions: null });
		expect((item.usage as IDataObject).outputTokens).toBeGreaterThan(0);
	});
});

describe('usage: video seconds', () => {
	it('a window open at its end is measured against the task video’s duration', async () => {
		const asset = emulator().state.addAsset({ filename: 'match.mp4', duration: 90 });
		const taskId = await readyTask({ video: { type: 'asset_id', asset_id: asset._id }, prompt: 'Who scores?', start_time: 25 });
		const [item] = await taskNode({ operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId } });
		expect((item.usage as IDataObject).videoSeconds).toBe(65);
	});

	it('with no window, a task counts the whole video TwelveLabs measured', async () => {
		const asset = emulator().state.addAsset({ filename: 'match.mp4', duration: 90 });
		const taskId = await readyTask({ video: { type: 'asset_id', asset_id: asset._id }, prompt: 'Who scores?' });
		const [item] = await taskNode({ operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId } });
		expect((item.usage as IDataObject).videoSeconds).toBe(90);
	});

	it('Analyze of a ready asset with a window that ends: the window, and no request sent to learn it', async () => {
		const asset = emulator().state.addAsset({ filename: 'match.mp4', duration: 90 });
		const item = await analyze({ videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: asset._id }, simplify: false, options: { clipEnd: 30 } });
		expect((item.usage as IDataObject).videoSeconds).toBe(30);
		expect(routesSeen(emulator())).toEqual(['POST /analyze']);
	});

	it('Analyze by URL with no window: the video’s length is unknown, so null', async () => {
		const item = await analyze({ simplify: false });
		expect((item.usage as IDataObject).videoSeconds).toBeNull();
	});
});

describe('usage: segmentation', () => {
	const segmentation = {
		video: { type: 'url', url: VIDEO_URL },
		analysis_mode: 'time_based_metadata',
		response_format: { type: 'segment_definitions', segment_definitions: DEFINITIONS },
	};

	it('counts the segment definitions of the task; List, which shows only the first, says null', async () => {
		const taskId = await readyTask(segmentation);
		const [got] = await taskNode({ operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId } });
		expect(got.usage).toEqual({ inputTokens: 1500, outputTokens: expect.any(Number), videoSeconds: 120, segmentDefinitions: 3 });
		const listed = (await taskNode({ operation: 'list', returnAll: true, filters: {} })).find((item) => item.taskId === taskId);
		expect(listed?.usage).toEqual({ ...(got.usage as IDataObject), segmentDefinitions: null });
	});

	it('Create (not waiting) reads the usage it can from the request it sent', async () => {
		const [created] = await taskNode({
			operation: 'create',
			analysisMode: 'segmentation',
			videoSource: 'url',
			videoUrl: VIDEO_URL,
			segmentDefinitionsInput: 'json',
			segmentDefinitionsJson: JSON.stringify(DEFINITIONS),
			options: { clipStart: 5, clipEnd: 50 },
		});
		expect(created.usage).toEqual({ inputTokens: null, outputTokens: null, videoSeconds: 45, segmentDefinitions: 3 });
	});

	it('Split Into Items rows carry no usage (summed down a sheet it would count the task once per row)', async () => {
		const taskId = await readyTask(segmentation);
		const rows = await taskNode({ operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId }, options: { splitIntoItems: true } });
		expect(rows.length).toBeGreaterThan(1);
		for (const row of rows) expect(row).not.toHaveProperty('usage');
	});
});

describe('usage: Simplify and Include Usage', () => {
	it('Simplify (the default) leaves usage out; Include Usage puts the same object back', async () => {
		const lean = await analyze({});
		expect(lean).not.toHaveProperty('usage');
		const withUsage = await analyze({ options: { includeUsage: true, clipStart: 0, clipEnd: 20 } });
		expect(Object.keys(withUsage)).toEqual(['text', 'usage']);
		expect(withUsage.usage).toEqual({ inputTokens: expect.any(Number), outputTokens: expect.any(Number), videoSeconds: 20, segmentDefinitions: null });
	});
});

describe('usage: what the document lets TwelveLabs leave out', () => {
	it('a stream_end with no usage gives null tokens, never a missing field', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'sparse-usage', usage: 'absent' });
		const item = await analyze({ simplify: false });
		expect(item.usage).toEqual({ inputTokens: null, outputTokens: null, videoSeconds: null, segmentDefinitions: null });
	});

	it('usage with output_tokens only (input_tokens is optional) gives inputTokens null', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'sparse-usage', usage: 'output-only' });
		const item = await analyze({ simplify: false });
		expect(item.usage).toEqual({ inputTokens: null, outputTokens: expect.any(Number), videoSeconds: null, segmentDefinitions: null });
	});
});
