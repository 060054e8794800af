/** /analyze/tasks: create, list, retrieve, delete, and the cancel extension. */
import { type CheckedAsync, checkAsyncAnalyze } from '../analyze-rules';
import { TRUNCATION_MESSAGE, generate, type SegmentDefinitionInput, segmentation, tokensOf } from '../generation';
import { ApiError, type RouteContext, type RouteDef, paginate, pageParams } from '../http';
import { isTerminal, type TaskRecord, type TaskResult } from '../state';
import type { AnalyzeTask } from '../types';

type Obj = Record<string, unknown>;

function findTask(ctx: RouteContext): TaskRecord {
	const id = ctx.params.task_id;
	const record = ctx.env.state.tasks.get(id);
	if (!record) throw new ApiError(404, 'resource_not_exist', `The analysis task ${id} does not exist.`);
	return record;
}

function withoutBase64(sources: unknown): unknown {
	if (!Array.isArray(sources)) return sources;
	return sources.map((s: Obj) => {
		const copy = { ...s };
		delete copy.base64_string;
		return copy;
	});
}

/** What GET echoes as request_params. */
export function requestParams(body: Obj, mode: string, maxTokens: number): Obj {
	const params: Obj = { analysis_mode: mode, temperature: body.temperature ?? 0.2, max_tokens: maxTokens };
	if (body.prompt !== undefined) params.prompt = body.prompt;
	if (body.prompt_v2 !== undefined) {
		const v2 = body.prompt_v2 as Obj;
		params.prompt_v2 = { ...v2, ...(v2.media_sources !== undefined ? { media_sources: withoutBase64(v2.media_sources) } : {}) };
	}
	if (body.response_format !== undefined) {
		const format = structuredClone(body.response_format) as Obj;
		if (Array.isArray(format.segment_definitions)) {
			format.segment_definitions = format.segment_definitions.map((d: Obj) =>
				d.media_sources !== undefined ? { ...d, media_sources: withoutBase64(d.media_sources) } : d,
			);
		}
		params.response_format = format;
	}
	for (const key of ['min_segment_duration', 'max_segment_duration', 'start_time', 'end_time']) {
		if (body[key] !== undefined) params[key] = body[key];
	}
	return params;
}

/** List entries: prompts cut to 30 characters, json_schema left out, only the first segment definition. */
function listEntry(task: AnalyzeTask): AnalyzeTask {
	const params = task.request_params;
	if (params) {
		if (typeof params.prompt === 'string') params.prompt = params.prompt.slice(0, 30);
		const v2 = params.prompt_v2 as Obj | undefined;
		if (v2 && typeof v2.input_text === 'string') v2.input_text = v2.input_text.slice(0, 30);
		const format = params.response_format as Obj | undefined;
		if (format) {
			delete format.json_schema;
			if (Array.isArray(format.segment_definitions)) format.segment_definitions = format.segment_definitions.slice(0, 1);
		}
	}
	return task;
}

/** What the model answers for a checked async request: segmentation JSON, or prose / schema JSON. */
export function analysisResult(request: Obj, checked: CheckedAsync, truncate: boolean): TaskResult {
	if (checked.mode === 'time_based_metadata') {
		const format = request.response_format as Obj;
		let data = segmentation({
			definitions: format.segment_definitions as SegmentDefinitionInput[],
			duration: checked.video.duration,
			timeFormat: typeof format.segment_time_format === 'string' ? format.segment_time_format : undefined,
			startTime: request.start_time as number | undefined,
			endTime: request.end_time as number | undefined,
			minSegmentDuration: request.min_segment_duration as number | undefined,
			maxSegmentDuration: request.max_segment_duration as number | undefined,
		});
		if (truncate) data = data.slice(0, Math.floor(data.length / 2));
		return {
			data,
			finishReason: truncate ? 'length' : 'stop',
			outputTokens: tokensOf(data),
			inputTokens: 1500,
			truncationMessage: truncate ? TRUNCATION_MESSAGE : undefined,
		};
	}
	const out = generate({ prompt: checked.prompt, jsonSchema: checked.jsonSchema, maxTokens: checked.maxTokens, truncate });
	return {
		data: out.text,
		finishReason: out.finishReason,
		outputTokens: out.outputTokens,
		inputTokens: out.inputTokens,
		truncationMessage: out.errorMessage,
	};
}

export const taskRoutes: RouteDef[] = [
	{
		method: 'POST',
		path: '/analyze/tasks',
		errors: 'nested',
		async handle({ body, env, fault, reply }) {
			const request = (body ?? {}) as Obj;
			const checked = checkAsyncAnalyze(request, env.state);
			const result = analysisResult(request, checked, fault?.kind === 'truncate');
			const record = env.state.createTask({
				customId: typeof request.custom_id === 'string' ? request.custom_id : null,
				analysisMode: checked.mode,
				videoSource: checked.video.source,
				requestParams: requestParams(request, checked.mode, checked.maxTokens),
				result,
			});
			await reply.json(202, { task_id: record.id, status: env.state.taskStatus(record) });
		},
	},
	{
		method: 'GET',
		path: '/analyze/tasks',
		errors: 'flat',
		async handle({ query, env, reply }) {
			const { page, limit } = pageParams(query);
			const matching = env.state.sortedTasks().filter((record) => {
				const source = record.videoSource ?? {};
				if (query.status !== undefined && env.state.taskStatus(record) !== query.status) return false;
				if (query.asset_id !== undefined && source.asset_id !== query.asset_id) return false;
				if (query.video_url !== undefined && source.url !== query.video_url) return false;
				if (query.video_id !== undefined && source.video_id !== query.video_id) return false;
				if (query.analysis_mode !== undefined && record.analysisMode !== query.analysis_mode) return false;
				return true;
			});
			const result = paginate(matching, page, limit);
			await reply.json(200, {
				data: result.data.map((r) => listEntry(env.state.taskToWire(r))),
				page_info: result.page_info,
			});
		},
	},
	{
		method: 'GET',
		path: '/analyze/tasks/{task_id}',
		errors: 'nested',
		async handle(ctx) {
			await ctx.reply.json(200, ctx.env.state.taskToWire(findTask(ctx)));
		},
	},
	{
		method: 'DELETE',
		path: '/analyze/tasks/{task_id}',
		errors: 'nested',
		async handle(ctx) {
			const record = findTask(ctx);
			if (record.batchId !== undefined) {
				throw new ApiError(409, 'task_cannot_be_deleted', `The analysis task ${record.id} belongs to batch ${record.batchId}; delete the batch instead.`);
			}
			const status = ctx.env.state.taskStatus(record);
			if (!isTerminal(status)) {
				throw new ApiError(409, 'task_cannot_be_deleted', `The analysis task ${record.id} is ${status} and cannot be deleted until it finishes.`);
			}
			ctx.env.state.tasks.delete(record.id);
			await ctx.reply.empty(200);
		},
	},
	{
		method: 'POST',
		path: '/analyze/tasks/{task_id}/cancel',
		errors: 'nested',
		async handle(ctx) {
			const record = findTask(ctx);
			if (record.batchId !== undefined) {
				throw new ApiError(409, 'task_not_cancelable', `The analysis task ${record.id} belongs to batch ${record.batchId}; cancel the batch instead.`);
			}
			const status = ctx.env.state.taskStatus(record);
			if (isTerminal(status)) {
				throw new ApiError(409, 'task_not_cancelable', `The analysis task ${record.id} is already ${status} and cannot be canceled.`);
			}
			ctx.env.state.cancelTask(record);
			await ctx.reply.json(200, { task_id: record.id, status: 'canceled' });
		},
	},
];
