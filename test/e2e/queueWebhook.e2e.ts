/**
 * The TwelveLabs Webhook Trigger in real n8n 2.40, with the example that makes a notification run
 * the user's workflow once (examples/webhook-task-ready-once.json: the trigger, then Remove
 * Duplicates on `notificationId` with scope Workflow, then the Slack step, here a stand-in
 * posting to a local sink).
 *   - One n8n process (the suite's shared one): a signed delivery is answered with the JSON
 *     acknowledgement `{"received":true}` (not n8n's default body, the text "firstEntryJson"), a
 *     repeat with `duplicate: true`, an event not chosen with `ignored`, a forged one with 401.
 *   - Queue mode (main + 2 workers + 2 webhook processes on Postgres and Redis): the same signed
 *     notification delivered to each webhook process, to main, then again after restarting the
 *     webhook processes and main, starts one execution and reaches the Slack step once; another
 *     notification once too (the counts are printed).
 */
import { createHmac, randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { request } from 'undici';

import { type Emulator, startEmulator } from '../emulator';
import { CREDENTIAL_TYPE, readExamples, withCredential } from '../../scripts/lib/examples';
import type { Execution, N8nApi, WorkflowJson } from '../../scripts/lib/n8n-api';
import { sleep } from '../../scripts/lib/process';
import { ensureQueueServices, QueueCluster } from '../../scripts/lib/queueCluster';
import { ensureN8n } from '../../scripts/lib/runtime';
import { CURRENT } from '../../scripts/lib/versions';
import { listExecutions, sharedN8n } from './support/n8n';
import { type Sink, startSink } from './support/sink';
import { withStandIns } from './support/standIns';
import { E2E_DIR, printTiming, readState } from './support/state';

const SECRET = 'whsec_e2e_5d1c9a7b3f';
const TRIGGER = 'When TwelveLabs reports a task';
const DEDUPE = 'Once per notification';
const NOTIFY = 'Notify Slack';

const example = readExamples().find((candidate) => candidate.slug === 'webhook-task-ready-once');

let emulator: Emulator;
let sink: Sink;

beforeAll(async () => {
	emulator = await startEmulator({ clock: 'realtime' });
	sink = await startSink();
});

afterAll(async () => {
	await emulator?.close();
	await sink?.close();
});

async function webhookCredential(api: N8nApi): Promise<{ id: string; name: string }> {
	return await api.createCredential(`TwelveLabs with signing secret ${Date.now()}`, CREDENTIAL_TYPE, {
		apiKey: emulator.apiKey,
		baseUrl: emulator.baseUrl,
		webhookSecret: SECRET,
	});
}

/** The example with a webhook path of its own, the credential, and its Slack step posting to the sink. */
function prepared(credential: { id: string; name: string }): { workflow: WorkflowJson; webhookPath: string } {
	if (!example) throw new Error('examples/webhook-task-ready-once.json is missing');
	const webhookId = randomUUID();
	const copy = withCredential(example.workflow, credential);
	for (const node of copy.nodes) if (node.name === TRIGGER) node.webhookId = webhookId;
	const { workflow } = withStandIns(copy, sink.url);
	return { workflow: { ...workflow, name: `${workflow.name} (${Date.now()})` }, webhookPath: `${webhookId}/webhook` };
}

async function publish(api: N8nApi, workflow: WorkflowJson): Promise<string> {
	const saved = await api.createWorkflow(workflow);
	await api.call('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
	return saved.id;
}

function notification(taskId: string, id: string, type = 'analyze.task.ready'): string {
	return JSON.stringify({ id, created_at: new Date().toISOString(), type, data: { id: taskId, status: type.split('.').pop() } });
}

/** Signs now (a fresh TL-Signature, as TwelveLabs does for each attempt) and POSTs; retries while the webhook is not registered yet. */
async function deliver(baseUrl: string, webhookPath: string, body: string, secret = SECRET): Promise<{ status: number; contentType: string; text: string }> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const t = Math.floor(Date.now() / 1000);
		const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
		const response = await request(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'tl-signature': `t=${t},v1=${v1}` },
			body,
		});
		const text = await response.body.text();
		if (response.statusCode !== 404 || Date.now() > deadline) {
			return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), text };
		}
		await sleep(250);
	}
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Every execution of the workflow, each once it has finished (with its data). */
async function finishedExecutions(api: N8nApi, workflowId: string, atLeast: number, timeoutMs = 90_000): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const listed = await listExecutions(api, workflowId);
		if (listed.length >= atLeast && listed.every((execution) => FINISHED.has(execution.status))) {
			return await Promise.all(listed.map((execution) => api.getExecution(execution.id)));
		}
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${listed.length} executions (${listed.map((e) => e.status).join(', ')}), wanted ${atLeast} finished`);
		await sleep(500);
	}
}

/** Per notification ID: how many executions the trigger started, and how many reached the Slack step. */
function countsByNotification(executions: Execution[]): Record<string, { started: number; notified: number }> {
	const counts: Record<string, { started: number; notified: number }> = {};
	for (const execution of executions) {
		const runData = execution.data.resultData.runData;
		for (const item of runData[TRIGGER]?.[0]?.data?.main?.[0] ?? []) {
			const id = String(item.json.notificationId);
			counts[id] ??= { started: 0, notified: 0 };
			counts[id].started += 1;
			if ((runData[NOTIFY]?.[0]?.data?.main?.[0] ?? []).length > 0) counts[id].notified += 1;
		}
	}
	return counts;
}

describe('TwelveLabs Webhook Trigger in one n8n process', () => {
	test('answers TwelveLabs with a small JSON acknowledgement: accepted, repeated, ignored; a forged delivery 401', async () => {
		const n8n = await sharedN8n();
		emulator.reset();
		sink.received.length = 0;
		const task = emulator.state.addTask({ status: 'ready', result_data: 'The keynote, scene by scene.' });
		const { workflow, webhookPath } = prepared(await webhookCredential(n8n.api));
		const workflowId = await publish(n8n.api, workflow);
		try {
			const body = notification(task.task_id, `whe_${randomUUID()}`);
			const accepted = await deliver(n8n.url, webhookPath, body);
			expect(accepted).toEqual({ status: 200, contentType: expect.stringContaining('application/json'), text: '{"received":true}' });
			const repeated = await deliver(n8n.url, webhookPath, body);
			expect({ status: repeated.status, body: JSON.parse(repeated.text) }).toEqual({ status: 200, body: { received: true, duplicate: true } });
			const canceled = await deliver(n8n.url, webhookPath, notification(task.task_id, `whe_${randomUUID()}`, 'analyze.task.canceled'));
			expect({ status: canceled.status, body: JSON.parse(canceled.text) }).toEqual({ status: 200, body: { received: true, ignored: 'analyze.task.canceled' } });
			const forged = await deliver(n8n.url, webhookPath, body, 'whsec_guessed');
			expect({ status: forged.status, body: JSON.parse(forged.text) }).toEqual({ status: 401, body: { message: 'Invalid TL-Signature' } });

			const executions = await finishedExecutions(n8n.api, workflowId, 1);
			expect(executions.map((execution) => execution.status)).toEqual(['success']);
			expect(sink.to(NOTIFY)).toHaveLength(1);
			expect(emulator.violations).toEqual([]);
		} finally {
			await n8n.api.call('POST', `/rest/workflows/${workflowId}/deactivate`, {}).catch(() => undefined);
		}
	});
});

describe('TwelveLabs Webhook Trigger in queue mode (main, 2 workers, 2 webhook processes)', () => {
	let cluster: QueueCluster | undefined;

	beforeAll(async () => {
		const started = Date.now();
		await ensureQueueServices();
		cluster = await QueueCluster.start({
			runtime: await ensureN8n(CURRENT),
			tarball: readState().tarball,
			dir: path.join(E2E_DIR, 'queue-webhook'),
			workers: 2,
			webhookProcesses: 2,
			onStep: printTiming,
		});
		printTiming('queue webhook: cluster up', Date.now() - started);
	}, 600_000);

	afterAll(async () => {
		await cluster?.stop();
	}, 120_000);

	test('a notification repeated to each webhook process, to main and after restarting them reaches the workflow once', async () => {
		if (!cluster) throw new Error('the queue cluster did not start');
		const api = await cluster.api();
		emulator.reset();
		sink.received.length = 0;
		const task = emulator.state.addTask({ status: 'ready', result_data: 'The keynote, scene by scene.' });
		const { workflow, webhookPath } = prepared(await webhookCredential(api));
		const workflowId = await publish(api, workflow);

		const repeated = `whe_${randomUUID()}`;
		const body = notification(task.task_id, repeated);
		const answers: Array<{ to: string; status: number; text: string }> = [];
		const send = async (to: string, baseUrl: string, what = body) => {
			const answer = await deliver(baseUrl, webhookPath, what);
			answers.push({ to, status: answer.status, text: answer.text });
		};
		for (const [index, url] of cluster.webhookUrls.entries()) {
			await send(`webhook process ${index + 1}`, url);
			await send(`webhook process ${index + 1}, again`, url);
		}
		await send('main', cluster.mainUrl);
		await cluster.restartWebhooks();
		for (const [index, url] of cluster.webhookUrls.entries()) await send(`webhook process ${index + 1} after its restart`, url);
		await cluster.killMain();
		await cluster.startMain();
		await send('main after its restart', cluster.mainUrl);
		const other = `whe_${randomUUID()}`;
		await send('another notification, webhook process 1', cluster.webhookUrls[0], notification(task.task_id, other));

		// Every delivery was acknowledged (TwelveLabs must not retry any of them).
		expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
		expect(answers.filter((answer) => (JSON.parse(answer.text) as { received?: boolean }).received !== true)).toEqual([]);

		const minimum = 2;
		const executions = await finishedExecutions(api, workflowId, minimum);
		// Let any late execution of a repeat show up before counting.
		await sleep(3_000);
		const all = await finishedExecutions(api, workflowId, minimum);
		const counts = countsByNotification(all);
		process.stdout.write(
			`[e2e] queue webhook: ${answers.length - 1} deliveries of one notification started ${counts[repeated]?.started ?? 0} executions ` +
				`(the node's own guards), ${counts[repeated]?.notified ?? 0} reached "${NOTIFY}" (after "${DEDUPE}"); answers: ${JSON.stringify(answers.map((a) => `${a.to}: ${a.text}`))}\n`,
		);
		expect(executions.length).toBeGreaterThanOrEqual(minimum);
		expect(all.filter((execution) => execution.status !== 'success').map((execution) => execution.id)).toEqual([]);
		// The node alone already started one execution per notification (its static-data log, read
		// and saved by every process); the Remove Duplicates step is there for simultaneous copies.
		expect({ [repeated]: counts[repeated], [other]: counts[other] }).toEqual({
			[repeated]: { started: 1, notified: 1 },
			[other]: { started: 1, notified: 1 },
		});
		expect(sink.to(NOTIFY)).toHaveLength(2);
		// Each execution ran on a worker, none on main.
		for (const execution of all) expect({ id: execution.id, onMain: cluster.mainRan(execution.id) }).toEqual({ id: execution.id, onMain: false });
	}, 300_000);
});
