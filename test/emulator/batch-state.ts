/**
 * Batches: a batch is a list of ordinary analysis tasks (one per request) plus a cancel mark; its
 * status, counts and expiry are derived from those tasks and the clock when read, like everything else.
 */
import type { BatchRecord, State, TaskRecord } from './state';
import type { AnalyzeBatch, BatchItemStatus, BatchResultLine, BatchStatus } from './types';

export const BATCH_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** Batches and their results are deleted 30 days after creation. */
export const BATCH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_ACTIVE_BATCHES = 5;

const TERMINAL_BATCH: BatchStatus[] = ['completed', 'canceled', 'expired'];

export function isTerminalBatch(status: BatchStatus): boolean {
	return TERMINAL_BATCH.includes(status);
}

export function batchTasks(state: State, batch: BatchRecord): TaskRecord[] {
	const tasks: TaskRecord[] = [];
	for (const id of batch.taskIds) {
		const task = state.tasks.get(id);
		if (task) tasks.push(task);
	}
	return tasks;
}

export function itemStatus(state: State, task: TaskRecord): BatchItemStatus {
	const status = state.taskStatus(task);
	return status === 'pending' ? 'queued' : status;
}

/** The batch status and, for a terminal one, when it got there. */
export function batchStatus(state: State, batch: BatchRecord, now: number): { status: BatchStatus; at?: number } {
	const tasks = batchTasks(state, batch);
	const expiresAt = batch.createdAt + BATCH_EXPIRY_MS;
	const last = Math.max(batch.cancelRequestedAt ?? batch.createdAt, ...tasks.map((t) => state.finishedAt(t)));
	if (last <= now && last < expiresAt) return { status: batch.cancelRequestedAt === undefined ? 'completed' : 'canceled', at: last };
	if (now >= expiresAt) return { status: 'expired', at: expiresAt };
	if (batch.cancelRequestedAt !== undefined) return { status: 'canceling' };
	return { status: tasks.every((t) => itemStatus(state, t) === 'queued') ? 'pending' : 'processing' };
}

export function batchToWire(state: State, batch: BatchRecord): AnalyzeBatch {
	const clock = state.clock;
	const { status, at } = batchStatus(state, batch, clock.now());
	const counts: Record<BatchItemStatus, number> = { queued: 0, processing: 0, ready: 0, failed: 0, canceled: 0 };
	for (const task of batchTasks(state, batch)) counts[itemStatus(state, task)] += 1;
	const wire: AnalyzeBatch = {
		batch_id: batch.id,
		analysis_mode: batch.analysisMode,
		model_name: batch.modelName,
		status,
		total_items: batch.taskIds.length,
		created_at: clock.iso(batch.createdAt),
		expires_at: clock.iso(batch.createdAt + BATCH_EXPIRY_MS),
		queued_items: counts.queued,
		processing_items: counts.processing,
		ready_items: counts.ready,
		failed_items: counts.failed,
		canceled_items: counts.canceled,
	};
	if (at !== undefined && status === 'completed') wire.completed_at = clock.iso(at);
	if (at !== undefined && status === 'canceled') wire.canceled_at = clock.iso(at);
	if (at !== undefined && status === 'expired') wire.expired_at = clock.iso(at);
	return wire;
}

/** One results line: `data` only when ready, `error` only when failed (as BatchResultItem says). */
export function resultLine(state: State, task: TaskRecord): BatchResultLine {
	const status = itemStatus(state, task);
	const line: BatchResultLine = { task_id: task.id, custom_id: task.customId, status };
	if (status === 'ready') {
		const result = state.taskToWire(task).result;
		if (result) line.data = result;
	}
	if (status === 'failed') line.error = task.errorCode ? { code: task.errorCode, message: task.errorMessage } : { message: task.errorMessage };
	return line;
}

/** Drops batches (and their tasks) past the 30-day retention. */
export function sweepBatches(state: State, now: number): void {
	for (const batch of [...state.batches.values()]) {
		if (now >= batch.createdAt + BATCH_RETENTION_MS) deleteBatch(state, batch);
	}
}

export function deleteBatch(state: State, batch: BatchRecord): void {
	for (const id of batch.taskIds) state.tasks.delete(id);
	state.batches.delete(batch.id);
}

/** Newest first. */
export function sortedBatches(state: State): BatchRecord[] {
	return [...state.batches.values()].sort((a, b) => b.createdAt - a.createdAt || b.order - a.order);
}

export function activeBatchCount(state: State, now: number): number {
	return [...state.batches.values()].filter((b) => !isTerminalBatch(batchStatus(state, b, now).status)).length;
}

/** Cancels the queued items now; processing ones finish on their own. */
export function cancelBatch(state: State, batch: BatchRecord, now: number): void {
	batch.cancelRequestedAt = now;
	for (const task of batchTasks(state, batch)) {
		if (itemStatus(state, task) === 'queued') state.cancelTask(task);
	}
}
