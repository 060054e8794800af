/**
 * POST /analyze/batches: the limits the document states only in prose (1..1,000 requests, unique
 * custom_id, assets that exist and are ready, 2,000 content hours), answered as API errors. Each
 * request, merged with `defaults`, is then checked as a POST /analyze/tasks body would be.
 */
import { type CheckedAsync, checkAsyncAnalyze } from './analyze-rules';
import { ApiError } from './http';
import type { State } from './state';

type Obj = Record<string, unknown>;

export const MAX_BATCH_REQUESTS = 1000;
const MAX_CONTENT_SECONDS = 2000 * 3600;
/** Item fields that `defaults` may set (everything but video and custom_id). */
const DEFAULTABLE = ['prompt', 'response_format', 'temperature', 'max_tokens', 'min_segment_duration', 'max_segment_duration', 'start_time', 'end_time'];

export interface CheckedBatchItem {
	/** The item as a POST /analyze/tasks body (prompt as prompt_v2), what the task echoes. */
	body: Obj;
	checked: CheckedAsync;
	customId: string | null;
	assetId: string;
}

function invalid(message: string): never {
	throw new ApiError(400, 'parameter_invalid', message);
}

/** A request merged over `defaults` (a whole object replaces its default, as the document says). */
function taskBody(request: Obj, defaults: Obj, modelName: string, mode: string): Obj {
	const body: Obj = { model_name: modelName, analysis_mode: mode, video: request.video };
	for (const key of DEFAULTABLE) {
		const value = request[key] !== undefined ? request[key] : defaults[key];
		if (value === undefined) continue;
		body[key === 'prompt' ? 'prompt_v2' : key] = value;
	}
	if (request.custom_id !== undefined) body.custom_id = request.custom_id;
	return body;
}

function checkAsset(state: State, video: Obj, where: string): { id: string; duration: number } {
	const id = typeof video.asset_id === 'string' ? video.asset_id : '';
	if (id.trim() === '' || /[\s/?#]/.test(id)) invalid(`${where}.video.asset_id '${id}' is not a valid asset ID.`);
	const asset = state.assets.get(id);
	if (!asset) throw new ApiError(404, 'resource_not_exist', `${where}: the asset ${id} does not exist or you cannot access it.`);
	const status = state.assetStatus(asset);
	if (status !== 'ready') {
		throw new ApiError(409, 'asset_not_ready', `${where}: the asset ${id} is ${status}, not ready. Wait until its status is ready, then resubmit the batch.`);
	}
	return { id, duration: asset.duration };
}

/** Checks a whole create body (already valid against the schema); throws the API's answer. */
export function checkBatch(body: Obj, state: State): CheckedBatchItem[] {
	const requests = Array.isArray(body.requests) ? (body.requests as Obj[]) : [];
	if (requests.length < 1 || requests.length > MAX_BATCH_REQUESTS) {
		invalid(`The requests parameter must hold 1 to ${MAX_BATCH_REQUESTS} requests (got ${requests.length}).`);
	}
	const defaults = (body.defaults ?? {}) as Obj;
	const seen = new Map<string, number>();
	let seconds = 0;
	const items = requests.map((request, i): CheckedBatchItem => {
		const where = `requests[${i}]`;
		const customId = typeof request.custom_id === 'string' ? request.custom_id : null;
		if (customId !== null) {
			const first = seen.get(customId);
			if (first !== undefined) invalid(`${where}.custom_id '${customId}' is already used by requests[${first}]; custom_id must be unique within a batch.`);
			seen.set(customId, i);
		}
		const asset = checkAsset(state, request.video as Obj, where);
		seconds += asset.duration;
		const merged = taskBody(request, defaults, String(body.model_name), String(body.analysis_mode));
		try {
			return { body: merged, checked: checkAsyncAnalyze(merged, state), customId, assetId: asset.id };
		} catch (err) {
			if (!(err instanceof ApiError)) throw err;
			throw new ApiError(err.status, err.code, `${where}: ${err.message.replace(/prompt_v2/g, 'prompt')}`);
		}
	});
	if (seconds > MAX_CONTENT_SECONDS) {
		invalid(`The batch holds ${(seconds / 3600).toFixed(1)} hours of video; a batch may hold at most 2,000 hours.`);
	}
	return items;
}
