/** "Emit Tasks Finished Before Activation": the newest tasks that had already finished, read once at seeding. */
import type { IPollFunctions } from 'n8n-workflow';

import type { AnalyzeTask } from '../TwelveLabs/responses/task';
import type { ListedTask } from '../TwelveLabs/trigger/pollRound';
import { byCompletion, listedTask, PAGE_SIZE } from '../TwelveLabs/trigger/pollRound';
import { listTaskPage, retrieveTask } from '../TwelveLabs/trigger/taskApi';
import { isFinishedStatus } from '../TwelveLabs/trigger/taskEvents';
import type { TriggerSettings } from './settings';

/**
 * The newest `settings.earlierTasks` finished tasks of the chosen events, in full, the earliest
 * finished first. `skip` leaves out tasks the trigger follows already (they are emitted later).
 * Canceled tasks cannot be listed by status, so they are not among them.
 */
export async function listEarlierFinished(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	skip: (taskId: string) => boolean,
): Promise<AnalyzeTask[]> {
	const wanted = settings.earlierTasks;
	const pageLimit = Math.min(PAGE_SIZE, wanted);
	const candidates = new Map<string, ListedTask>();
	for (const status of settings.outcomes) {
		let collected = 0;
		for (let page = 1; collected < wanted; page++) {
			const listed = await listTaskPage(ctx, { ...settings.query, status }, page, pageLimit);
			for (const entry of listed.tasks) {
				const task = listedTask(entry);
				if (!task || skip(task.id) || !isFinishedStatus(task.status)) continue;
				candidates.set(task.id, task);
				collected += 1;
			}
			if (listed.isLastPage) break;
		}
	}
	const newest = [...candidates.values()]
		.sort((a, b) => (Number.isFinite(b.createdAtMs) ? b.createdAtMs : 0) - (Number.isFinite(a.createdAtMs) ? a.createdAtMs : 0))
		.slice(0, wanted);
	const tasks: AnalyzeTask[] = [];
	for (const { id } of newest) {
		const task = await retrieveTask(ctx, id);
		if (task && isFinishedStatus(task.status)) tasks.push(task);
	}
	return tasks.sort(byCompletion);
}
