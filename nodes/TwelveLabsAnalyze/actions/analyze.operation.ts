import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assetWaitOption, readAssetWaitMs } from '../../TwelveLabs/params/assetWait';
import { generationOptionFields, modelProperty, readGenerationOptions, readModel } from '../../TwelveLabs/params/modelOptions';
import { promptProperties, readPrompt } from '../../TwelveLabs/params/prompt';
import { readResponseFormat, structuredOutputProperties } from '../../TwelveLabs/params/structuredOutput';
import { readVideoSource, videoSourceProperties } from '../../TwelveLabs/params/videoSource';
import type { VideoPreflight } from '../../TwelveLabs/preflight/preflightVideo';
import { SYNC_ANALYSIS } from '../../TwelveLabs/preflight/videoRequirements';
import { generationOptionsBody } from '../../TwelveLabs/requests/generationOptions';
import { formatLimit, MAX_BASE64_BYTES } from '../../TwelveLabs/requests/mediaLimits';
import { answerFields, parseAnswer } from '../../TwelveLabs/responses/answer';
import { analysisUsage } from '../../TwelveLabs/responses/usage';
import { apiStreamRequest } from '../../TwelveLabs/transport/request';
import type { VideoFacts } from '../../TwelveLabs/upload/videoField';
import { sendWhenAssetReady, videoField } from '../../TwelveLabs/upload/videoField';
import type { StreamedAnalysis } from '../analyzeStream';
import { readAnalyzeStream } from '../analyzeStream';
import type { SendText } from '../liveItem';
import { forwardLive } from '../liveItem';

export const DEFAULT_CONCURRENCY = 5;
/** TwelveLabs' SDKs wait up to 10 minutes for an answer; a long video can take that. */
const ANALYZE_TIMEOUT_MS = 600_000;

const concurrencyOption: INodeProperties = {
	displayName: 'Items in Parallel',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20, numberPrecision: 0 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are analyzed at the same time. Output order is kept. When TwelveLabs answers "rate limited", every item waits.',
};

// Simplify keeps the answer lean; usage is what a user counting cost asks for, so it can be added back
// on its own (as n8n's Anthropic node adds Include Merged Response to its simplified output).
const includeUsageOption: INodeProperties = {
	displayName: 'Include Usage',
	name: 'includeUsage',
	type: 'boolean',
	default: false,
	description:
		'Whether a simplified answer also gets usage (input and output tokens, video seconds analyzed, segment definitions). With Simplify off it is always there.',
};

export const description: INodeProperties[] = [
	modelProperty(),
	...videoSourceProperties({ legacyVideoId: true }),
	...promptProperties(),
	...structuredOutputProperties(),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only the answer (text, parsed data and any warning) instead of also the finish reason, usage and generation ID. Options > Include Usage adds usage to the simplified answer.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Sorted by name, as n8n lists collection options.
		options: [...generationOptionFields(), concurrencyOption, assetWaitOption(), includeUsageOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

interface AnalyzeOutput {
	simplify: boolean;
	includeUsage: boolean;
	structured: boolean;
	/** The request as sent: its clip window and response format count toward the usage. */
	body: IDataObject;
	/** The video's length as learned (pre-flight, then a ready asset), for the usage. */
	facts: VideoFacts;
	/** The binary video's pre-flight, when the video was a binary. */
	video?: VideoPreflight;
}

/** The request body for the item: every parameter read and checked before anything is sent. */
async function requestBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	assetWaitMs: number,
	facts: VideoFacts,
): Promise<{ body: IDataObject; structured: boolean; video?: VideoPreflight }> {
	const scope = { node: ctx.getNode(), itemIndex };
	const model = readModel(ctx, itemIndex);
	const prompt = await readPrompt(ctx, itemIndex, model);
	const format = readResponseFormat(ctx, itemIndex, model);
	const generation = generationOptionsBody(scope, model, 'sync', readGenerationOptions(ctx, itemIndex));
	const source = await readVideoSource(ctx, itemIndex, model, SYNC_ANALYSIS);
	// Uploading is the last step: it sends requests, so it happens only once everything else passed.
	const video = await videoField(ctx, itemIndex, source, assetWaitMs, facts);
	return {
		// `stream` and `model_name` are always explicit: the API's defaults have changed before.
		body: { model_name: model, ...video, ...prompt, ...format.fields, ...generation, stream: true },
		structured: format.structured,
		video: source.video,
	};
}

function outputItem(analysis: StreamedAnalysis, output: AnalyzeOutput): IDataObject {
	const answer = parseAnswer(analysis.text, { structured: output.structured, finishReason: analysis.finishReason });
	const video = output.video ? { video: { ...output.video } } : {};
	const usage = analysisUsage({
		apiUsage: analysis.usage,
		startTime: output.body.start_time,
		endTime: output.body.end_time,
		videoDurationSeconds: output.facts.durationSeconds,
		responseFormat: output.body.response_format,
	});
	if (output.simplify) {
		return {
			text: answer.text,
			...(answer.data !== undefined ? { data: answer.data as IDataObject } : {}),
			...(answer.warning ? { warning: answer.warning } : {}),
			...(output.includeUsage ? { usage } : {}),
			...video,
		};
	}
	return { ...answerFields(answer), usage, generationId: analysis.generationId ?? null, ...video };
}

/**
 * Analyzes one item's video with `POST /analyze`, reading the answer as it streams and, when the
 * workflow streams its response, forwarding it live (framed, failures included, by forwardLive).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await forwardLive(this, itemIndex, async (sendText) => await analyzeItem.call(this, itemIndex, sendText));
}

async function analyzeItem(this: IExecuteFunctions, itemIndex: number, sendText: SendText | undefined): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const assetWaitMs = readAssetWaitMs({ node: this.getNode(), itemIndex }, options);
	const facts: VideoFacts = {};
	const { body, structured, video } = await requestBody(this, itemIndex, assetWaitMs, facts);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const includeUsage = options.includeUsage === true;

	const stream = await sendWhenAssetReady(this, itemIndex, body, assetWaitMs, async () => await apiStreamRequest(this, {
		method: 'POST',
		path: '/analyze',
		body,
		// Analysis creates nothing, so a 5xx before the answer starts is safe to retry.
		retry: 'safe',
		timeoutMs: ANALYZE_TIMEOUT_MS,
		itemIndex,
		explain: (status) =>
			status === 404 && (body.video as IDataObject | undefined)?.type === 'asset_id'
				? 'Check the asset ID, and that the asset belongs to the account of this API key.'
				: status === 413
					? `TwelveLabs accepts inline files up to ${formatLimit(MAX_BASE64_BYTES)}.`
					: undefined,
	}), facts);

	const analysis = await readAnalyzeStream(stream, { node: this.getNode(), itemIndex, onText: sendText });
	return outputItem(analysis, { simplify, includeUsage, structured, body, facts, video });
}
