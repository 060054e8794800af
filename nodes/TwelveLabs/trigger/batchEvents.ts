/** The trigger's Batch Finished event: batches as the poll round follows them, and the item it emits. */
import type { IDataObject } from 'n8n-workflow';

import type { TwelveLabsContext } from '../transport/context';
import type { ListedTask, RoundKind } from './pollRound';
import { listPage, retrieveOne } from './taskApi';

/** A batch as `GET /analyze/batches[/{id}]` shows it (counts per item status, open-ended status). */
export interface AnalyzeBatch {
	batch_id: string;
	status: string;
	analysis_mode?: string;
	model_name?: string;
	total_items?: number;
	created_at?: string;
	expires_at?: string;
	completed_at?: string;
	canceled_at?: string;
	expired_at?: string;
	queued_items?: number;
	processing_items?: number;
	ready_items?: number;
	failed_items?: number;
	canceled_items?: number;
	[key: string]: unknown;
}

/** A batch never has the `failed` status: `completed` only says every item finished. */
export const BATCH_FINISHED_STATUSES = ['completed', 'canceled', 'expired'];
/** One list request covers them all: an account has at most 5 active batches. */
export const BATCH_IN_FLIGHT_STATUSES = ['pending', 'processing', 'canceling'];

export function finishedAtOf(batch: AnalyzeBatch): string | null {
	return batch.completed_at ?? batch.canceled_at ?? batch.expired_at ?? null;
}

function timeOf(value: unknown): number {
	const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

export const batchRoundKind: RoundKind<AnalyzeBatch> = {
	listed(entry: unknown): ListedTask | undefined {
		if (typeof entry !== 'object' || entry === null) return undefined;
		const { batch_id: id, status, created_at: createdAt } = entry as Record<string, unknown>;
		if (typeof id !== 'string' || id.length === 0) return undefined;
		return {
			id,
			status: typeof status === 'string' ? status : 'unknown',
			createdAtMs: typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN,
		};
	},
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

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** A finished batch as the trigger's output item: the event, the counts, then the batch as the API gave it. */
export function batchEventItem(batch: AnalyzeBatch): IDataObject {
	return {
		event: `analyze.batch.${batch.status}`,
		batchId: batch.batch_id,
		status: batch.status,
		analysisMode: batch.analysis_mode ?? null,
		totalItems: count(batch.total_items),
		readyItems: count(batch.ready_items),
		failedItems: count(batch.failed_items),
		canceledItems: count(batch.canceled_items),
		createdAt: batch.created_at ?? null,
		finishedAt: finishedAtOf(batch),
		batch: batch as IDataObject,
	};
}
