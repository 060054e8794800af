import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TERMINAL_BATCH_STATUSES } from '../../TwelveLabs/requests/batch';
import type { AnalyzeBatch, BatchResultLine } from '../../TwelveLabs/responses/batch';
import { isBatchResultLine } from '../../TwelveLabs/responses/batch';
import { cancelSignalOf } from '../../TwelveLabs/transport/context';
import { readJsonRecords } from '../../TwelveLabs/transport/jsonRecords';
import { apiRequest, apiStreamRequest } from '../../TwelveLabs/transport/request';
import type { WaitOutcome } from '../../TwelveLabs/transport/waitUntilDone';
import { waitUntilDone } from '../../TwelveLabs/transport/waitUntilDone';
import type { WaitSettings } from '../params/waitOptions';
import { MAX_POLL_INTERVAL_MS } from '../params/waitOptions';

export function batchPath(batchId: string, suffix = ''): string {
	return `/analyze/batches/${encodeURIComponent(batchId)}${suffix}`;
}

function explainNotFound(status: number): string | undefined {
	if (status === 404) return 'No batch has this ID: check it, or it may have been deleted (TwelveLabs deletes batches 30 days after creation).';
	return undefined;
}

export async function getBatch(ctx: IExecuteFunctions, itemIndex: number, batchId: string): Promise<AnalyzeBatch> {
	return await apiRequest<AnalyzeBatch>(ctx, { method: 'GET', path: batchPath(batchId), itemIndex, explain: explainNotFound });
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the batch now, then with growing pauses until it is completed, canceled or expired, or
 * the maximum wait is over (the same wait loop and settings as a task's). Stopping the execution
 * stops the wait at once. `createdNow`: the batch was just created by this node, so a failure
 * says its ID (running again would create another).
 */
export async function waitForBatch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batchId: string,
	settings: WaitSettings,
	createdNow = false,
): Promise<WaitOutcome<AnalyzeBatch>> {
	const signal = cancelSignalOf(ctx);
	const outcome = await waitUntilDone(
		async () => await getBatch(ctx, itemIndex, batchId),
		(batch) => batch.status,
		{
			maxWaitMs: settings.maxWaitMs,
			initialIntervalMs: settings.initialIntervalMs,
			maxIntervalMs: Math.max(settings.initialIntervalMs, MAX_POLL_INTERVAL_MS),
			signal,
			terminalStatuses: TERMINAL_BATCH_STATUSES,
		},
	).then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if ('value' in outcome) return outcome.value;

	const pickUp = `Use the Batch resource's Wait for Completion or Get Results operation with batch ID ${batchId} to pick up its results, or Cancel to stop it.`;
	if (signal?.aborted) {
		throw new NodeOperationError(ctx.getNode(), `The execution was stopped while waiting for batch ${batchId}`, {
			itemIndex,
			description: `The batch keeps running on TwelveLabs. ${pickUp}`,
		});
	}
	if (createdNow) {
		throw new NodeOperationError(ctx.getNode(), `Batch ${batchId} was created, but reading its status failed: ${messageOf(outcome.error)}`, {
			itemIndex,
			description: `The batch was not created again. ${pickUp}`,
		});
	}
	throw outcome.error;
}

/**
 * The batch's result lines, read as a stream one record at a time (JSON Lines as documented, or
 * the JSON the response is declared as), so 1,000 results never sit whole in memory.
 */
export async function* readBatchResults(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batchId: string,
): AsyncGenerator<BatchResultLine, void, undefined> {
	const stream = await apiStreamRequest(ctx, {
		method: 'GET',
		path: batchPath(batchId, '/results'),
		headers: { accept: 'application/jsonl, application/json' },
		itemIndex,
		explain: explainNotFound,
		// A big batch's results take longer than one answer's usual minute to arrive.
		timeoutMs: 600_000,
	});
	for await (const record of readJsonRecords(stream, { node: ctx.getNode(), itemIndex, isRecord: isBatchResultLine })) {
		if (!isBatchResultLine(record)) {
			throw new NodeOperationError(ctx.getNode(), `A result of batch ${batchId} has no task_id`, {
				itemIndex,
				description: `TwelveLabs sent a result the node does not understand: ${JSON.stringify(record).slice(0, 200)}`,
			});
		}
		yield record;
	}
}
