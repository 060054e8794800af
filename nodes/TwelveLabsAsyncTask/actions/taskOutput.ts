import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AnalyzeTask, TaskItemContext } from '../../TwelveLabs/responses/task';
import { taskItem, taskSegmentRows } from '../../TwelveLabs/responses/task';

/** The Split Into Items option, for an Options collection. */
export const splitIntoItemsField: INodeProperties = {
	displayName: 'Split Into Items',
	name: 'splitIntoItems',
	type: 'boolean',
	default: false,
	description:
		'Whether a ready segmentation task gives one output item per segment (definitionId, start, end and the fields), e.g. one spreadsheet row each. A task with no segments then gives no items; a task that is not ready gives its usual item.',
};

export interface WaitReport {
	done: boolean;
	waitedMs: number;
}

/**
 * The output of one task: its item, or one item per segment when asked and the task has them.
 * A wait that ran out says so on the item, with the task ID to pick the result up later.
 * Segment rows carry no usage: summed down a sheet it would count the task once per segment;
 * each row's `taskId` leads to it (Get, or Split Into Items off).
 */
export function taskOutput(
	task: AnalyzeTask,
	options: { splitIntoItems?: boolean; wait?: WaitReport; context?: TaskItemContext },
): IDataObject | IDataObject[] {
	if (options.splitIntoItems) {
		const rows = taskSegmentRows(task);
		if (rows) return rows;
	}
	const item = taskItem(task, options.context);
	if (options.wait && !options.wait.done) {
		const seconds = Math.round(options.wait.waitedMs / 1000);
		return {
			...item,
			stillRunning: true,
			message: `The task is still ${task.status} after ${seconds} s of waiting. Use the Wait or Get operation with task ID ${task.task_id} to pick up the result later.`,
		};
	}
	return item;
}
