import type { IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { GenerationOptionsInput } from '../requests/generationOptions';
import { invalidParameter } from '../requests/invalidParameter';
import { DEFAULT_MODEL, PEGASUS_1_2, PEGASUS_1_5 } from '../requests/models';

export const PEGASUS_MODEL_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Pegasus 1.2 (Legacy)',
		value: PEGASUS_1_2,
		description: 'Older model: plain prompts only, no clip window, accepts indexed video IDs',
	},
	{
		name: 'Pegasus 1.5',
		value: PEGASUS_1_5,
		description: 'Recommended: structured prompts with reference images, clip window, timestamp fields',
	},
];

/**
 * The Model parameter (`model`). Model names are open-ended: a model not in the list is set
 * with an expression, and is sent as typed.
 */
export function modelProperty(
	displayOptions?: IDisplayOptions,
	options: INodePropertyOptions[] = PEGASUS_MODEL_OPTIONS,
	defaultModel: string = DEFAULT_MODEL,
): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options,
		default: defaultModel,
		description:
			'The Pegasus model that analyzes the video. To use a model not listed here, switch the field to an expression and type its name (e.g. pegasus1.6).',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** The model name of the item, trimmed; an empty one is an error naming the parameter. */
export function readModel(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('model', itemIndex, DEFAULT_MODEL);
	const model = typeof value === 'string' ? value.trim() : '';
	if (!model) {
		throw invalidParameter(
			{ node: ctx.getNode(), itemIndex },
			'Model',
			'is empty',
			`Choose a model, e.g. ${PEGASUS_1_5}. If it comes from an expression, check that it gives a value for item ${itemIndex + 1}.`,
		);
	}
	return model;
}

/**
 * Temperature, Max Tokens and the clip window, as fields of a node's Options collection
 * (`options.temperature`, `options.maxTokens`, `options.clipStart`, `options.clipEnd`).
 * The clip window is shown for every model, so a wrong combination gets a clear error
 * instead of silently hidden values.
 */
export function generationOptionFields(): INodeProperties[] {
	return [
		{
			displayName: 'Clip Window End',
			name: 'clipEnd',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0,
			description:
				'Analyze only up to this point, in seconds from the start of the video (Pegasus 1.5). The window must be at least 4 seconds long.',
		},
		{
			displayName: 'Clip Window Start',
			name: 'clipStart',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0,
			description: 'Analyze only from this point, in seconds from the start of the video (Pegasus 1.5)',
		},
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 4096,
			description:
				'The longest answer to generate, in tokens. Pegasus 1.2: up to 4,096. Pegasus 1.5: 512 to 98,304. If the answer is cut off at this limit, the output item says so.',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.2,
			description: 'How varied the answer is, from 0 (focused, repeatable) to 1 (more varied)',
		},
	];
}

type OptionsCollection = Record<string, unknown>;

const OPTION_NAMES: Record<string, string> = {
	temperature: 'Temperature',
	maxTokens: 'Max Tokens',
	clipStart: 'Clip Window Start',
	clipEnd: 'Clip Window End',
};

/**
 * The generation options set in the collection `collectionName`. Only fields the user added are
 * returned, so the API's own defaults apply to the rest.
 */
export function readGenerationOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collectionName = 'options',
): GenerationOptionsInput {
	const options = ctx.getNodeParameter(collectionName, itemIndex, {}) as OptionsCollection;
	// An expression can give text: a value that is not a number is an error, never silently dropped.
	const numberOf = (name: string): number | undefined => {
		const value = options[name];
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'number' ? value : Number(value);
		if (Number.isNaN(number)) {
			throw invalidParameter(
				{ node: ctx.getNode(), itemIndex },
				OPTION_NAMES[name],
				`"${String(value)}" is not a number`,
				'Enter a number, or remove the option to use the default.',
			);
		}
		return number;
	};
	return {
		temperature: numberOf('temperature'),
		maxTokens: numberOf('maxTokens'),
		startTime: numberOf('clipStart'),
		endTime: numberOf('clipEnd'),
	};
}
