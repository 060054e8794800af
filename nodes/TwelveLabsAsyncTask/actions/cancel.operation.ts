import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { taskIdLocator } from '../params/taskId';
import { getTask } from './waitForTask';

const properties: INodeProperties[] = [taskIdLocator({ description: 'The queued or running analysis task to cancel' })];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['cancel'] } }, properties);

function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { httpCode?: unknown } | null)?.httpCode;
	const status = Number(code);
	return Number.isInteger(status) ? status : undefined;
}

function explain(status: number): string | undefined {
	if (status === 409) return 'The task has already finished (ready, failed or canceled), so there is nothing to cancel.';
	return undefined;
}

/**
 * Cancels a task (`POST /analyze/tasks/{id}/cancel`). The route came after the 2026-07-30 API: a
 * 405, or a 404 for a task that exists, means this API version does not have it.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requireId({ node: this.getNode(), itemIndex }, 'Task', this.getNodeParameter('taskId', itemIndex, '', { extractValue: true }));
	const path = `/analyze/tasks/${encodeURIComponent(taskId)}/cancel`;
	// Canceling twice asks for the same thing, so a transient failure may be retried.
	const answer = await apiRequest<{ task_id?: string; status?: string }>(this, { method: 'POST', path, retry: 'safe', itemIndex, explain }).then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if ('value' in answer) {
		return { taskId: answer.value?.task_id ?? taskId, status: answer.value?.status ?? 'canceled', canceled: true };
	}

	const status = httpStatusOf(answer.error);
	const routeMissing =
		status === 405 ||
		(status === 404 &&
			(await getTask(this, itemIndex, taskId).then(
				() => true,
				() => false,
			)));
	if (routeMissing) {
		throw new NodeOperationError(this.getNode(), 'This TwelveLabs API version does not support canceling analysis tasks', {
			itemIndex,
			description: `POST /analyze/tasks/{task_id}/cancel answered ${status}, although task ${taskId} exists. Wait for the task to finish (Wait operation), then delete it if you do not need it.`,
		});
	}
	throw answer.error;
}
