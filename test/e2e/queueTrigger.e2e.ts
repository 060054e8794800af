/**
 * The TwelveLabs Trigger in n8n 2.40's queue mode (main + 2 workers on Postgres and Redis), polling
 * every 5 s (the shortest n8n allows, see pollEvery), across two SIGKILLs and restarts of main.
 *   - The guarantee: once the first scheduled poll after publishing has run, every task that
 *     finishes before the first kill, while main is down, between the kills and after the second
 *     restart starts exactly one execution (read back through n8n's public API: the trigger's
 *     output items), none twice, none missing, none for a task that had finished before
 *     publishing; polls run on main only (main's log, not the workers'); the executions on
 *     workers; the trigger's state in Postgres (`workflow_entity."staticData"`).
 *   - The window n8n leaves open, measured, not promised: publish, a task finishes, main is
 *     killed before its first scheduled poll, main restarts. n8n 2.40 saves nothing from a publish
 *     poll that emits nothing unless the node wrote it where n8n saves it; whether the task still
 *     starts its execution is printed. Only "never twice" is asserted there.
 */
import * as path from 'node:path';

import { type Emulator, startEmulator } from '../emulator';
import type { N8nApi } from '../../scripts/lib/n8n-api';
import { sleep } from '../../scripts/lib/process';
import { ensureQueueServices, QueueCluster } from '../../scripts/lib/queueCluster';
import { ensureN8n } from '../../scripts/lib/runtime';
import { CURRENT } from '../../scripts/lib/versions';
import { emulatorCredential } from './support/n8n';
import { publish } from './support/queueRuns';
import { activatedIn, deactivatedIn, ownTarball, pollEvery, pollsIn, timesEmitted, triggerRuns, triggerWorkflow, waitUntil } from './support/queueTriggerRuns';
import { E2E_DIR, printTiming, readState } from './support/state';

const PERIOD_S = 5;
const POLL_TIMES = pollEvery(PERIOD_S);
/** Long enough for several polls and a worker to finish each execution. */
const EMIT_TIMEOUT_MS = 90_000;

let cluster: QueueCluster | undefined;
let api: N8nApi;
let emulator: Emulator;
let credential: { id: string; name: string };

beforeAll(async () => {
	const started = Date.now();
	await ensureQueueServices();
	cluster = await QueueCluster.start({
		runtime: await ensureN8n(CURRENT),
		tarball: await ownTarball(readState().tarball, path.join(E2E_DIR, 'queue-trigger-pack')),
		dir: path.join(E2E_DIR, 'queue-trigger'),
		workers: 2,
		webhookProcesses: 0,
		onStep: printTiming,
	});
	api = await cluster.api();
	emulator = await startEmulator({ clock: 'realtime' });
	credential = await emulatorCredential(api, emulator);
	printTiming('queue trigger: cluster up', Date.now() - started);
}, 600_000);

afterAll(async () => {
	await cluster?.stop();
	await emulator?.close();
}, 120_000);

function running(): QueueCluster {
	if (!cluster) throw new Error('the queue cluster did not start');
	return cluster;
}

/** A task in flight: it stays `processing` until the test finishes it. */
function inFlight(label: string): string {
	return emulator.state.addTask({ status: 'processing', result_data: label }).task_id;
}

/** A task that appears already finished (created and done between two polls). */
function appearsFinished(label: string): string {
	return emulator.state.addTask({ status: 'ready', result_data: label }).task_id;
}

async function restartMain(step: string): Promise<void> {
	const started = Date.now();
	await running().startMain();
	printTiming(`queue trigger: ${step}`, Date.now() - started);
}

/** Waits until every task in `expected` was emitted at least once. */
async function waitForEmitted(workflowId: string, expected: string[]): Promise<void> {
	let seen: Record<string, number> = {};
	await waitUntil(
		`executions for ${expected.length} tasks`,
		async () => {
			seen = timesEmitted(await triggerRuns(api, workflowId));
			return expected.every((id) => seen[id] !== undefined);
		},
		EMIT_TIMEOUT_MS,
		() => ({ missing: expected.filter((id) => seen[id] === undefined), seen }),
	);
}

/** Waits for `count` more polls of this workflow on main than it has logged so far. */
async function waitForPolls(workflowId: string, count: number): Promise<void> {
	const target = pollsIn(running().mainLog(), workflowId) + count;
	await waitUntil(`${count} more polls of workflow ${workflowId}`, () => pollsIn(running().mainLog(), workflowId) >= target, (count + 3) * PERIOD_S * 1000 + 30_000);
}

/** Unpublishes and waits until main has applied it (a kill meanwhile would leave it pending for minutes). */
async function unpublish(workflowId: string): Promise<void> {
	await api.call('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	await waitUntil(`main to unpublish ${workflowId}`, () => deactivatedIn(running().mainLog(), workflowId), 30_000);
}

async function storedStaticData(workflowId: string): Promise<Record<string, unknown>> {
	const text = await running().sql(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`);
	return text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
}

describe('TwelveLabs Trigger in queue mode (main + 2 workers), main killed and restarted twice', () => {
	test('after the first scheduled poll, each task finishing before, during and after the kills starts exactly one execution', async () => {
		const cluster = running();
		const testStarted = Date.now();
		emulator.reset();
		const earlier = appearsFinished('finished before publishing');
		const beforePublish = [inFlight('b1'), inFlight('b2'), inFlight('b3'), inFlight('b4'), inFlight('b5')];

		const { id: workflowId } = await publish(api, triggerWorkflow('Queue trigger exactly once', credential, POLL_TIMES));
		try {
			const published = Date.now();
			// The publish poll, then a scheduled one, then another: the first scheduled poll has ended.
			await waitUntil('the first scheduled polls', () => pollsIn(cluster.mainLog(), workflowId) >= 3, 60_000);
			printTiming('queue trigger: publish to the second scheduled poll', Date.now() - published);

			// Before the first kill: two tasks from before publishing, one seen in flight, one appearing finished.
			const afterPublish = inFlight('p1');
			await waitForPolls(workflowId, 1);
			const beforeKill = [beforePublish[0], beforePublish[1], afterPublish, appearsFinished('new before kill 1')];
			for (const id of beforeKill.slice(0, 3)) emulator.state.finishTaskNow(id);
			await waitForEmitted(workflowId, beforeKill);

			// Kill 1; while main is down: tasks from before publishing and after finish, new ones appear.
			await cluster.killMain();
			emulator.state.finishTaskNow(beforePublish[2]);
			const createdWhileDown = inFlight('d1');
			const whileDown1 = [beforePublish[2], appearsFinished('new while down 1')];
			await restartMain('restart main after kill 1');
			emulator.state.finishTaskNow(createdWhileDown);
			const afterRestart1 = [createdWhileDown, appearsFinished('new after restart 1')];
			await waitForEmitted(workflowId, [...whileDown1, ...afterRestart1]);

			// Kill 2, the same again.
			await cluster.killMain();
			emulator.state.finishTaskNow(beforePublish[3]);
			const whileDown2 = [beforePublish[3], appearsFinished('new while down 2')];
			await restartMain('restart main after kill 2');
			emulator.state.finishTaskNow(beforePublish[4]);
			const afterRestart2 = [beforePublish[4], appearsFinished('new after restart 2')];
			const expected = [...beforeKill, ...whileDown1, ...afterRestart1, ...whileDown2, ...afterRestart2];
			await waitForEmitted(workflowId, expected);

			// A few more polls: nothing may start twice, nothing else may start.
			await waitForPolls(workflowId, 3);
			const runs = await triggerRuns(api, workflowId);
			printTiming('queue trigger: exactly once across two kills (test)', Date.now() - testStarted);

			expect(runs.filter((run) => run.status !== 'success')).toEqual([]);
			expect(timesEmitted(runs)).toEqual(Object.fromEntries(expected.map((id) => [id, 1])));
			expect(timesEmitted(runs)[earlier]).toBeUndefined();
			// Polls ran on main only; the executions on workers.
			expect({ main: pollsIn(cluster.mainLog(), workflowId) > 0, workers: cluster.workerLogs().map((log) => pollsIn(log, workflowId)) }).toEqual({ main: true, workers: [0, 0] });
			expect(runs.filter((run) => cluster.workerOf(run.id) === undefined || cluster.mainRan(run.id)).map((run) => run.id)).toEqual([]);
			// The trigger's state is in Postgres, in the workflow's static data under the node.
			const stored = await storedStaticData(workflowId);
			expect(Object.entries(stored).filter(([key, value]) => key.startsWith('node:') && typeof value === 'object' && value !== null && 'taskTrigger' in value).length).toBe(1);
			expect(emulator.violations).toEqual([]);
		} finally {
			// Cleanup only: its failure must not hide the test's own.
			await unpublish(workflowId).catch(() => undefined);
		}
	}, 420_000);

	test('the window n8n leaves open: a task finishing between publishing and the first scheduled poll, main killed in it (measured)', async () => {
		const cluster = running();
		emulator.reset();
		const waiting = inFlight('in flight when publishing');
		// Publish just after a poll time, so the next one is seconds away.
		while (Date.now() % (PERIOD_S * 1000) > 300) await sleep(50);
		const published = Date.now();
		const { id: workflowId } = await publish(api, triggerWorkflow('Queue trigger window', credential, POLL_TIMES));
		try {
			// Killing main before it has applied the publication is another matter (see the report).
			await waitUntil('main to apply the publication', () => activatedIn(cluster.mainLog(), workflowId), 30_000);
			const activatedAfterMs = Date.now() - published;
			emulator.state.finishTaskNow(waiting);
			const appeared = appearsFinished('appeared after publishing');
			const pollsBeforeKill = pollsIn(cluster.mainLog(), workflowId);
			await cluster.killMain();
			const killedAfterMs = Date.now() - published;
			const storedAtKill = await storedStaticData(workflowId);
			await restartMain('restart main in the window');
			// The poll at start-up and two scheduled ones.
			await waitForPolls(workflowId, 3);
			const counts = timesEmitted(await triggerRuns(api, workflowId));

			const emitted = [waiting, appeared].filter((id) => counts[id] !== undefined).length;
			process.stdout.write(
				`[e2e] queue trigger window: publication applied ${activatedAfterMs} ms after publishing, main killed at ${killedAfterMs} ms after ${pollsBeforeKill} poll(s) (${pollsBeforeKill === 1 ? 'the publish poll only: inside the window' : 'not inside the window'}); ` +
					`static data in Postgres at the kill: ${JSON.stringify(Object.keys(storedAtKill))}; ` +
					`${emitted} of 2 tasks finished in the window started an execution (in flight at publishing: ${counts[waiting] ?? 0}, appeared after publishing: ${counts[appeared] ?? 0})\n`,
			);
			expect(Object.values(counts).filter((times) => times > 1)).toEqual([]);
			expect(Object.keys(counts).filter((id) => id !== waiting && id !== appeared)).toEqual([]);
			expect(emulator.violations).toEqual([]);
		} finally {
			// Cleanup only: its failure must not hide the test's own.
			await unpublish(workflowId).catch(() => undefined);
		}
	}, 300_000);
});
