import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';
import { TIMESTAMP_FORMATS } from './jsonSchema';
import { modelRules } from './models';
import type { ReferenceImageInput } from './prompt';
import { mediaSources } from './prompt';

/**
 * Video segmentation (`analysis_mode: time_based_metadata`): segment definitions from the
 * editor or from JSON, checked against the rules TwelveLabs states, and the request body.
 */

export const MAX_SEGMENT_DEFINITIONS = 20;
export const MAX_ENUM_VALUES = 100;
/** Segments, time ranges and the min/max segment durations are at least this long. */
export const MIN_SEGMENT_SECONDS = 2;
export const SEGMENT_FIELD_TYPES = ['string', 'boolean', 'number', 'integer', 'array', 'timestamp'];
export const SEGMENT_ITEM_TYPES = ['string', 'number', 'boolean', 'integer'];
export const SEGMENT_TIME_FORMATS = TIMESTAMP_FORMATS;
/** Every segment already has these keys, so a timestamp field cannot take their names. */
const RESERVED_TIMESTAMP_NAMES = ['start_time', 'end_time', 'metadata'];

/** A custom field as sent (schema SegmentField). */
export interface SegmentField {
	name: string;
	type: string;
	description: string;
	format?: string;
	enum?: string[];
	items?: { type: string };
}

export interface TimeRange {
	start_time: number;
	end_time: number;
}

/** A segment definition as sent (schema SegmentDefinition). */
export interface SegmentDefinition {
	id: string;
	description: string;
	fields?: SegmentField[];
	media_sources?: IDataObject[];
	time_ranges?: TimeRange[];
}

/** A custom field as built in the editor. */
export interface SegmentFieldInput {
	name: string;
	type: string;
	description?: string;
	/** Comma-separated, or a list from an expression. */
	enumValues?: string | string[];
	/** For arrays: the type of each item. */
	itemType?: string;
	/** For timestamps: seconds, hh:mm:ss or hh:mm:ss.fff. */
	timestampFormat?: string;
}

export interface TimeRangeInput {
	startTime: number;
	endTime: number;
}

/** A segment definition as built in the editor; reference images carry base64 already read by the node. */
export interface SegmentDefinitionInput {
	id: string;
	description?: string;
	fields?: SegmentFieldInput[];
	referenceImages?: ReferenceImageInput[];
	timeRanges?: TimeRangeInput[];
}

export interface SegmentationInput {
	definitions: SegmentDefinition[];
	/** The parameter the definitions came from, for error messages. */
	parameter: string;
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
	segmentTimeFormat?: string;
	/** A top-level clip window (start/end) is set. */
	clipWindowSet: boolean;
}

/** What a JSON segmentation parameter holds. */
export interface ParsedSegmentationJson {
	definitions: SegmentDefinition[];
	segmentTimeFormat?: string;
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
}

function isSet(value: unknown): value is number {
	return typeof value === 'number' && !Number.isNaN(value);
}

function definitionLabel(parameter: string, definition: { id?: string }, index: number): string {
	const id = String(definition.id ?? '').trim();
	return `${parameter} › ${id || `definition ${index + 1}`}`;
}

function enumList(raw: string | string[] | undefined): string[] | undefined {
	const values = Array.isArray(raw) ? raw.map((value) => String(value)) : String(raw ?? '').split(',');
	const trimmed = values.map((value) => value.trim()).filter(Boolean);
	return trimmed.length ? trimmed : undefined;
}

/** Definitions built in the editor, as the API takes them. Hidden editor options are ignored. */
export function segmentDefinitionsFromEditor(
	scope: ParameterScope,
	parameter: string,
	inputs: SegmentDefinitionInput[],
): SegmentDefinition[] {
	return inputs.map((input, index) => {
		const label = definitionLabel(parameter, input, index);
		const definition: SegmentDefinition = { id: String(input.id ?? '').trim(), description: String(input.description ?? '').trim() };
		const fields = (input.fields ?? []).map((field): SegmentField => {
			const built: SegmentField = {
				name: String(field.name ?? '').trim(),
				type: String(field.type ?? ''),
				description: String(field.description ?? '').trim(),
			};
			if (built.type === 'timestamp') built.format = String(field.timestampFormat ?? '');
			if (built.type === 'array' && field.itemType) built.items = { type: String(field.itemType) };
			if (built.type !== 'timestamp' && built.type !== 'array') {
				const values = enumList(field.enumValues);
				if (values) built.enum = values;
			}
			return built;
		});
		if (fields.length) definition.fields = fields;
		const images = input.referenceImages ?? [];
		if (images.length) definition.media_sources = mediaSources(scope, `${label} › Reference Images`, images);
		const ranges = (input.timeRanges ?? []).map((range) => ({ start_time: Number(range.startTime), end_time: Number(range.endTime) }));
		if (ranges.length) definition.time_ranges = ranges;
		return definition;
	});
}

const fieldShape = z
	.object({
		name: z.string(),
		type: z.string(),
		description: z.string(),
		format: z.string().optional(),
		enum: z.array(z.string()).optional(),
		items: z.object({ type: z.string() }).strict().optional(),
	})
	.strict();

const mediaSourceShape = z
	.object({
		name: z.string(),
		media_type: z.literal('image').optional(),
		url: z.string().optional(),
		asset_id: z.string().optional(),
		base64_string: z.string().optional(),
	})
	.strict();

const definitionShape = z
	.object({
		id: z.string(),
		description: z.string(),
		fields: z.array(fieldShape).optional(),
		media_sources: z.array(mediaSourceShape).optional(),
		time_ranges: z.array(z.object({ start_time: z.number(), end_time: z.number() }).strict()).optional(),
	})
	.strict();

const responseFormatShape = z
	.object({
		type: z.literal('segment_definitions').optional(),
		segment_definitions: z.array(definitionShape),
		segment_time_format: z.string().optional(),
	})
	.strict();

/** Either the list of definitions, or an object holding them (a `response_format`, or that plus the durations). */
const segmentationJsonShape = z.union([
	z.array(definitionShape),
	responseFormatShape
		.extend({
			analysis_mode: z.literal('time_based_metadata').optional(),
			min_segment_duration: z.number().optional(),
			max_segment_duration: z.number().optional(),
		})
		.strict(),
	z
		.object({
			analysis_mode: z.literal('time_based_metadata').optional(),
			response_format: responseFormatShape,
			min_segment_duration: z.number().optional(),
			max_segment_duration: z.number().optional(),
		})
		.strict(),
]);

function issuePath(path: Array<string | number>): string {
	return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '') || 'the top level';
}

/** The most telling issue of a failed parse: for a union, the one from the branch that got furthest. */
function deepestIssue(error: z.ZodError): z.ZodIssue {
	let best: z.ZodIssue = error.issues[0];
	const visit = (issue: z.ZodIssue) => {
		if (issue.code === 'invalid_union') {
			for (const unionError of issue.unionErrors) unionError.issues.forEach(visit);
			return;
		}
		if (best.code === 'invalid_union' || issue.path.length > best.path.length) best = issue;
	};
	error.issues.forEach(visit);
	return best;
}

function toReferenceImage(source: z.infer<typeof mediaSourceShape>): ReferenceImageInput {
	if (source.url !== undefined) return { name: source.name, source: 'url', url: source.url };
	if (source.asset_id !== undefined) return { name: source.name, source: 'assetId', assetId: source.asset_id };
	return { name: source.name, source: 'binary', base64: source.base64_string ?? '' };
}

/**
 * Segment definitions given as JSON: a list of definitions as the API documents them, or a
 * `response_format` object (optionally with `min_segment_duration` / `max_segment_duration`).
 */
export function parseSegmentationJson(scope: ParameterScope, parameter: string, value: unknown): ParsedSegmentationJson {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (!value.trim()) {
			throw invalidParameter(scope, parameter, 'is empty', 'Paste the segment definitions, e.g. [{"id":"goal","description":"A goal is scored"}].');
		}
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw invalidParameter(scope, parameter, `is not valid JSON (${detail})`, 'Fix the JSON syntax: keys and strings in double quotes, no trailing commas.');
		}
	}
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
		const keys = Object.keys(parsed);
		const prompt = keys.find((key) => key === 'prompt' || key === 'prompt_v2');
		if (prompt) {
			throw invalidParameter(
				scope,
				parameter,
				`has a "${prompt}", but segmentation takes no prompt`,
				'Remove it: describe what each segment looks like in its definition\'s "description" instead.',
			);
		}
	}
	const result = segmentationJsonShape.safeParse(parsed);
	if (!result.success) {
		const issue = deepestIssue(result.error);
		throw invalidParameter(
			scope,
			parameter,
			`${issuePath(issue.path)}: ${issue.message}`,
			'Give a list of definitions, each {"id", "description", "fields"?, "media_sources"?, "time_ranges"?}; a field is {"name", "type", "description", "format"?, "enum"?, "items"?}.',
		);
	}
	const data = result.data;
	const wrapper = Array.isArray(data) ? undefined : data;
	const format = wrapper === undefined ? undefined : 'response_format' in wrapper ? wrapper.response_format : wrapper;
	const definitions = (format?.segment_definitions ?? (data as Array<z.infer<typeof definitionShape>>)).map((definition, index) => {
		const { media_sources: sources, ...rest } = definition;
		const built: SegmentDefinition = { ...rest };
		if (sources?.length) {
			const label = `${definitionLabel(parameter, definition, index)} › media_sources`;
			const given = sources.map((source) => ['url', 'asset_id', 'base64_string'].filter((key) => source[key as keyof typeof source] !== undefined));
			const wrong = given.findIndex((keys) => keys.length !== 1);
			if (wrong >= 0) {
				throw invalidParameter(scope, label, `source ${wrong + 1} sets ${given[wrong].length ? given[wrong].join(' and ') : 'none of url, asset_id, base64_string'}`, 'Give each reference image exactly one of "url", "asset_id" or "base64_string".');
			}
			built.media_sources = mediaSources(scope, label, sources.map(toReferenceImage));
		}
		return built;
	});
	return {
		definitions,
		segmentTimeFormat: format?.segment_time_format,
		minSegmentDuration: wrapper?.min_segment_duration,
		maxSegmentDuration: wrapper?.max_segment_duration,
	};
}

function checkField(scope: ParameterScope, definitionLabelText: string, field: SegmentField, index: number, seen: Set<string>): void {
	const label = `${definitionLabelText} › Fields › ${field.name || `field ${index + 1}`}`;
	if (!field.name) throw invalidParameter(scope, label, 'has no name', 'Give every field a name, e.g. scorer.');
	if (seen.has(field.name)) throw invalidParameter(scope, label, 'is defined twice in this definition', 'Give every field of a definition its own name.');
	seen.add(field.name);
	if (!SEGMENT_FIELD_TYPES.includes(field.type)) {
		throw invalidParameter(scope, label, `"${field.type}" is not a field type`, `Use one of ${SEGMENT_FIELD_TYPES.join(', ')}.`);
	}
	if (!field.description.trim()) {
		throw invalidParameter(scope, label, 'has no description', 'Describe what the field should contain, e.g. "Name of the player who scored".');
	}
	if (field.type === 'timestamp') {
		if (!field.format) {
			throw invalidParameter(scope, label, 'is a timestamp without a format', `Set Timestamp Format to one of ${TIMESTAMP_FORMATS.join(', ')}.`);
		}
		if (!TIMESTAMP_FORMATS.includes(field.format)) {
			throw invalidParameter(scope, label, `"${field.format}" is not a timestamp format`, `Use one of ${TIMESTAMP_FORMATS.join(', ')}.`);
		}
		if (RESERVED_TIMESTAMP_NAMES.includes(field.name)) {
			throw invalidParameter(
				scope,
				label,
				`"${field.name}" is reserved and cannot be a timestamp field`,
				`Every segment already has start_time, end_time and metadata; rename the field, e.g. "${field.name}_at".`,
			);
		}
		if (field.enum !== undefined) {
			throw invalidParameter(scope, label, 'a timestamp field cannot have allowed values', 'Remove the allowed values (enum), or change the type.');
		}
	} else if (field.format !== undefined) {
		throw invalidParameter(scope, label, `has a format, but only timestamp fields take one (this one is ${field.type})`, 'Remove the format, or change the type to timestamp.');
	}
	if (field.type === 'array') {
		if (!field.items?.type) {
			throw invalidParameter(scope, label, 'is an array without an item type', `Set Item Type (${SEGMENT_ITEM_TYPES.join(', ')}).`);
		}
		if (!SEGMENT_ITEM_TYPES.includes(field.items.type)) {
			throw invalidParameter(scope, label, `"${field.items.type}" is not an item type`, `Use one of ${SEGMENT_ITEM_TYPES.join(', ')}.`);
		}
	} else if (field.items !== undefined) {
		throw invalidParameter(scope, label, `has an item type, but only array fields take one (this one is ${field.type})`, 'Remove the item type, or change the type to array.');
	}
	if (field.enum !== undefined && field.enum.length > MAX_ENUM_VALUES) {
		throw invalidParameter(
			scope,
			label,
			`has ${field.enum.length} allowed values; TwelveLabs accepts at most ${MAX_ENUM_VALUES}`,
			`Keep ${MAX_ENUM_VALUES} values or fewer, or describe the values in the field description instead.`,
		);
	}
}

function checkTimeRanges(scope: ParameterScope, label: string, ranges: TimeRange[]): void {
	ranges.forEach((range, index) => {
		const { start_time: start, end_time: end } = range;
		if (!isSet(start) || !isSet(end) || start < 0) {
			throw invalidParameter(scope, label, `range ${index + 1} needs a start and an end of 0 seconds or more`, 'Set Start and End in seconds from the start of the video.');
		}
		if (end - start < MIN_SEGMENT_SECONDS) {
			throw invalidParameter(
				scope,
				label,
				`range ${index + 1} (${start}-${end} s) is ${end > start ? `${Math.round((end - start) * 1000) / 1000} s long` : 'empty'}; each range must last at least ${MIN_SEGMENT_SECONDS} s`,
				`Make End at least ${MIN_SEGMENT_SECONDS} seconds after Start.`,
			);
		}
	});
	const sorted = [...ranges].sort((a, b) => a.start_time - b.start_time);
	for (let index = 1; index < sorted.length; index++) {
		const previous = sorted[index - 1];
		const current = sorted[index];
		if (current.start_time < previous.end_time) {
			throw invalidParameter(
				scope,
				label,
				`ranges ${previous.start_time}-${previous.end_time} s and ${current.start_time}-${current.end_time} s overlap`,
				'Ranges of one definition must not overlap (touching is fine, e.g. 0-5 and 5-10); merge or split them.',
			);
		}
	}
}

/** The rules TwelveLabs states for segment definitions, checked before anything is sent. */
export function checkSegmentDefinitions(scope: ParameterScope, parameter: string, definitions: SegmentDefinition[]): void {
	if (!definitions.length) {
		throw invalidParameter(scope, parameter, 'no segment definitions are given', 'Add at least one definition: an ID and a description of what the segment looks like.');
	}
	if (definitions.length > MAX_SEGMENT_DEFINITIONS) {
		throw invalidParameter(
			scope,
			parameter,
			`${definitions.length} definitions given; TwelveLabs accepts at most ${MAX_SEGMENT_DEFINITIONS}`,
			`Remove definitions until ${MAX_SEGMENT_DEFINITIONS} or fewer remain, or split them over several tasks (each definition is billed separately).`,
		);
	}
	const ids = new Set<string>();
	definitions.forEach((definition, index) => {
		const label = definitionLabel(parameter, definition, index);
		const id = definition.id.trim();
		if (!id) throw invalidParameter(scope, label, 'has no ID', 'Give every definition a short ID, e.g. goal; the results are grouped by it.');
		if (ids.has(id)) throw invalidParameter(scope, label, `the ID "${id}" is used twice`, 'Give every definition its own ID.');
		ids.add(id);
		if (!definition.description.trim()) {
			throw invalidParameter(scope, label, 'has no description', 'Describe what this kind of segment looks like, e.g. "A player scores a goal".');
		}
		const names = new Set<string>();
		(definition.fields ?? []).forEach((field, fieldIndex) => checkField(scope, label, field, fieldIndex, names));
		checkTimeRanges(scope, `${label} › Time Ranges`, definition.time_ranges ?? []);
	});
}

function checkDuration(scope: ParameterScope, parameter: string, value: number): void {
	if (value < MIN_SEGMENT_SECONDS) {
		throw invalidParameter(scope, parameter, `${value} s is under ${MIN_SEGMENT_SECONDS} s`, `Use ${MIN_SEGMENT_SECONDS} seconds or more, or remove the option.`);
	}
}

/**
 * `analysis_mode`, `response_format` and the segment durations of a segmentation task.
 * Needs a model with segmentation (Pegasus 1.5 or a model this node does not know yet).
 */
export function segmentationBody(scope: ParameterScope, model: string, input: SegmentationInput): IDataObject {
	if (!modelRules(model, 'segmentation').pegasus15Features) {
		throw invalidParameter(scope, 'Model', `${model} cannot segment videos`, 'Choose Pegasus 1.5 as the model, or switch Analysis Mode to General.');
	}
	checkSegmentDefinitions(scope, input.parameter, input.definitions);

	const min = isSet(input.minSegmentDuration) ? input.minSegmentDuration : undefined;
	const max = isSet(input.maxSegmentDuration) ? input.maxSegmentDuration : undefined;
	if (min !== undefined) checkDuration(scope, 'Min Segment Duration', min);
	if (max !== undefined) checkDuration(scope, 'Max Segment Duration', max);
	if (min !== undefined && max !== undefined && min > max) {
		throw invalidParameter(scope, 'Min Segment Duration', `${min} s is above Max Segment Duration (${max} s)`, 'Set the minimum at or below the maximum.');
	}

	const withRanges = input.definitions.find((definition) => definition.time_ranges?.length);
	if (withRanges) {
		const label = `${input.parameter} › ${withRanges.id} › Time Ranges`;
		const conflicts = [
			input.clipWindowSet ? 'a clip window (Start/End)' : undefined,
			min !== undefined ? 'Min Segment Duration' : undefined,
			max !== undefined ? 'Max Segment Duration' : undefined,
		].filter((conflict): conflict is string => conflict !== undefined);
		if (conflicts.length) {
			throw invalidParameter(
				scope,
				label,
				`time ranges cannot be combined with ${conflicts.join(' or ')}`,
				'Use time ranges on the definitions, or the clip window and segment durations, not both.',
			);
		}
	}

	const format = input.segmentTimeFormat?.trim();
	if (format && !SEGMENT_TIME_FORMATS.includes(format)) {
		throw invalidParameter(scope, 'Segment Time Format', `"${format}" is not a time format`, `Use one of ${SEGMENT_TIME_FORMATS.join(', ')}.`);
	}
	const responseFormat: IDataObject = { type: 'segment_definitions', segment_definitions: input.definitions as unknown as IDataObject[] };
	if (format) responseFormat.segment_time_format = format;
	return {
		analysis_mode: 'time_based_metadata',
		response_format: responseFormat,
		...(min !== undefined ? { min_segment_duration: min } : {}),
		...(max !== undefined ? { max_segment_duration: max } : {}),
	};
}
