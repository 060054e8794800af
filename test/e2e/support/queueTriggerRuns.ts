/**
 * Reading a published TwelveLabs Trigger workflow back from a queue-mode cluster: which task each
 * execution started for (n8n's public API, with data), how many polls main's log shows, and a
 * wait that names what it waited for when it gives up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { N8nApi, WorkflowJson } from '../../../scripts/lib/n8n-api';
import { PACKAGE_PREFIX } from '../../../scripts/lib/examples';
import { sleep } from '../../../scripts/lib/process';

export const TRIGGER_TYPE = `${PACKAGE_PREFIX}twelveLabsTrigger`;
export const TRIGGER_NAME = 'TwelveLabs Trigger';

/**
 * One cron entry per `periodSeconds` within the minute: n8n 2.40 refuses any sub-minute
 * expression (`*\/5 * * * * *`, `0,5 * * * * *`: "The polling interval is too short"), not
 * several whole-second ones, so this is the shortest poll period a user can set.
 */
export function pollEvery(periodSeconds: number): { item: Array<{ mode: 'custom'; cronExpression: string }> } {
	const seconds = Array.from({ length: Math.floor(60 / periodSeconds) }, (_, index) => index * periodSeconds);
	return { item: seconds.map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
}

/** TwelveLabs Trigger (Task Ready) -> No Operation, with its credential and poll times. */
export function triggerWorkflow(name: string, credential: { id: string; name: string }, pollTimes: ReturnType<typeof pollEvery>): WorkflowJson {
	return {
		name,
		nodes: [
			{
				name: TRIGGER_NAME,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['ready'], pollTimes },
				credentials: { twelveLabsApi: credential },
			},
			{ name: 'Nothing', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { [TRIGGER_NAME]: { main: [[{ node: 'Nothing', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

interface PublicExecution {
	id: number | string;
	status: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
}

export interface TriggerRun {
	id: string;
	status: string;
	/** Task IDs of the trigger's output items. */
	taskIds: string[];
}

/** Every execution of the workflow with the tasks its trigger emitted (public API, with data). */
export async function triggerRuns(api: N8nApi, workflowId: string): Promise<TriggerRun[]> {
	const runs: TriggerRun[] = [];
	let cursor: string | undefined;
	do {
		const page = await api.publicApi<{ data: PublicExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const execution of page.data) {
			const emitted = execution.data?.resultData?.runData?.[TRIGGER_NAME] ?? [];
			const taskIds = emitted.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => String(item.json.taskId)));
			runs.push({ id: String(execution.id), status: execution.status, taskIds });
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return runs;
}

/** How many executions emitted each task (tasks never emitted are absent). */
export function timesEmitted(runs: TriggerRun[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const run of runs) for (const taskId of run.taskIds) counts[taskId] = (counts[taskId] ?? 0) + 1;
	return counts;
}

/** Log lines of a process's debug log that name the workflow (n8n adds `"workflowId":"<id>"`). */
function linesAbout(log: string, workflowId: string, text: string): number {
	return log.split('\n').filter((line) => line.includes(text) && line.includes(`"workflowId":"${workflowId}"`)).length;
}

/** Polls n8n began for this workflow (the publish poll included). */
export function pollsIn(log: string, workflowId: string): number {
	return linesAbout(log, workflowId, 'Poll trigger initiated for workflow');
}

/**
 * Whether the process applied the publication: in 2.40 publishing only writes an outbox record
 * that main applies a moment later (the publish poll, then the crons).
 */
export function activatedIn(log: string, workflowId: string): boolean {
	return log.split('\n').some((line) => line.includes('Activated trigger node') && line.includes(`"id":"${workflowId}"`));
}

/** Whether the process applied the unpublication (its crons are gone). */
export function deactivatedIn(log: string, workflowId: string): boolean {
	return log.split('\n').some((line) => line.includes('Deactivated trigger') && line.includes(`for workflow "${workflowId}"`));
}

/** Repeats `check` until it returns true; throws naming `what` (and the last state) after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, state?: () => unknown): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs / 1000} s waiting for ${what}${state ? `; last seen: ${JSON.stringify(state())}` : ''}`);
		await sleep(500);
	}
}

/**
 * A copy of the packed tarball in `folder`: another e2e run in this working tree repacks (and so
 * deletes for a while) the shared one, and the cluster installs it more than once.
 */
export async function ownTarball(tarball: string, folder: string): Promise<string> {
	await waitUntil(`the packed tarball ${tarball}`, () => fs.existsSync(tarball), 180_000);
	fs.mkdirSync(folder, { recursive: true });
	const copy = path.join(folder, path.basename(tarball));
	fs.copyFileSync(tarball, copy);
	return copy;
}
