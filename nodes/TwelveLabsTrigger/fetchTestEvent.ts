/**
 * "Fetch test event" in the editor: the newest finished task matching the trigger's events and
 * filters, in full, exactly as a poll would emit it (or, for Batch Finished alone or when no task
 * matches, the newest finished batch). It reads only, and never touches the state.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { BATCH_FINISHED_STATUSES, batchEventItem, listBatchPage } from '../TwelveLabs/trigger/batchEvents';
import type { ListedTask } from '../TwelveLabs/trigger/pollRound';
import { listedTask, PAGE_SIZE } from '../TwelveLabs/trigger/pollRound';
import { listTaskPage, retrieveTask } from '../TwelveLabs/trigger/taskApi';
import { eventOfStatus, outcomeOfEvent, taskEventItem } from '../TwelveLabs/trigger/taskEvents';
import type { TriggerSettings } from './settings';

export async function fetchTestEvent(ctx: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const task = settings.outcomes.length > 0 ? await newestTaskEvent(ctx, settings) : null;
	if (task || !settings.batchFinished) return task;
	return await newestBatchEvent(ctx, settings);
}

/** The newest finished batch (its list entry already carries the counts). */
async function newestBatchEvent(ctx: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const mode = settings.query.analysis_mode;
	const listed = await listBatchPage(ctx, { ...(mode ? { analysis_mode: mode } : {}), status: BATCH_FINISHED_STATUSES }, 1, 1);
	const batch = listed.entries[0];
	return batch ? [[{ json: batchEventItem(batch) }]] : null;
}

async function newestTaskEvent(ctx: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const matches = (task: ListedTask | undefined): task is ListedTask => {
		const event = task && eventOfStatus(task.status);
		return event !== undefined && settings.outcomes.includes(outcomeOfEvent(event));
	};
	// The newest tasks first: one request finds it when tasks finish about as often as they start.
	const head = await listTaskPage(ctx, settings.query, 1, PAGE_SIZE);
	let newest = head.tasks.map(listedTask).find(matches);
	if (!newest && !head.isLastPage) {
		const candidates: ListedTask[] = [];
		for (const status of settings.outcomes) {
			const listed = await listTaskPage(ctx, { ...settings.query, status }, 1, 1);
			const task = listedTask(listed.tasks[0]);
			if (matches(task)) candidates.push(task);
		}
		newest = candidates.sort((a, b) => (b.createdAtMs || 0) - (a.createdAtMs || 0))[0];
	}
	if (!newest) return null;
	const task = await retrieveTask(ctx, newest.id);
	if (!task) return null;
	return [[{ json: taskEventItem(task) }]];
}
