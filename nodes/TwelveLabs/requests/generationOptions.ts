import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';
import type { AnalysisMode } from './models';
import { modelRules } from './models';

export interface GenerationOptionsInput {
	temperature?: number;
	maxTokens?: number;
	/** Clip window in seconds; sent only when the user sets it. */
	startTime?: number;
	endTime?: number;
}

/** The API rejects analysis windows shorter than this. */
export const MIN_CLIP_SECONDS = 4;

function isSet(value: number | undefined | null | ''): value is number {
	return value !== undefined && value !== null && value !== '' && !Number.isNaN(value);
}

/** `temperature`, `max_tokens`, `start_time`, `end_time` for the model, checked against its rules. */
export function generationOptionsBody(
	scope: ParameterScope,
	model: string,
	mode: AnalysisMode,
	input: GenerationOptionsInput,
): IDataObject {
	const rules = modelRules(model, mode);
	const body: IDataObject = {};

	if (isSet(input.temperature)) {
		if (input.temperature < 0 || input.temperature > 1) {
			throw invalidParameter(scope, 'Temperature', `${input.temperature} is outside 0 to 1`, 'Use a number from 0 (focused) to 1 (varied); 0.2 is the default.');
		}
		body.temperature = input.temperature;
	}

	if (isSet(input.maxTokens)) {
		const { min, max } = rules.maxTokens;
		if (!Number.isInteger(input.maxTokens) || input.maxTokens < min || input.maxTokens > max) {
			throw invalidParameter(
				scope,
				'Max Tokens',
				`${input.maxTokens} is outside what ${model}${mode === 'segmentation' ? ' (segmentation)' : ''} accepts`,
				`Use a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, or remove the option to use the default.`,
			);
		}
		body.max_tokens = input.maxTokens;
	}

	const hasStart = isSet(input.startTime);
	const hasEnd = isSet(input.endTime);
	if (hasStart || hasEnd) {
		if (!rules.pegasus15Features) {
			throw invalidParameter(scope, 'Clip Window', `${model} cannot analyze part of a video`, 'Choose Pegasus 1.5 as the model, or remove the Start and End options.');
		}
		const start = hasStart ? (input.startTime as number) : undefined;
		const end = hasEnd ? (input.endTime as number) : undefined;
		if ((start !== undefined && start < 0) || (end !== undefined && end < 0)) {
			throw invalidParameter(scope, 'Clip Window', 'a time is negative', 'Start and End are seconds from the start of the video, 0 or more.');
		}
		if (start !== undefined && end !== undefined) {
			if (start >= end) {
				throw invalidParameter(scope, 'Clip Window', `Start (${start} s) is not before End (${end} s)`, 'Set Start to a time before End.');
			}
			if (end - start < MIN_CLIP_SECONDS) {
				throw invalidParameter(
					scope,
					'Clip Window',
					`the window is ${end - start} s long; TwelveLabs needs at least ${MIN_CLIP_SECONDS} s`,
					`Widen the window to ${MIN_CLIP_SECONDS} seconds or more.`,
				);
			}
		} else if (end !== undefined && end < MIN_CLIP_SECONDS) {
			throw invalidParameter(scope, 'Clip Window', `End (${end} s) leaves less than ${MIN_CLIP_SECONDS} s`, `Set End to ${MIN_CLIP_SECONDS} seconds or more.`);
		}
		if (start !== undefined) body.start_time = start;
		if (end !== undefined) body.end_time = end;
	}
	return body;
}
