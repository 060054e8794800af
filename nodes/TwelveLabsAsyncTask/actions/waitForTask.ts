import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AnalyzeTask } from '../../TwelveLabs/responses/task';
import { cancelSignalOf } from '../../TwelveLabs/transport/context';
import { apiRequest } from '../../TwelveLabs/transport/request';
import type { WaitOutcome } from '../../TwelveLabs/transport/waitUntilDone';
import { waitUntilDone } from '../../TwelveLabs/transport/waitUntilDone';
import type { WaitSettings } from '../params/waitOptions';
import { MAX_POLL_INTERVAL_MS } from '../params/waitOptions';

export async function getTask(ctx: IExecuteFunctions, itemIndex: number, taskId: string): Promise<AnalyzeTask> {
	return await apiRequest<AnalyzeTask>(ctx, {
		method: 'GET',
		path: `/analyze/tasks/${encodeURIComponent(taskId)}`,
		itemIndex,
	});
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the task now, then with growing pauses until it is ready, failed or canceled, or the
 * maximum wait is over. Stopping the execution stops the wait at once. `createdNow`: the task
 * was just created by this item, so a failure says its ID (running again would create another).
 */
export async function waitForTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	taskId: string,
	settings: WaitSettings,
	createdNow = false,
): Promise<WaitOutcome<AnalyzeTask>> {
	const signal = cancelSignalOf(ctx);
	const outcome = await waitUntilDone(
		async () => await getTask(ctx, itemIndex, taskId),
		(task) => task.status,
		{
			maxWaitMs: settings.maxWaitMs,
			initialIntervalMs: settings.initialIntervalMs,
			maxIntervalMs: Math.max(settings.initialIntervalMs, MAX_POLL_INTERVAL_MS),
			signal,
		},
	).then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if ('value' in outcome) return outcome.value;

	const pickUp = `Use the Get or Wait operation with task ID ${taskId} to pick up its result, or Cancel to stop it.`;
	if (signal?.aborted) {
		throw new NodeOperationError(ctx.getNode(), `The execution was stopped while waiting for task ${taskId}`, {
			itemIndex,
			description: `The task keeps running on TwelveLabs. ${pickUp}`,
		});
	}
	if (createdNow) {
		throw new NodeOperationError(ctx.getNode(), `Task ${taskId} was created, but reading its status failed: ${messageOf(outcome.error)}`, {
			itemIndex,
			description: `The task was not created again. ${pickUp}`,
		});
	}
	// A read that failed on its own (e.g. an unknown task ID) is reported as the API answered it.
	throw outcome.error;
}
