/** The trigger's Batch Finished event: batches as the poll round follows them, and the item it emits. */
import type { IDataObject } from 'n8n-workflow';

import { TERMINAL_BATCH_STATUSES } from '../requests/batch';
import type { AnalyzeBatch } from '../responses/batch';
import { batchItem } from '../responses/batch';
import type { TwelveLabsContext } from '../transport/context';
import type { RoundKind } from './pollRound';
import { listedBy } from './pollRound';
import { listPage, retrieveOne } from './taskApi';

/** A batch never has the `failed` status: `completed` only says every item finished. */
export const BATCH_FINISHED_STATUSES = [...TERMINAL_BATCH_STATUSES];

export function finishedAtOf(batch: AnalyzeBatch): string | null {
	return batch.completed_at ?? batch.canceled_at ?? batch.expired_at ?? null;
}

function timeOf(value: unknown): number {
	const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

export const batchRoundKind: RoundKind<AnalyzeBatch> = {
	listed: listedBy('batch_id'),
	isFinished: (status) => BATCH_FINISHED_STATUSES.includes(status),
	isWanted: () => true,
	byCompletion: (a, b) =>
		timeOf(finishedAtOf(a)) - timeOf(finishedAtOf(b)) ||
		timeOf(a.created_at) - timeOf(b.created_at) ||
		(a.batch_id < b.batch_id ? -1 : a.batch_id > b.batch_id ? 1 : 0),
};

export interface BatchListQuery {
	analysis_mode?: string;
	/** Repeated in the query string (status=a&status=b). */
	status?: string[];
}

export async function listBatchPage(ctx: TwelveLabsContext, query: BatchListQuery, page: number, pageLimit: number) {
	return await listPage<AnalyzeBatch>(ctx, '/analyze/batches', { ...query }, page, pageLimit);
}

/** The batch with its final counts; undefined when it was deleted. */
export async function retrieveBatch(ctx: TwelveLabsContext, batchId: string): Promise<AnalyzeBatch | undefined> {
	return await retrieveOne<AnalyzeBatch>(ctx, `/analyze/batches/${encodeURIComponent(batchId)}`);
}

/** A finished batch as the trigger's output item: the event, the batch as Get shows it, and when it finished. */
export function batchEventItem(batch: AnalyzeBatch): IDataObject {
	const { batch: raw, ...fields } = batchItem(batch);
	return { event: `analyze.batch.${batch.status}`, ...fields, finishedAt: finishedAtOf(batch), batch: raw };
}
