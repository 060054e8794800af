import type { IDataObject } from 'n8n-workflow';

import type { AnalyzeTask } from '../responses/task';
import { taskItem } from '../responses/task';

/** What a trigger user picks: tasks that finished with results, or without. */
export type TaskOutcome = 'ready' | 'failed';

/** Event names as TwelveLabs' webhooks spell them. */
export type TaskEventName = 'analyze.task.ready' | 'analyze.task.failed' | 'analyze.task.canceled';

/** Statuses of a task that has not finished; anything else unknown is treated the same way. */
export const IN_FLIGHT_STATUSES = ['queued', 'pending', 'processing'] as const;

const EVENT_BY_STATUS: Record<string, TaskEventName> = {
	ready: 'analyze.task.ready',
	failed: 'analyze.task.failed',
	canceled: 'analyze.task.canceled',
};

/** The event a finished task stands for; undefined while it has not finished (statuses are open-ended). */
export function eventOfStatus(status: string): TaskEventName | undefined {
	return EVENT_BY_STATUS[status];
}

export function isFinishedStatus(status: string): boolean {
	return eventOfStatus(status) !== undefined;
}

/** Which user choice an event belongs to: a canceled task is reported with the failed ones. */
export function outcomeOfEvent(event: TaskEventName): TaskOutcome {
	return event === 'analyze.task.ready' ? 'ready' : 'failed';
}

/** A finished task as a trigger's output item: the event first, then the task as the Async Task node shows it. */
export function taskEventItem(task: AnalyzeTask, event: TaskEventName | undefined = eventOfStatus(task.status)): IDataObject {
	return { event: event ?? null, ...taskItem(task) };
}
