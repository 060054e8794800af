/**
 * What the emulated Pegasus "says": deterministic prose that mentions the prompt, JSON that satisfies
 * a json_schema, segmentation results, token counts, truncation, and stream fragments.
 */
import { seedOf } from './ids';
import { formatTimestamp, instanceOf } from './schema-instance';

export interface GenerationInput {
	prompt: string;
	/** response_format.json_schema, when structured output was asked for. */
	jsonSchema?: Record<string, unknown>;
	maxTokens?: number;
	/** The truncate fault: finish_reason 'length', text cut mid-way. */
	truncate?: boolean;
}

export interface GenerationOutput {
	text: string;
	finishReason: 'stop' | 'length';
	outputTokens: number;
	inputTokens: number;
	/** Set when finish_reason is 'length'. */
	errorMessage?: string;
}

export const TRUNCATION_MESSAGE = 'The output was truncated because it reached the maximum number of tokens.';

export function tokensOf(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

export function prose(prompt: string): string {
	const shown = prompt.length > 200 ? `${prompt.slice(0, 197)}...` : prompt;
	return (
		`In response to "${shown}": the video opens with a wide establishing shot of a city street at dawn. ` +
		'A presenter walks into the frame and introduces the topic, then the footage cuts to close-ups that illustrate each point. ' +
		'Midway through, an on-screen chart summarizes the key figures while the narration explains them. ' +
		'The video ends with a short recap and a title card.'
	);
}

export function generate(input: GenerationInput): GenerationOutput {
	let text = input.jsonSchema ? JSON.stringify(instanceOf(input.jsonSchema, input.prompt)) : prose(input.prompt);
	let finishReason: 'stop' | 'length' = 'stop';
	if (input.truncate) {
		text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
		finishReason = 'length';
	}
	if (input.maxTokens !== undefined && tokensOf(text) > input.maxTokens) {
		text = text.slice(0, input.maxTokens * 4);
		finishReason = 'length';
	}
	return {
		text,
		finishReason,
		outputTokens: tokensOf(text),
		inputTokens: 1000 + tokensOf(input.prompt),
		errorMessage: finishReason === 'length' ? TRUNCATION_MESSAGE : undefined,
	};
}

/** Splits text into stream fragments of 5-13 characters, cutting through words. */
export function fragments(text: string): string[] {
	const out: string[] = [];
	let seed = seedOf(text);
	for (let i = 0; i < text.length; ) {
		seed = (seed * 1103515245 + 12345) >>> 0;
		const size = 5 + (seed % 9);
		out.push(text.slice(i, i + size));
		i += size;
	}
	return out;
}

interface SegmentField {
	name: string;
	type: string;
	format?: string;
	enum?: string[];
	items?: { type: string };
}

export interface SegmentDefinitionInput {
	id: string;
	fields?: SegmentField[];
	time_ranges?: { start_time: number; end_time: number }[];
}

export interface SegmentationInput {
	definitions: SegmentDefinitionInput[];
	/** Video duration in seconds. */
	duration: number;
	timeFormat?: string;
	startTime?: number;
	endTime?: number;
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
}

function fieldValue(field: SegmentField, index: number): unknown {
	if (field.enum && field.enum.length > 0) return field.enum[index % field.enum.length];
	switch (field.type) {
		case 'boolean':
			return index % 2 === 0;
		case 'integer':
			return index + 1;
		case 'number':
			return index + 0.5;
		case 'timestamp':
			return formatTimestamp(3.25 + index * 10, field.format);
		case 'array':
			return [fieldValue({ name: field.name, type: field.items?.type ?? 'string' }, index)];
		default:
			return `${field.name} of segment ${index + 1}`;
	}
}

/** `result.data` of a time_based_metadata task: a JSON object keyed by definition id. */
export function segmentation(input: SegmentationInput): string {
	const out: Record<string, unknown[]> = {};
	const windowStart = input.startTime ?? 0;
	const windowEnd = input.endTime ?? input.duration;
	const span = Math.max(0, windowEnd - windowStart);
	const time = (s: number): number | string =>
		formatTimestamp(Math.round(s * 1000) / 1000, input.timeFormat === undefined || input.timeFormat === 'seconds' ? 'seconds' : input.timeFormat);
	for (const definition of input.definitions) {
		let ranges: [number, number][];
		if (definition.time_ranges && definition.time_ranges.length > 0) {
			ranges = definition.time_ranges.map((r) => [r.start_time, r.end_time]);
		} else {
			let length = span / 3;
			if (input.maxSegmentDuration !== undefined) length = Math.min(length, input.maxSegmentDuration);
			if (input.minSegmentDuration !== undefined) length = Math.max(length, input.minSegmentDuration);
			length = Math.min(length, span);
			ranges = [];
			for (let i = 0; i < 2; i++) {
				const start = windowStart + i * span * 0.5;
				const end = Math.min(windowEnd, start + length);
				if (end > start) ranges.push([start, end]);
			}
		}
		out[definition.id] = ranges.map(([start, end], index) => {
			const metadata: Record<string, unknown> = {};
			for (const field of definition.fields ?? []) metadata[field.name] = fieldValue(field, index);
			return { start_time: time(start), end_time: time(end), metadata };
		});
	}
	return JSON.stringify(out);
}
