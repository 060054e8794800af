import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assetIdLocator } from '../../TwelveLabs/params/assetId';
import { readAssetWaitMs } from '../../TwelveLabs/params/assetWait';
import { modelProperty, PEGASUS_MODEL_OPTIONS } from '../../TwelveLabs/params/modelOptions';
import { promptProperties } from '../../TwelveLabs/params/prompt';
import { structuredOutputProperties } from '../../TwelveLabs/params/structuredOutput';
import { errorItem, settleEachItem, stoppingError } from '../../TwelveLabs/execution/runPerItem';
import { duplicateCustomIds, inBatches, MAX_BATCH_REQUESTS } from '../../TwelveLabs/requests/batch';
import { PEGASUS_1_5 } from '../../TwelveLabs/requests/models';
import type { AnalysisMode } from './create.operation';
import { createOptionFields } from './create.operation';
import { segmentationProperties } from '../params/segmentation';
import { readWaitSettings } from '../params/waitOptions';
import type { BatchEntry, SettleFailure } from './batchEntries';
import { readAnalysisMode, readBatchEntry } from './batchEntries';
import { includeResultsField, readInclude } from './batchResults';
import { withAssets } from './batchAssets';
import { createBatch } from './batchSend';
import { batchOutcomes } from './batchOutput';

const general = { show: { analysisMode: ['general'] } };
const segmentation = { show: { analysisMode: ['segmentation'] } };
const waiting = { show: { '/waitForCompletion': [true] } };

function shownAlways(field: INodeProperties): INodeProperties {
	const { displayOptions: _shown, ...always } = field;
	return always;
}

/** Create's options, less the custom ID (a field of its own here) and with the batch's wait words. */
const optionFields: INodeProperties[] = [
	...createOptionFields
		.filter((field) => field.name !== 'customId')
		.map((field) => {
			// Shown always: the wait for a free batch slot (5 active per account) uses them too.
			if (field.name === 'maxWait') {
				return {
					...shownAlways(field),
					description:
						'How long to wait for the batch to finish (with Wait and Return Results; after that each video comes out with its status so far, marked stillRunning), and for one of the account’s 5 active batches to end when no more can start',
				};
			}
			if (field.name === 'pollInterval') return shownAlways(field);
			return field;
		}),
	{ ...includeResultsField, displayOptions: waiting },
].sort((a, b) => a.displayName.localeCompare(b.displayName));

const properties: INodeProperties[] = [
	modelProperty(undefined, PEGASUS_MODEL_OPTIONS.filter((option) => option.value === PEGASUS_1_5)),
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Asset', value: 'assetId', description: 'A video already stored in TwelveLabs; one still processing is waited for' },
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file on the input item (e.g. from Google Drive), uploaded as an asset first',
			},
			{ name: 'URL', value: 'url', description: 'A public direct link to the video file, registered as an asset first' },
		],
		// The same default as the task's Video Source: n8n keeps a value across parameters of one name.
		default: 'url',
		description: 'Where each item’s video comes from. Batches analyze assets, so URLs and files become assets first (several at a time).',
	},
	assetIdLocator({
		description: 'The video of this item, as a TwelveLabs asset (e.g. {{ $json.assetId }}). An asset still processing is waited for.',
		displayOptions: { show: { videoSource: ['assetId'] } },
	}),
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/video.mp4',
		description: 'Direct link to the raw video file of this item (up to 4 GB); TwelveLabs downloads it as an asset',
		displayOptions: { show: { videoSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input field containing the binary file data',
		description: 'Binary property of the input item that holds the video; it is uploaded as a TwelveLabs asset (up to 10 GB)',
		displayOptions: { show: { videoSource: ['binary'] } },
	},
	{
		displayName: 'Custom ID',
		name: 'customId',
		type: 'string',
		default: '',
		placeholder: 'e.g. webinar-042',
		description:
			'Your own label for this item’s video (1-64 letters, digits, - or _), returned with its result. Each must be unique within a batch.',
	},
	{
		displayName: 'Analysis Mode',
		name: 'analysisMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'General', value: 'general', description: 'Answer a prompt for every video, as text or as JSON that follows a schema' },
			{ name: 'Segmentation', value: 'segmentation', description: 'Find the segments you define in every video, with start and end times' },
		],
		default: 'general',
	},
	...promptProperties(general),
	...structuredOutputProperties(general),
	...segmentationProperties(segmentation),
	{
		displayName: 'Wait and Return Results',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: `Whether to wait until the batch has finished and output one item per video with its answer. Otherwise the output is one item per batch (up to ${MAX_BATCH_REQUESTS.toLocaleString('en-US')} videos each) with its ID, for a later Wait for Completion and Get Results.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: optionFields,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['create'] } }, properties);

/**
 * All input items become one batch (`POST /analyze/batches`), or several of up to 1,000 each.
 * Every item is read and checked first, and nothing is sent while one is wrong (with Continue
 * On Fail, a wrong item becomes an error item and the rest still go). With Wait and Return
 * Results, the batches are waited for and every video comes out as an item paired with the
 * input item it came from.
 */
export async function executeCreateBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode: AnalysisMode = readAnalysisMode(this);
	const continueOnFail = this.continueOnFail();
	const failures = new Map<number, unknown>();
	const settle: SettleFailure = (itemIndex, error) => {
		if (!continueOnFail) throw stoppingError(this, error, itemIndex);
		failures.set(itemIndex, error);
	};

	const outcomes = await settleEachItem(this, async function (itemIndex) {
		return await readBatchEntry(this, itemIndex, mode);
	});
	const entries: BatchEntry[] = [];
	for (const outcome of outcomes) {
		if (outcome.ok) entries.push(outcome.value);
		else failures.set(outcome.itemIndex, outcome.error);
	}
	const groups = inBatches(entries).map((group) => {
		const duplicates = duplicateCustomIds((itemIndex) => ({ node: this.getNode(), itemIndex }), group);
		for (const [itemIndex, error] of duplicates) settle(itemIndex, error);
		return group.filter((entry) => !duplicates.has(entry.itemIndex));
	});

	const first = groups.find((group) => group.length)?.[0]?.itemIndex ?? 0;
	const options = this.getNodeParameter('options', first, {}) as IDataObject;
	const scope = { node: this.getNode(), itemIndex: first };
	const waitForCompletion = this.getNodeParameter('waitForCompletion', first, false) as boolean;
	const slotWait = readWaitSettings(scope, options);
	const waitSettings = waitForCompletion ? slotWait : undefined;
	const assetWaitMs = readAssetWaitMs(scope, options);

	const created = [];
	for (const given of groups) {
		const group = await withAssets(this, given, assetWaitMs, settle);
		if (!group.length) continue;
		const batch = await createBatch(this, group, mode, assetWaitMs, slotWait, settle);
		if (batch) created.push(batch);
	}

	const items = await batchOutcomes(this, created, {
		wait: waitSettings,
		include: readInclude(options),
		splitIntoItems: options.splitIntoItems === true,
	});
	for (const [itemIndex, error] of failures) items.push({ itemIndex, items: [errorItem(error, itemIndex)] });
	return [items.sort((a, b) => a.itemIndex - b.itemIndex).flatMap((entry) => entry.items)];
}
