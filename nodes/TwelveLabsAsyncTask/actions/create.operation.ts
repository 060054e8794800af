import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generationOptionFields, modelProperty, readGenerationOptions, readModel } from '../../TwelveLabs/params/modelOptions';
import { assetWaitOption, readAssetWaitMs } from '../../TwelveLabs/params/assetWait';
import { parameterText } from '../../TwelveLabs/params/parameterText';
import { promptProperties, readPrompt } from '../../TwelveLabs/params/prompt';
import { readResponseFormat, structuredOutputProperties } from '../../TwelveLabs/params/structuredOutput';
import { readVideoSource, videoSourceProperties } from '../../TwelveLabs/params/videoSource';
import type { VideoPreflight } from '../../TwelveLabs/preflight/preflightVideo';
import { taskAnalysis } from '../../TwelveLabs/preflight/videoRequirements';
import { customIdField } from '../../TwelveLabs/requests/customId';
import { generationOptionsBody } from '../../TwelveLabs/requests/generationOptions';
import type { ParameterScope } from '../../TwelveLabs/requests/invalidParameter';
import { invalidParameter } from '../../TwelveLabs/requests/invalidParameter';
import type { AnalyzeTask } from '../../TwelveLabs/responses/task';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { readSegmentation, segmentationProperties } from '../params/segmentation';
import { readWaitSettings, waitOptionFields } from '../params/waitOptions';
import { splitIntoItemsField, taskOutput } from './taskOutput';
import type { VideoFacts } from '../../TwelveLabs/upload/videoField';
import { sendWhenAssetReady, videoField } from '../../TwelveLabs/upload/videoField';
import { waitForTask } from './waitForTask';
import { TIMESTAMP_FORMAT_OPTIONS } from '../../TwelveLabs/params/fieldValues';

export type AnalysisMode = 'general' | 'segmentation';

const general = { show: { analysisMode: ['general'] } };
const segmentation = { show: { analysisMode: ['segmentation'] } };

/** Max Tokens with the ranges of both modes; the shared field describes general analysis only. */
const generationFields = generationOptionFields().map((field) =>
	field.name === 'maxTokens'
		? {
				...field,
				description:
					'The longest answer to generate, in tokens. Pegasus 1.2: up to 4,096. Pegasus 1.5: 512 to 98,304, and 2,048 to 98,304 for segmentation (default 32,768). A segmentation that hits the limit fails without output.',
			}
		: field,
);

function byDisplayName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const createOptionFields = byDisplayName([
	{
		displayName: 'Custom ID',
		name: 'customId',
		type: 'string',
		default: '',
		placeholder: 'e.g. order-1234',
		description:
			'Your own label for the task (1-64 letters, digits, - or _), returned with the task and in webhooks. TwelveLabs does not check that it is unique.',
	},
	...generationFields,
	assetWaitOption(),
	{
		displayName: 'Min Segment Duration (Seconds)',
		name: 'minSegmentDuration',
		type: 'number',
		typeOptions: { minValue: 2, numberPrecision: 3 },
		default: 2,
		description: 'Shortest segment to return, 2 seconds or more. Cannot be combined with time ranges.',
		displayOptions: { show: { '/analysisMode': ['segmentation'] } },
	},
	{
		displayName: 'Max Segment Duration (Seconds)',
		name: 'maxSegmentDuration',
		type: 'number',
		typeOptions: { minValue: 2, numberPrecision: 3 },
		default: 60,
		description: 'Longest segment to return, at least the minimum. Cannot be combined with time ranges.',
		displayOptions: { show: { '/analysisMode': ['segmentation'] } },
	},
	{
		displayName: 'Segment Time Format',
		name: 'segmentTimeFormat',
		type: 'options',
		options: TIMESTAMP_FORMAT_OPTIONS,
		default: 'seconds',
		description: 'How the start and end of each segment are written',
		displayOptions: { show: { '/analysisMode': ['segmentation'] } },
	},
	...waitOptionFields({ show: { '/waitForCompletion': [true] } }),
	{
		...splitIntoItemsField,
		displayOptions: { show: { '/waitForCompletion': [true], '/analysisMode': ['segmentation'] } },
	},
]);

const properties: INodeProperties[] = [
	modelProperty(),
	...videoSourceProperties(),
	{
		displayName: 'Analysis Mode',
		name: 'analysisMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'General', value: 'general', description: 'Answer a prompt, as text or as JSON that follows a schema' },
			{
				name: 'Segmentation',
				value: 'segmentation',
				description: 'Find the segments you define and extract fields for each, with start and end times (Pegasus 1.5)',
			},
		],
		default: 'general',
	},
	...promptProperties(general),
	...structuredOutputProperties(general),
	...segmentationProperties(segmentation),
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until the task is ready, failed or canceled and output its result. Otherwise the output is the new task ID, for a later Wait or Get.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: createOptionFields,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['create'] } }, properties);

function numberOption(scope: ParameterScope, parameter: string, value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'number' ? value : Number(value);
	if (Number.isNaN(number)) {
		throw invalidParameter(scope, parameter, `"${String(value)}" is not a number`, 'Enter a number of seconds, or remove the option.');
	}
	return number;
}

/** `analysis_mode` and what goes with it: the prompt and response format, or the segment definitions. */
export async function analysisFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: string,
	mode: AnalysisMode,
	options: IDataObject,
	clipWindowSet: boolean,
): Promise<IDataObject> {
	const scope = { node: ctx.getNode(), itemIndex };
	if (mode === 'general') {
		const prompt = await readPrompt(ctx, itemIndex, model);
		return { analysis_mode: 'general', ...prompt, ...readResponseFormat(ctx, itemIndex, model).fields };
	}
	return await readSegmentation(ctx, itemIndex, model, {
		minSegmentDuration: numberOption(scope, 'Min Segment Duration', options.minSegmentDuration),
		maxSegmentDuration: numberOption(scope, 'Max Segment Duration', options.maxSegmentDuration),
		segmentTimeFormat: options.segmentTimeFormat === undefined ? undefined : parameterText(options.segmentTimeFormat),
		clipWindowSet,
	});
}

function explainCreateError(status: number): string | undefined {
	if (status >= 500 || status === 408) {
		return 'The request was not sent again, because TwelveLabs may have created the task anyway: check the List operation before running this item again.';
	}
	return undefined;
}

/** Creates one analysis task (`POST /analyze/tasks`), and waits for it when asked. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const scope = { node: this.getNode(), itemIndex };
	const model = readModel(this, itemIndex);
	const mode = this.getNodeParameter('analysisMode', itemIndex, 'general') as AnalysisMode;
	if (mode !== 'general' && mode !== 'segmentation') {
		throw invalidParameter(scope, 'Analysis Mode', `"${String(mode)}" is not an analysis mode`, 'Choose General or Segmentation.');
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const customId = customIdField(scope, options.customId);
	const generation = generationOptionsBody(scope, model, mode, readGenerationOptions(this, itemIndex));
	const clipWindowSet = generation.start_time !== undefined || generation.end_time !== undefined;
	const analysis = await analysisFields(this, itemIndex, model, mode, options, clipWindowSet);
	const waitForCompletion = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const waitSettings = waitForCompletion ? readWaitSettings(scope, options) : undefined;
	const assetWaitMs = readAssetWaitMs(scope, options);
	const source = await readVideoSource(this, itemIndex, model, taskAnalysis(clipWindowSet));
	// Last, because a large binary is uploaded here: nothing is sent before every check passed.
	const facts: VideoFacts = {};
	const video = await videoField(this, itemIndex, source, assetWaitMs, facts);

	// `model_name` is always explicit: the API's default model has changed before.
	const body: IDataObject = { model_name: model, ...video, ...customId, ...analysis, ...generation };
	// A create is never retried after an ambiguous failure (the transport's `create` policy): one item, one task.
	const created = await sendWhenAssetReady(this, itemIndex, body, assetWaitMs, async () =>
		await apiRequest<{ task_id: string; status: string }>(this, {
			method: 'POST',
			path: '/analyze/tasks',
			body,
			itemIndex,
			explain: explainCreateError,
		}),
		facts,
	);
	const task: AnalyzeTask = { task_id: created.task_id, status: created.status, custom_id: (customId.custom_id as string | undefined) ?? null };
	// The new task's object does not echo its request yet: its usage is read from the request sent.
	const context = { sentRequest: body, videoDurationSeconds: facts.durationSeconds };
	if (!waitSettings) return withVideo(taskOutput(task, { context }), source.video);

	const outcome = await waitForTask(this, itemIndex, created.task_id, waitSettings, true);
	return withVideo(taskOutput(outcome.value, { splitIntoItems: options.splitIntoItems === true, wait: outcome, context }), source.video);
}

/**
 * The binary video's pre-flight on the task's item. Segment rows (Split Into Items) stay as they
 * are: they are made to be spreadsheet rows, one flat column per field.
 */
function withVideo(output: IDataObject | IDataObject[], video: VideoPreflight | undefined): IDataObject | IDataObject[] {
	if (!video || Array.isArray(output)) return output;
	return { ...output, video: { ...video } };
}
