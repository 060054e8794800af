import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { taskIdLocator } from '../params/taskId';

const properties: INodeProperties[] = [taskIdLocator({ description: 'The analysis task to delete, with its results' })];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['delete'] } }, properties);

function explain(status: number): string | undefined {
	if (status === 409) {
		return 'The task is still processing: cancel it (Cancel operation) or wait until it finishes (Wait operation), then delete it.';
	}
	if (status === 404) return 'No task has this ID: it may have been deleted already.';
	return undefined;
}

/** Deletes a finished task and its results (`DELETE /analyze/tasks/{id}`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requireId({ node: this.getNode(), itemIndex }, 'Task', this.getNodeParameter('taskId', itemIndex, '', { extractValue: true }));
	await apiRequest(this, { method: 'DELETE', path: `/analyze/tasks/${encodeURIComponent(taskId)}`, itemIndex, explain });
	return { taskId, deleted: true };
}
