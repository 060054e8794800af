import type { IDataObject } from 'n8n-workflow';

import type { AnalyzeTask, TaskItemContext } from './task';
import { taskItem, taskSegmentRows } from './task';

/** A batch as `GET /analyze/batches/{id}` (and List, and Cancel) answer it. */
export interface AnalyzeBatch extends IDataObject {
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
}

/** The answer of `POST /analyze/batches`: the batch and one task per request, in request order. */
export interface CreatedBatch extends IDataObject {
	batch_id: string;
	status: string;
	total_items: number;
	created_at?: string;
	expires_at?: string;
	items: Array<{ task_id: string; custom_id: string | null }>;
}

/** One line of `GET /analyze/batches/{id}/results` (schema BatchResultItem). */
export interface BatchResultLine extends IDataObject {
	task_id: string;
	custom_id?: string | null;
	status: string;
	data?: AnalyzeTask['result'];
	error?: { code?: string; message?: string } | null;
}

export function isBatchResultLine(value: unknown): value is BatchResultLine {
	return typeof value === 'object' && value !== null && typeof (value as { task_id?: unknown }).task_id === 'string';
}

/** A batch as an output item: its id, status and counts first, the API's own object under `batch`. */
export function batchItem(batch: AnalyzeBatch): IDataObject {
	return {
		batchId: batch.batch_id,
		status: batch.status,
		analysisMode: batch.analysis_mode ?? null,
		totalItems: batch.total_items ?? null,
		queuedItems: batch.queued_items ?? null,
		processingItems: batch.processing_items ?? null,
		readyItems: batch.ready_items ?? null,
		failedItems: batch.failed_items ?? null,
		canceledItems: batch.canceled_items ?? null,
		createdAt: batch.created_at ?? null,
		expiresAt: batch.expires_at ?? null,
		batch,
	};
}

/** What is known about a result line beyond the line itself. */
export interface ResultContext extends TaskItemContext {
	batchId: string;
	/** The batch's `analysis_mode`; `time_based_metadata` makes every answer a segmentation. */
	analysisMode?: string;
	/**
	 * Whether the answer is JSON (a JSON schema was sent). Unknown when the results are read on
	 * their own: then an answer that is a JSON object or list is parsed, anything else is text.
	 */
	jsonSchema?: boolean;
}

function looksLikeJson(text: string | undefined): boolean {
	const start = text?.trimStart()[0];
	return start === '{' || start === '[';
}

/**
 * A result line as the task it reports, so it is parsed exactly as the task operations parse a
 * task: the line's `data` is a task's `result`, its `error` the task's error.
 */
export function resultAsTask(line: BatchResultLine, context: ResultContext): AnalyzeTask {
	const segmentation = context.analysisMode === 'time_based_metadata';
	const sent = context.sentRequest ?? {};
	const jsonSchema = context.jsonSchema ?? (!segmentation && looksLikeJson(line.data?.data));
	const responseFormat = sent.response_format ?? (segmentation ? { type: 'segment_definitions' } : jsonSchema ? { type: 'json_schema' } : undefined);
	return {
		task_id: line.task_id,
		status: line.status,
		custom_id: line.custom_id ?? null,
		request_params: {
			...sent,
			analysis_mode: segmentation ? 'time_based_metadata' : 'general',
			...(responseFormat ? { response_format: responseFormat } : {}),
		},
		result: line.data ?? null,
		error: line.error ?? null,
	};
}

/**
 * One result line as output: the task operations' item (`text`, `data`, `segments`,
 * `errorMessage`, `usage`…) with the batch's id and the line under `result` instead of `task`;
 * or, with Split Into Items, one item per segment of a ready segmentation.
 */
export function batchResultOutput(line: BatchResultLine, context: ResultContext, splitIntoItems = false): IDataObject[] {
	const task = resultAsTask(line, context);
	if (splitIntoItems) {
		const rows = taskSegmentRows(task);
		if (rows) return rows.map((row) => ({ ...row, batchId: context.batchId, customId: line.custom_id ?? null }));
	}
	// The request parameters are the node's own reading, not TwelveLabs' object: keep them off the item.
	const { task: _task, ...item } = taskItem(task, { ...context, sentRequest: context.sentRequest ?? {} });
	if (line.status === 'failed' && line.error?.code) item.errorCode = line.error.code;
	return [{ batchId: context.batchId, ...item, result: line }];
}
