/**
 * TwelveLabs Webhook Trigger: deliveries sent with undici over real HTTP to the node running
 * behind n8n-core's WebhookContext, the full task fetched from the emulator.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject, INode } from 'n8n-workflow';
import { request } from 'undici';

import { useEmulator } from '../emulator/jest';
import { call } from '../emulator/test-helpers';
import type { WebhookTrigger } from '../harness-webhook/webhookTrigger';
import { startWebhookTrigger } from '../harness-webhook/webhookTrigger';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();
const SECRET = 'whsec_9f2c1e7a5b3d4f60';
const VIDEO = { type: 'url', url: 'https://example.com/video.mp4' };

let nodeCount = 0;
let trigger: WebhookTrigger | undefined;

/** Each call a node of its own id (so its own in-memory log), named and addressed alike. */
function webhookNode(parameters: IDataObject = {}): INode {
	const index = ++nodeCount;
	return twelveLabsNode('twelveLabsWebhookTrigger', parameters as never, {
		name: 'Webhook',
		id: `webhook-node-${index}`,
		webhookId: `4b0c5a8e-0000-4000-8000-${String(index).padStart(12, '0')}`,
	});
}

async function start(parameters: IDataObject = {}, secret: string | undefined = SECRET, staticData?: IDataObject): Promise<WebhookTrigger> {
	await trigger?.close();
	const options = harnessOptions(emulator());
	const credentials = { ...options.credentials?.twelveLabsApi, ...(secret === undefined ? {} : { webhookSecret: secret }) };
	trigger = await startWebhookTrigger(webhookNode(parameters), { ...options, credentials: { twelveLabsApi: credentials }, staticData });
	return trigger;
}

afterEach(async () => {
	jest.restoreAllMocks();
	await trigger?.close();
	trigger = undefined;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

function sign(body: string, timestamp = nowSeconds(), secret = SECRET): string {
	const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return `t=${timestamp},v1=${v1}`;
}

function envelope(taskId: string, type = 'analyze.task.ready', id = `whe_${taskId.slice(0, 12)}`): string {
	return JSON.stringify({
		id,
		created_at: '2026-01-01T00:10:00Z',
		type,
		data: { id: taskId, status: type.split('.').pop(), custom_id: 'job-7' },
	});
}

async function deliver(target: WebhookTrigger, body: string, headers: Record<string, string>) {
	const response = await request(target.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	const text = await response.body.text();
	const isJson = String(response.headers['content-type'] ?? '').includes('json');
	return { status: response.statusCode, json: isJson && text ? (JSON.parse(text) as IDataObject) : undefined, text };
}

async function readyTask(prompt = 'Describe every scene of this keynote in order, with timestamps.'): Promise<string> {
	const created = await call(emulator(), 'POST', '/analyze/tasks', { body: { model_name: 'pegasus1.5', video: VIDEO, prompt, custom_id: 'job-7' } });
	emulator().clock.advance(60_000);
	emulator().requests.length = 0;
	return (created.json as { task_id: string }).task_id;
}

const taskRequests = () => emulator().requests.filter((r) => r.path.startsWith('/analyze/tasks'));

describe('TwelveLabs Webhook Trigger: signature', () => {
	it('a valid delivery starts the workflow with the full task, fetched from TwelveLabs', async () => {
		const taskId = await readyTask();
		const target = await start();
		const body = envelope(taskId);
		const response = await deliver(target, body, { 'TL-Signature': sign(body) });
		// A small JSON acknowledgement, as for duplicates and ignored events (not n8n's default
		// body for a node without response data, the literal text "firstEntryJson").
		expect(response).toEqual({ status: 200, json: { received: true }, text: '{"received":true}' });
		const [delivery] = target.deliveries;
		const item = delivery.workflowData?.[0][0].json as IDataObject;
		expect(item).toMatchObject({
			event: 'analyze.task.ready',
			notificationId: `whe_${taskId.slice(0, 12)}`,
			notifiedAt: '2026-01-01T00:10:00Z',
			taskId,
			status: 'ready',
			customId: 'job-7',
			text: expect.any(String),
		});
		expect(Object.keys(item)[0]).toBe('event');
		expect(((item.task as IDataObject).request_params as IDataObject).prompt).toBe(
			'Describe every scene of this keynote in order, with timestamps.',
		);
		expect(taskRequests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /analyze/tasks/${taskId}`]);
	});

	it.each([
		['a forged signature (another secret)', (body: string) => ({ 'TL-Signature': sign(body, nowSeconds(), 'whsec_guessed') })],
		['a stale signature (6 minutes old)', (body: string) => ({ 'TL-Signature': sign(body, nowSeconds() - 360) })],
		['a timestamp from the future', (body: string) => ({ 'TL-Signature': sign(body, nowSeconds() + 400) })],
		['no TL-Signature header', () => ({})],
		['a malformed header', () => ({ 'TL-Signature': 'v1=abc123' })],
		['a signature of another timestamp', (body: string) => ({ 'TL-Signature': sign(body).replace(/^t=\d+/, `t=${nowSeconds() - 1}`) })],
	])('%s is answered 401 and emits nothing', async (_name, headersFor) => {
		const taskId = await readyTask();
		const target = await start();
		const body = envelope(taskId);
		const response = await deliver(target, body, headersFor(body));
		expect(response.status).toBe(401);
		expect(response.json?.message).toMatch(/TL-Signature/);
		expect(target.deliveries).toEqual([{ status: 401, workflowData: undefined }]);
		expect(taskRequests()).toEqual([]);
	});

	it('a body altered after signing is answered 401', async () => {
		const taskId = await readyTask();
		const target = await start();
		const signed = envelope(taskId, 'analyze.task.failed');
		const altered = signed.replace('analyze.task.failed', 'analyze.task.ready').replace('"failed"', '"ready"');
		const response = await deliver(target, altered, { 'TL-Signature': sign(signed) });
		expect(response.status).toBe(401);
		expect(response.json?.message).toBe('Invalid TL-Signature');
		expect(target.deliveries[0].workflowData).toBeUndefined();
		// One byte of whitespace is enough: the signature covers the raw body, not its JSON meaning.
		const spaced = await deliver(target, `${signed} `, { 'TL-Signature': sign(signed) });
		expect(spaced.status).toBe(401);
	});

	it('a replay inside the window is acknowledged once more without emitting; outside the window it is refused', async () => {
		const taskId = await readyTask();
		const target = await start();
		const body = envelope(taskId);
		const header = sign(body);
		expect((await deliver(target, body, { 'TL-Signature': header })).status).toBe(200);
		const replay = await deliver(target, body, { 'TL-Signature': header });
		expect(replay).toMatchObject({ status: 200, json: { received: true, duplicate: true } });

		const later = Date.now() + 6 * 60_000;
		jest.spyOn(Date, 'now').mockImplementation(() => later);
		const outside = await deliver(target, body, { 'TL-Signature': header });
		expect(outside.status).toBe(401);
		expect(outside.json?.message).toMatch(/tolerance/);
		expect(target.deliveries.map((d) => [d.status, d.workflowData?.[0].length ?? 0])).toEqual([
			[200, 1],
			[200, 0],
			[401, 0],
		]);
		expect(taskRequests()).toHaveLength(1);
	});

	it('accepts any of several v1 signatures (secret rotation)', async () => {
		const taskId = await readyTask();
		const target = await start();
		const body = envelope(taskId);
		const t = nowSeconds();
		const old = createHmac('sha256', 'whsec_old').update(`${t}.${body}`).digest('hex');
		const response = await deliver(target, body, { 'TL-Signature': `t=${t},v1=${old},${sign(body, t).split(',')[1]}` });
		expect(response.status).toBe(200);
		expect(target.deliveries[0].workflowData?.[0]).toHaveLength(1);
	});

	it('without a signing secret in the credential, publishing fails with the fix and deliveries are refused', async () => {
		const taskId = await readyTask();
		const target = await start({}, '');
		await expect(target.activate()).rejects.toThrow('The TwelveLabs credential has no Webhook Signing Secret');
		const body = envelope(taskId);
		const response = await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(response.status).toBe(401);
		expect(target.deliveries[0].workflowData).toBeUndefined();
	});

	it('publishing succeeds when the secret is set', async () => {
		const target = await start();
		await expect(target.activate()).resolves.toBeUndefined();
	});
});

describe('TwelveLabs Webhook Trigger: repeats reaching another process', () => {
	it('a repeat reaching a process without the first one in memory is recognised from the static data n8n saved', async () => {
		const taskId = await readyTask();
		const first = await start();
		const body = envelope(taskId);
		expect((await deliver(first, body, { 'TL-Signature': sign(body) })).status).toBe(200);
		const saved = first.staticData();
		expect(saved).toEqual({ 'node:Webhook': { handledNotifications: { [`whe_${taskId.slice(0, 12)}`]: expect.any(Number) } } });

		// Another process (or this one restarted): an empty memory, the static data from the database.
		const other = await start({}, SECRET, saved);
		const repeat = await deliver(other, body, { 'TL-Signature': sign(body) });
		expect(repeat).toMatchObject({ status: 200, json: { received: true, duplicate: true } });
		const fresh = envelope(taskId, 'analyze.task.ready', 'whe_another_one');
		expect((await deliver(other, fresh, { 'TL-Signature': sign(fresh) })).status).toBe(200);
		expect(other.deliveries.map((d) => d.workflowData?.[0].length ?? 0)).toEqual([0, 1]);
		expect(Object.keys(other.staticData()['node:Webhook'] as IDataObject).length).toBe(1);
	});

	it('without that static data the repeat is emitted again (what the workflow-level Remove Duplicates step is for)', async () => {
		const taskId = await readyTask();
		const first = await start();
		const body = envelope(taskId);
		await deliver(first, body, { 'TL-Signature': sign(body) });
		const other = await start({}, SECRET, {});
		await deliver(other, body, { 'TL-Signature': sign(body) });
		expect(other.deliveries.map((d) => d.workflowData?.[0].length ?? 0)).toEqual([1]);
	});

	it('a delivery that failed leaves no trace in the static data, so its redelivery elsewhere is emitted', async () => {
		const taskId = await readyTask();
		const target = await start();
		emulator().faults.next(
			{ method: 'GET', path: '/analyze/tasks/{task_id}' },
			{ kind: 'status', status: 403, body: { error: { code: 'api_not_allowed', message: 'Not now.' } } },
		);
		const body = envelope(taskId);
		expect((await deliver(target, body, { 'TL-Signature': sign(body) })).status).toBe(500);
		expect(target.staticData()).toEqual({ 'node:Webhook': { handledNotifications: {} } });
	});
});

describe('TwelveLabs Webhook Trigger: events', () => {
	it('an event that was not chosen is acknowledged and ignored', async () => {
		const taskId = await readyTask();
		const target = await start({ events: ['analyze.task.failed'] });
		const body = envelope(taskId, 'analyze.task.ready');
		const response = await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(response).toMatchObject({ status: 200, json: { received: true, ignored: 'analyze.task.ready' } });
		expect(target.deliveries[0].workflowData).toBeUndefined();
		expect(taskRequests()).toEqual([]);
	});

	it('a failed task is emitted with its error message', async () => {
		const failing = emulator().state.addTask({ status: 'failed', error_message: 'The video has no audio track.' });
		const target = await start();
		const body = envelope(failing.task_id, 'analyze.task.failed');
		await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(target.deliveries[0].workflowData?.[0][0].json).toMatchObject({
			event: 'analyze.task.failed',
			taskId: failing.task_id,
			status: 'failed',
			errorMessage: 'The video has no audio track.',
		});
	});

	it('with Fetch Full Task off, the item holds the event data and nothing is requested', async () => {
		const target = await start({ fetchFullTask: false });
		const body = envelope('65f0c0ffee0000000000abcd');
		await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(target.deliveries[0].workflowData?.[0][0].json).toEqual({
			event: 'analyze.task.ready',
			notificationId: 'whe_65f0c0ffee00',
			notifiedAt: '2026-01-01T00:10:00Z',
			taskId: '65f0c0ffee0000000000abcd',
			status: 'ready',
			customId: 'job-7',
			usage: { inputTokens: null, outputTokens: null, videoSeconds: null, segmentDefinitions: null },
			payload: { id: '65f0c0ffee0000000000abcd', status: 'ready', custom_id: 'job-7' },
		});
		expect(emulator().requests).toEqual([]);
	});

	it('a task deleted since the event was sent gives the event data with a warning', async () => {
		const target = await start();
		const body = envelope('65f0c0ffee0000000000dead');
		await deliver(target, body, { 'TL-Signature': sign(body) });
		const item = target.deliveries[0].workflowData?.[0][0].json as IDataObject;
		expect(item.warning).toMatch(/was not found/);
		expect(item.taskId).toBe('65f0c0ffee0000000000dead');
	});

	it('when the task cannot be fetched, answers 500 so TwelveLabs delivers again, and the redelivery is emitted', async () => {
		const taskId = await readyTask();
		const target = await start();
		emulator().faults.next(
			{ method: 'GET', path: '/analyze/tasks/{task_id}' },
			{ kind: 'status', status: 403, body: { error: { code: 'api_not_allowed', message: 'Not now.' } } },
		);
		const body = envelope(taskId);
		expect((await deliver(target, body, { 'TL-Signature': sign(body) })).status).toBe(500);
		const again = await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(again).toMatchObject({ status: 200, json: { received: true } });
		expect(target.deliveries.map((d) => [d.status, d.workflowData?.[0].length ?? 0])).toEqual([
			[500, 0],
			[200, 1],
		]);
	});

	it('a signed body that is not an event is answered 400', async () => {
		const target = await start();
		const body = JSON.stringify({ hello: 'world' });
		const response = await deliver(target, body, { 'TL-Signature': sign(body) });
		expect(response.status).toBe(400);
		expect(target.deliveries[0].workflowData).toBeUndefined();
	});
});
