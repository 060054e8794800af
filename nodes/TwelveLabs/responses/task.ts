import type { IDataObject } from 'n8n-workflow';

import type { ParsedAnswer } from './answer';
import { answerFields, parseAnswer } from './answer';
import type { AnalysisUsage } from './usage';
import { analysisUsage } from './usage';

/** An analysis task as `GET /analyze/tasks/{id}` returns it (fields the node reads). */
export interface AnalyzeTask extends IDataObject {
	task_id: string;
	status: string;
	custom_id?: string | null;
	created_at?: string;
	completed_at?: string;
	video_source?: { system_metadata?: { duration?: number } | null } | null;
	request_params?: IDataObject | null;
	result?: {
		generation_id?: string;
		data?: string;
		finish_reason?: string;
		usage?: IDataObject;
	} | null;
	error?: { message?: string } | null;
}

/** One segment of a segmentation result, flattened for a spreadsheet row. */
export interface SegmentRow extends IDataObject {
	definitionId: string;
	start: string | number | null;
	end: string | number | null;
}

function requestParams(task: AnalyzeTask): IDataObject {
	return (task.request_params ?? {}) as IDataObject;
}

export function isSegmentation(task: AnalyzeTask): boolean {
	const params = requestParams(task);
	const format = params.response_format as IDataObject | undefined;
	return params.analysis_mode === 'time_based_metadata' || format?.type === 'segment_definitions';
}

function isJsonSchemaTask(task: AnalyzeTask): boolean {
	const format = requestParams(task).response_format as IDataObject | undefined;
	return format?.type === 'json_schema';
}

/** The task's answer, parsed as its request asked (text, JSON schema, or segments); undefined until ready. */
export function taskAnswer(task: AnalyzeTask): ParsedAnswer | undefined {
	if (!task.result || typeof task.result.data !== 'string') return undefined;
	return parseAnswer(task.result.data, {
		structured: isSegmentation(task) || isJsonSchemaTask(task),
		finishReason: task.result.finish_reason,
	});
}

/** Segments per definition id, from a parsed segmentation answer. */
export function segmentRows(data: unknown): SegmentRow[] {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
	const rows: SegmentRow[] = [];
	for (const [definitionId, segments] of Object.entries(data as Record<string, unknown>)) {
		if (!Array.isArray(segments)) continue;
		for (const segment of segments) {
			const record = (typeof segment === 'object' && segment !== null ? segment : {}) as IDataObject;
			const metadata = (typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}) as IDataObject;
			rows.push({
				definitionId,
				start: (record.start_time as string | number | undefined) ?? null,
				end: (record.end_time as string | number | undefined) ?? null,
				...metadata,
			});
		}
	}
	return rows;
}

/** What the node knows about a task beyond the API's object, for its usage. */
export interface TaskItemContext {
	/** The task came from a List answer, which shows only the first segment definition. */
	listed?: boolean;
	/** The request the node sent, for a task whose object does not echo its parameters yet (just created). */
	sentRequest?: IDataObject;
	/** The video's length in seconds when the node learned it itself (an asset it waited for, a pre-flight read). */
	videoDurationSeconds?: number;
}

/** A task's usage: tokens from its result, seconds and segment definitions from its request. */
export function taskUsage(task: AnalyzeTask, context: TaskItemContext = {}): AnalysisUsage {
	const params = task.request_params ?? context.sentRequest ?? {};
	const measured = task.video_source?.system_metadata?.duration;
	return analysisUsage({
		apiUsage: task.result?.usage,
		startTime: params.start_time,
		endTime: params.end_time,
		// TwelveLabs' own measurement first; it is there once the video was processed.
		videoDurationSeconds: typeof measured === 'number' ? measured : context.videoDurationSeconds,
		responseFormat: params.response_format,
		segmentation: params.analysis_mode === 'time_based_metadata',
		definitionsCut: context.listed === true,
	});
}

/**
 * A task as an output item: its id and status first, the parsed answer (or the error) next,
 * its usage (on every task, tokens null until it is ready), and the API's own object under `task`.
 */
export function taskItem(task: AnalyzeTask, context: TaskItemContext = {}): IDataObject {
	const answer = taskAnswer(task);
	const item: IDataObject = {
		taskId: task.task_id,
		status: task.status,
		customId: task.custom_id ?? null,
	};
	if (answer) {
		Object.assign(item, answerFields(answer));
		if (isSegmentation(task) && answer.data !== undefined) item.segments = segmentRows(answer.data);
	}
	item.usage = taskUsage(task, context);
	if (answer) item.generationId = task.result?.generation_id ?? null;
	if (task.status === 'failed' || task.error?.message) item.errorMessage = task.error?.message ?? 'The task failed without a message';
	item.task = task;
	return item;
}

/**
 * The segments of a ready segmentation task as rows, each with the task's id, for one output
 * item per segment; undefined when the task has no parsed segments (not ready, not a
 * segmentation, or an answer cut off at the token limit).
 */
export function taskSegmentRows(task: AnalyzeTask): SegmentRow[] | undefined {
	if (!isSegmentation(task)) return undefined;
	const data = taskAnswer(task)?.data;
	if (data === undefined) return undefined;
	return segmentRows(data).map((row) => ({ ...row, taskId: task.task_id }));
}
