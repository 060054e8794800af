/**
 * The TwelveLabs Trigger in a published workflow of a real n8n: tasks finish in the emulator
 * (on its real-time clock) before, during and after publishing, and the executions read back
 * through n8n's public API start once per task that finished after publishing, never twice,
 * never for a task that finished before, never for an event not asked for. Runs for a plain
 * workflow and for every example started by the TwelveLabs Trigger.
 *
 * Skipped (with the reason in its name) while package.json does not list the Trigger node.
 */
import { type Emulator, startEmulator } from '../emulator';
import { PACKAGE_PREFIX, readExamples, withCredential } from '../../scripts/lib/examples';
import type { WorkflowJson, WorkflowNode } from '../../scripts/lib/n8n-api';
import { packageListsNode } from '../../scripts/lib/package';
import { sleep } from '../../scripts/lib/process';
import { emulatorCredential, type SharedN8n, sharedN8n } from './support/n8n';
import { type Sink, startSink } from './support/sink';
import { withStandIns } from './support/standIns';

const TRIGGER_TYPE = `${PACKAGE_PREFIX}twelveLabsTrigger`;
const listed = packageListsNode('TwelveLabsTrigger');

/**
 * Six minute-granular poll times, one every 10 s (n8n refuses a single sub-minute schedule, not
 * several whole-second ones), so the test sees several polls in about a minute.
 */
const FAST_POLL_TIMES = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
const POLL_PERIOD_MS = 10_000;

function plainWorkflow(): WorkflowJson {
	return {
		name: 'Trigger check: notify when a task is ready',
		nodes: [
			{ name: 'TwelveLabs Trigger', type: TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: { events: ['ready'] } },
			{
				name: 'Notify',
				type: 'n8n-nodes-base.slack',
				typeVersion: 2.3,
				position: [240, 0],
				parameters: { select: 'channel', channelId: { __rl: true, mode: 'name', value: '#videos' }, text: '=Task {{ $json.taskId }} is {{ $json.status }}' },
			},
		],
		connections: { 'TwelveLabs Trigger': { main: [[{ node: 'Notify', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const cases: Array<[string, WorkflowJson]> = [
	['a workflow notifying on ready tasks', plainWorkflow()],
	...readExamples()
		.filter((example) => example.workflow.nodes.some((node) => node.type === TRIGGER_TYPE))
		.map((example): [string, WorkflowJson] => [`example ${example.slug}`, example.workflow]),
];

let n8n: SharedN8n;
let emulator: Emulator;
let sink: Sink;
let credential: { id: string; name: string };

const suite = listed ? describe : describe.skip;
suite(`TwelveLabs Trigger, published${listed ? '' : ' (skipped: package.json does not list nodes/TwelveLabsTrigger yet)'}`, () => {
	beforeAll(async () => {
		n8n = await sharedN8n();
		emulator = await startEmulator({ clock: 'realtime', taskDurations: { pendingMs: 1_000, processingMs: 2_000, readyMs: 4_000 } });
		sink = await startSink();
		credential = await emulatorCredential(n8n.api, emulator);
	});

	afterAll(async () => {
		await emulator?.close();
		await sink?.close();
	});

	test.each(cases)('%s: each task that finishes after publishing starts exactly one execution', async (_name, source) => {
		emulator.reset();
		sink.received.length = 0;
		const trigger = source.nodes.find((node) => node.type === TRIGGER_TYPE) as WorkflowNode;
		const events = (trigger.parameters.events as string[] | undefined) ?? ['ready'];
		const prepared = withCredential(source, credential);
		for (const node of prepared.nodes) if (node.type === TRIGGER_TYPE) node.parameters = { ...node.parameters, pollTimes: FAST_POLL_TIMES };
		const { workflow } = withStandIns(prepared, sink.url);

		// Finished before publishing: never emitted (Emit Tasks Finished Before Activation is off).
		const earlier = emulator.state.addTask({ status: 'ready', result_data: 'finished before publishing' });
		// In flight while publishing: emitted when it finishes.
		const inFlight = emulator.state.addTask({});

		const saved = await n8n.api.createWorkflow({ ...workflow, name: `${workflow.name} (${Date.now()})` });
		await n8n.api.call('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
		try {
			// Tasks finishing right after publishing (before the first scheduled poll), one failing,
			// and more finishing a few polls later.
			const first = [emulator.state.addTask({}), emulator.state.addTask({})];
			const failing = emulator.state.addTask({});
			emulator.state.setTaskOutcome(failing.task_id, 'failed', { message: 'The video could not be analyzed.' });
			await sleep(2 * POLL_PERIOD_MS);
			const later = [emulator.state.addTask({}), emulator.state.addTask({})];

			const expected = [inFlight, ...first, ...later].map((task) => task.task_id);
			if (events.includes('failed')) expected.push(failing.task_id);
			const started = await waitForTasks(saved.id, trigger.name, expected, 120_000);
			// One more poll period and a bit: nothing may start twice.
			await sleep(POLL_PERIOD_MS + 3_000);
			const final = await startedTasks(saved.id, trigger.name);

			expect(final.errors).toEqual([]);
			expect(final.taskIds.sort()).toEqual(expected.sort());
			expect(final.taskIds).not.toContain(earlier.task_id);
			expect(started.taskIds.length).toBeLessThanOrEqual(final.taskIds.length);
			// The step after the trigger ran once per task too (its stand-in got one request each).
			expect(sink.received).toHaveLength(expected.length);
			expect(emulator.violations).toEqual([]);
		} finally {
			await n8n.api.call('POST', `/rest/workflows/${saved.id}/deactivate`, {}).catch(() => undefined);
		}
	}, 240_000);
});

interface PublicExecution {
	id: number | string;
	status: string;
	mode: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
}

/** Task IDs the trigger emitted, over every execution of the workflow (public API, with data). */
async function startedTasks(workflowId: string, triggerName: string): Promise<{ taskIds: string[]; errors: string[] }> {
	const taskIds: string[] = [];
	const errors: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await n8n.api.publicApi<{ data: PublicExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const execution of page.data) {
			if (execution.status !== 'success') errors.push(`execution ${execution.id}: ${execution.status}`);
			const runData = execution.data?.resultData?.runData ?? {};
			const triggerRuns = runData[triggerName] ?? [];
			for (const run of triggerRuns) {
				for (const item of run.data?.main?.[0] ?? []) taskIds.push(String(item.json.taskId));
			}
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return { taskIds, errors };
}

async function waitForTasks(workflowId: string, triggerName: string, expected: string[], timeoutMs: number): Promise<{ taskIds: string[] }> {
	const deadline = Date.now() + timeoutMs;
	let seen: string[] = [];
	while (Date.now() < deadline) {
		seen = (await startedTasks(workflowId, triggerName)).taskIds;
		if (expected.every((id) => seen.includes(id))) return { taskIds: seen };
		await sleep(2_000);
	}
	return { taskIds: seen };
}
