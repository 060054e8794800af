/**
 * Limits the spec states only in prose, for POST /analyze and POST /analyze/tasks. Breaking one is an
 * API error (400 / 422, as the live API answers), not a spec violation.
 */
import { ApiError } from './http';
import type { State } from './state';

type Obj = Record<string, unknown>;

export const BASE64_LIMIT_BYTES = 30 * 1024 * 1024;
const CUSTOM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STRING_FORMATS = ['uuid', 'date-time', 'date', 'time'];
const TIMESTAMP_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string', 'timestamp'];

function invalid(message: string): never {
	throw new ApiError(400, 'parameter_invalid', message);
}

function missing(message: string): never {
	throw new ApiError(400, 'parameter_not_provided', message);
}

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function modelOf(body: Obj): string {
	return typeof body.model_name === 'string' ? body.model_name : 'pegasus1.2';
}

function base64Bytes(value: string): number {
	const clean = value.replace(/^data:[^,]*,/, '').replace(/\s/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.floor((clean.length * 3) / 4) - padding;
}

function checkBase64(value: string, field: string): void {
	const clean = value.replace(/^data:[^,]*,/, '').replace(/\s/g, '');
	if (clean.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) invalid(`The ${field} parameter is not valid base64.`);
	if (base64Bytes(value) > BASE64_LIMIT_BYTES) invalid(`The ${field} parameter exceeds the maximum size of 30MB.`);
}

function checkHttpsUrl(value: unknown, field: string): void {
	if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) invalid(`The ${field} parameter must be a public http(s) URL.`);
}

export interface VideoInfo {
	/** Duration of the video in seconds (known for assets; an assumed 120 s for URLs and base64). */
	duration: number;
	source: Obj;
}

/**
 * Checks `video` and returns what the task/response echoes. Unknown asset ids answer
 * `unknownAssetStatus` (404 for sync, 400 for async), assets not ready answer 400.
 */
export function checkVideo(video: Obj, state: State, unknownAssetStatus: number): VideoInfo {
	switch (video.type) {
		case 'url':
			checkHttpsUrl(video.url, 'video.url');
			return { duration: 120, source: { type: 'url', url: video.url, system_metadata: { duration: 120 } } };
		case 'base64_string':
			checkBase64(String(video.base64_string), 'video.base64_string');
			return { duration: 120, source: { type: 'base64_string', system_metadata: { duration: 120 } } };
		case 'asset_id': {
			const id = String(video.asset_id);
			const record = state.assets.get(id);
			if (!record) throw new ApiError(unknownAssetStatus, 'resource_not_exist', `The asset ${id} does not exist.`);
			const status = state.assetStatus(record);
			if (status !== 'ready') invalid(`The asset ${id} is not ready (status: ${status}). Wait until its status is ready.`);
			return {
				duration: record.duration,
				source: { type: 'asset_id', asset_id: id, system_metadata: { duration: record.duration } },
			};
		}
		default:
			return invalid('The video parameter is invalid.');
	}
}

function checkMediaSources(value: unknown, field: string): void {
	if (value === undefined) return;
	if (!Array.isArray(value)) invalid(`The ${field} parameter must be an array.`);
	if (value.length > 4) invalid(`The ${field} parameter accepts at most 4 reference images.`);
	const names = new Set<string>();
	value.forEach((source: unknown, i) => {
		if (!isObj(source)) invalid(`${field}[${i}] must be an object.`);
		const given = ['url', 'asset_id', 'base64_string'].filter((k) => source[k] !== undefined);
		if (given.length !== 1) invalid(`${field}[${i}] must set exactly one of url, asset_id or base64_string.`);
		if (source.url !== undefined && !/^https:\/\//i.test(String(source.url))) invalid(`${field}[${i}].url must be a public HTTPS URL.`);
		if (typeof source.base64_string === 'string') checkBase64(source.base64_string, `${field}[${i}].base64_string`);
		const name = String(source.name);
		if (names.has(name)) invalid(`${field}: the name '${name}' is used twice.`);
		names.add(name);
	});
}

function checkPrompts(body: Obj, model: string, required: boolean): string {
	const hasPrompt = body.prompt !== undefined;
	const hasV2 = body.prompt_v2 !== undefined;
	if (hasPrompt && hasV2) invalid('The prompt and prompt_v2 parameters are mutually exclusive; send only one.');
	if (!hasPrompt && !hasV2) {
		if (required) missing('The prompt parameter is required (or prompt_v2 with pegasus1.5).');
		return '';
	}
	if (hasPrompt) {
		const prompt = String(body.prompt);
		if (prompt.trim() === '') invalid('The prompt parameter must not be empty.');
		return prompt;
	}
	if (model !== 'pegasus1.5') invalid('The prompt_v2 parameter requires model_name pegasus1.5.');
	const v2 = body.prompt_v2 as Obj;
	const text = String(v2.input_text);
	if (text.trim() === '') invalid('The prompt_v2.input_text parameter must not be empty.');
	checkMediaSources(v2.media_sources, 'prompt_v2.media_sources');
	const names = new Set(((v2.media_sources as Obj[] | undefined) ?? []).map((s) => String(s.name)));
	for (const m of text.matchAll(/<@([^>]+)>/g)) {
		if (!names.has(m[1])) invalid(`The placeholder <@${m[1]}> in prompt_v2.input_text has no media source named '${m[1]}'.`);
	}
	return text;
}

function checkTemperature(body: Obj): void {
	if (body.temperature === undefined) return;
	const t = Number(body.temperature);
	if (!(t >= 0 && t <= 1)) invalid('The temperature parameter must be between 0 and 1.');
}

function checkMaxTokens(body: Obj, model: string, mode: string): number {
	const [min, max, fallback] =
		model === 'pegasus1.5' ? (mode === 'time_based_metadata' ? [2048, 98304, 32768] : [512, 98304, 4096]) : [2, 4096, 4096];
	if (body.max_tokens === undefined) return fallback;
	const value = Number(body.max_tokens);
	if (!(value >= min && value <= max)) {
		invalid(`The max_tokens parameter must be between ${min} and ${max} for ${model}${model === 'pegasus1.5' ? ` in ${mode} mode` : ''}.`);
	}
	return value;
}

function checkClip(body: Obj, model: string, duration: number): void {
	if (body.start_time === undefined && body.end_time === undefined) return;
	if (model !== 'pegasus1.5') invalid('The start_time and end_time parameters require model_name pegasus1.5.');
	const start = body.start_time === undefined ? 0 : Number(body.start_time);
	const end = body.end_time === undefined ? duration : Number(body.end_time);
	if (start < 0) invalid('The start_time parameter must be >= 0.');
	if (!(start < end)) invalid('The start_time parameter must be less than end_time.');
	if (end > duration) invalid(`The end_time parameter must be less than or equal to the video duration (${duration} s).`);
	if (end - start < 4) invalid('The clip (end_time - start_time) must be at least 4 seconds.');
}

/** json_schema restrictions: 422 for unsupported keywords, 400 for misplaced or malformed parts. */
export function checkJsonSchema(schema: unknown): void {
	const root = 'response_format.json_schema';
	const unprocessable = (message: string): never => {
		throw new ApiError(422, 'parameter_invalid', message);
	};
	const walk = (node: unknown, path: string, timestampAllowed: boolean, topArray: boolean): void => {
		if (!isObj(node)) return;
		for (const keyword of ['additionalProperties', 'minLength', 'maxLength', 'uniqueItems', 'maxItems']) {
			if (keyword in node) unprocessable(`${path}: the '${keyword}' keyword is not supported.`);
		}
		if (typeof node.minItems === 'number' && node.minItems > 1) unprocessable(`${path}: minItems can only be 0 or 1.`);
		for (const keyword of ['oneOf', 'allOf', 'not', 'if', 'then', 'else']) {
			if (keyword in node) invalid(`${path}: '${keyword}' is not supported; use anyOf.`);
		}
		if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/$defs/')) invalid(`${path}: $ref may only point into #/$defs.`);
		const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
		for (const type of types) {
			if (!SCHEMA_TYPES.includes(String(type))) invalid(`${path}: the type '${String(type)}' is not supported.`);
		}
		if (types.includes('timestamp')) {
			if (!timestampAllowed) {
				invalid(`${path}: the timestamp type is allowed only in top-level properties or in objects directly inside a top-level array's items.`);
			}
			if (!TIMESTAMP_FORMATS.includes(String(node.format))) {
				invalid(`${path}: a timestamp needs format seconds, hh:mm:ss or hh:mm:ss.fff.`);
			}
		} else if (types.includes('string') && node.format !== undefined && !STRING_FORMATS.includes(String(node.format))) {
			invalid(`${path}: the string format '${String(node.format)}' is not supported (uuid, date-time, date, time).`);
		}
		if (isObj(node.properties)) {
			const atRoot = path === root;
			for (const [name, sub] of Object.entries(node.properties)) {
				if ((name === 'start_time' || name === 'end_time') && isObj(sub)) {
					const subTypes = Array.isArray(sub.type) ? sub.type : [sub.type];
					if (subTypes.some((t) => ['boolean', 'object', 'array', 'null'].includes(String(t)))) {
						invalid(`${path}.properties.${name}: ${name} must be a number, integer, string or timestamp.`);
					}
					if (subTypes.includes('string') && sub.format !== undefined) invalid(`${path}.properties.${name}: ${name} cannot be a string with a format.`);
				}
				const subIsArray = isObj(sub) && (sub.type === 'array' || (Array.isArray(sub.type) && sub.type.includes('array')));
				walk(sub, `${path}.properties.${name}`, atRoot || topArray, atRoot && subIsArray);
			}
		}
		if (node.items !== undefined) walk(node.items, `${path}.items`, false, topArray);
		if (Array.isArray(node.anyOf)) node.anyOf.forEach((b, i) => walk(b, `${path}.anyOf[${i}]`, timestampAllowed, topArray));
		if (isObj(node.$defs)) for (const [name, sub] of Object.entries(node.$defs)) walk(sub, `${path}.$defs.${name}`, false, false);
	};
	if (!isObj(schema)) invalid(`${root} must be an object.`);
	walk(schema, root, false, false);
}

function checkSegmentDefinitions(format: Obj, body: Obj): void {
	const definitions = format.segment_definitions;
	if (!Array.isArray(definitions) || definitions.length === 0) missing('response_format.segment_definitions needs 1 to 20 definitions.');
	if (definitions.length > 20) invalid('response_format.segment_definitions accepts at most 20 definitions.');
	const ids = new Set<string>();
	let anyRanges = false;
	definitions.forEach((definition: Obj, i) => {
		const path = `response_format.segment_definitions[${i}]`;
		const id = String(definition.id);
		if (id.trim() === '') invalid(`${path}.id must not be empty.`);
		if (ids.has(id)) invalid(`${path}.id '${id}' is used twice.`);
		ids.add(id);
		if (typeof definition.description !== 'string' || definition.description.trim() === '') missing(`${path}.description is required.`);
		const names = new Set<string>();
		((definition.fields as Obj[] | undefined) ?? []).forEach((field, j) => {
			const fpath = `response_format.segment_definitions.fields.format (${path}.fields[${j}])`;
			if (typeof field.description !== 'string') missing(`${path}.fields[${j}].description is required.`);
			const name = String(field.name);
			if (names.has(name)) invalid(`${path}.fields[${j}]: the field name '${name}' is used twice.`);
			names.add(name);
			if (field.type === 'timestamp') {
				if (field.format === undefined) invalid(`${fpath}: a timestamp field needs a format.`);
				if (['start_time', 'end_time', 'metadata'].includes(name)) invalid(`${path}.fields[${j}]: '${name}' is reserved.`);
				if (field.enum !== undefined) invalid(`${path}.fields[${j}]: enum cannot be used with a timestamp field.`);
			} else if (field.format !== undefined) {
				invalid(`${fpath}: format is only allowed for timestamp fields.`);
			}
			if (Array.isArray(field.enum) && field.enum.length > 100) invalid(`${path}.fields[${j}].enum accepts at most 100 values.`);
			if (field.type === 'array' && field.items === undefined) missing(`${path}.fields[${j}].items is required for an array field.`);
			if (field.type !== 'array' && field.items !== undefined) invalid(`${path}.fields[${j}].items is only allowed for an array field.`);
		});
		checkMediaSources(definition.media_sources, `${path}.media_sources`);
		const ranges = (definition.time_ranges as { start_time: number; end_time: number }[] | undefined) ?? [];
		if (ranges.length > 0) anyRanges = true;
		const sorted = [...ranges].sort((a, b) => a.start_time - b.start_time);
		sorted.forEach((range, k) => {
			if (!(range.start_time >= 0 && range.end_time - range.start_time >= 2)) {
				invalid(`${path}.time_ranges: each range must start at >= 0 and last at least 2 seconds.`);
			}
			if (k > 0 && range.start_time < sorted[k - 1].end_time) invalid(`${path}.time_ranges must not overlap.`);
		});
	});
	if (anyRanges) {
		for (const key of ['start_time', 'end_time', 'min_segment_duration', 'max_segment_duration']) {
			if (body[key] !== undefined) invalid(`The ${key} parameter and segment_definitions[].time_ranges are mutually exclusive.`);
		}
	}
}

export interface CheckedSync {
	model: string;
	prompt: string;
	maxTokens: number;
	video: VideoInfo;
	jsonSchema?: Obj;
}

/** POST /analyze. */
export function checkSyncAnalyze(body: Obj, state: State): CheckedSync {
	const model = modelOf(body);
	if (body.video !== undefined && body.video_id !== undefined) invalid('The video and video_id parameters are mutually exclusive.');
	if (body.video_id !== undefined && model !== 'pegasus1.2') invalid('The video_id parameter is only supported by pegasus1.2; use video.');
	if (body.video === undefined && body.video_id === undefined) missing('The video parameter is required.');
	const prompt = checkPrompts(body, model, true);
	checkTemperature(body);
	const maxTokens = checkMaxTokens(body, model, 'general');
	const video: VideoInfo =
		body.video !== undefined
			? checkVideo(body.video as Obj, state, 404)
			: { duration: 120, source: { type: 'video_id', video_id: body.video_id, system_metadata: { duration: 120 } } };
	checkClip(body, model, video.duration);
	let jsonSchema: Obj | undefined;
	if (body.response_format !== undefined) {
		jsonSchema = (body.response_format as Obj).json_schema as Obj;
		checkJsonSchema(jsonSchema);
	}
	return { model, prompt, maxTokens, video, jsonSchema };
}

export interface CheckedAsync extends CheckedSync {
	mode: 'general' | 'time_based_metadata';
}

/** POST /analyze/tasks. */
export function checkAsyncAnalyze(body: Obj, state: State): CheckedAsync {
	const model = modelOf(body);
	const mode = body.analysis_mode === 'time_based_metadata' ? 'time_based_metadata' : 'general';
	if (body.custom_id !== undefined && !CUSTOM_ID.test(String(body.custom_id))) {
		invalid('The custom_id parameter must be 1-64 characters: letters, digits, hyphens and underscores.');
	}
	const format = body.response_format as Obj | undefined;
	let prompt = '';
	if (mode === 'time_based_metadata') {
		if (model !== 'pegasus1.5') invalid('analysis_mode time_based_metadata requires model_name pegasus1.5.');
		if (body.prompt !== undefined || body.prompt_v2 !== undefined) {
			invalid('The prompt and prompt_v2 parameters are not supported when analysis_mode is time_based_metadata.');
		}
		if (format?.type !== 'segment_definitions') missing('analysis_mode time_based_metadata requires response_format.type segment_definitions.');
		checkSegmentDefinitions(format, body);
	} else {
		prompt = checkPrompts(body, model, true);
		if (format?.type === 'segment_definitions') invalid('response_format.type segment_definitions requires analysis_mode time_based_metadata.');
		for (const key of ['min_segment_duration', 'max_segment_duration']) {
			if (body[key] !== undefined) invalid(`The ${key} parameter requires analysis_mode time_based_metadata.`);
		}
	}
	for (const key of ['min_segment_duration', 'max_segment_duration']) {
		if (body[key] !== undefined && !(Number(body[key]) >= 2)) invalid(`The ${key} parameter must be at least 2 seconds.`);
	}
	if (body.min_segment_duration !== undefined && body.max_segment_duration !== undefined) {
		if (Number(body.max_segment_duration) < Number(body.min_segment_duration)) {
			invalid('The max_segment_duration parameter must be greater than or equal to min_segment_duration.');
		}
	}
	checkTemperature(body);
	const maxTokens = checkMaxTokens(body, model, mode);
	const video = checkVideo(body.video as Obj, state, 400);
	checkClip(body, model, video.duration);
	let jsonSchema: Obj | undefined;
	if (format?.type === 'json_schema') {
		if (!isObj(format.json_schema)) missing('response_format.type json_schema requires response_format.json_schema.');
		jsonSchema = format.json_schema;
		checkJsonSchema(jsonSchema);
	}
	return { model, prompt, maxTokens, video, jsonSchema, mode };
}
