import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryAsBase64, readBinaryInput } from '../../TwelveLabs/execution/binaryInput';
import type { ParameterScope } from '../../TwelveLabs/requests/invalidParameter';
import { invalidParameter } from '../../TwelveLabs/requests/invalidParameter';
import type { ReferenceImageInput } from '../../TwelveLabs/requests/prompt';
import { MAX_REFERENCE_IMAGES } from '../../TwelveLabs/requests/prompt';
import type { SegmentDefinition, SegmentDefinitionInput, SegmentFieldInput } from '../../TwelveLabs/requests/segments';
import {
	MAX_ENUM_VALUES,
	MAX_SEGMENT_DEFINITIONS,
	parseSegmentationJson,
	segmentDefinitionsFromEditor,
	segmentationBody,
} from '../../TwelveLabs/requests/segments';

export const DEFINITIONS_PARAMETER = 'Segment Definitions';
export const DEFINITIONS_JSON_PARAMETER = 'Segment Definitions (JSON)';

function withShow(displayOptions: IDisplayOptions | undefined, show: IDisplayOptions['show']): IDisplayOptions {
	return { ...displayOptions, show: { ...displayOptions?.show, ...show } };
}

const EXAMPLE_JSON = JSON.stringify(
	[
		{
			id: 'goal',
			description: 'A player scores a goal',
			fields: [
				{ name: 'scorer', type: 'string', description: 'Name or shirt number of the player who scored' },
				{ name: 'team', type: 'string', description: 'The scoring team', enum: ['home', 'away'] },
			],
		},
	],
	null,
	2,
);

const fieldValues: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. scorer',
		description: 'The key of the field in each segment',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Array', value: 'array' },
			{ name: 'Boolean', value: 'boolean' },
			{ name: 'Integer', value: 'integer' },
			{ name: 'Number', value: 'number' },
			{ name: 'String', value: 'string' },
			{ name: 'Timestamp', value: 'timestamp' },
		],
		default: 'string',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'e.g. Name or shirt number of the player who scored',
		description: 'Tells the model what to put in the field (required)',
	},
	{
		displayName: 'Allowed Values',
		name: 'enumValues',
		type: 'string',
		default: '',
		placeholder: 'e.g. home, away',
		description: `Comma-separated values the field may take, at most ${MAX_ENUM_VALUES}`,
		displayOptions: { show: { type: ['string', 'number', 'integer', 'boolean'] } },
	},
	{
		displayName: 'Item Type',
		name: 'itemType',
		type: 'options',
		options: [
			{ name: 'Boolean', value: 'boolean' },
			{ name: 'Integer', value: 'integer' },
			{ name: 'Number', value: 'number' },
			{ name: 'String', value: 'string' },
		],
		default: 'string',
		description: 'The type of each entry of the array',
		displayOptions: { show: { type: ['array'] } },
	},
	{
		displayName: 'Timestamp Format',
		name: 'timestampFormat',
		type: 'options',
		options: [
			{ name: 'Hh:mm:ss', value: 'hh:mm:ss' },
			{ name: 'Hh:mm:ss.fff', value: 'hh:mm:ss.fff' },
			{ name: 'Seconds', value: 'seconds' },
		],
		default: 'hh:mm:ss',
		description: 'How the time is written. A timestamp field cannot be named start_time, end_time or metadata.',
		displayOptions: { show: { type: ['timestamp'] } },
	},
];

const imageValues: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. logo',
		description: 'Short name without spaces',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Asset ID', value: 'assetId', description: 'An image stored in TwelveLabs' },
			{ name: 'Binary File', value: 'binary', description: 'An image on the input item, up to 30 MB' },
			{ name: 'URL', value: 'url', description: 'A public HTTPS link to the image' },
		],
		default: 'url',
	},
	{
		displayName: 'Image URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://cdn.example.com/logo.png',
		displayOptions: { show: { source: ['url'] } },
	},
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		default: '',
		displayOptions: { show: { source: ['assetId'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the input field containing the binary file data',
		displayOptions: { show: { source: ['binary'] } },
	},
];

const definitionValues: INodeProperties[] = [
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		default: '',
		placeholder: 'e.g. goal',
		description: 'Short, unique name of this kind of segment; the results are grouped by it',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. A player scores a goal',
		description: 'What this kind of segment looks like in the video (required)',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'Values to extract for each segment found',
		options: [{ displayName: 'Field', name: 'fields', values: fieldValues }],
	},
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reference Image',
		default: {},
		description: `Up to ${MAX_REFERENCE_IMAGES} images that help the model recognise this kind of segment`,
		options: [{ displayName: 'Image', name: 'images', values: imageValues }],
	},
	{
		displayName: 'Time Ranges',
		name: 'timeRanges',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Time Range',
		default: {},
		description:
			'Look for this kind of segment only in these parts of the video (each at least 2 s, not overlapping). Cannot be combined with a clip window or segment durations.',
		options: [
			{
				displayName: 'Range',
				name: 'ranges',
				values: [
					{
						displayName: 'Start (Seconds)',
						name: 'startTime',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 3 },
						default: 0,
					},
					{
						displayName: 'End (Seconds)',
						name: 'endTime',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 3 },
						default: 10,
					},
				],
			},
		],
	},
];

/**
 * The segmentation block: `segmentDefinitionsInput` (editor or JSON), the fixed collection
 * `segmentDefinitions.definitions`, and `segmentDefinitionsJson`.
 */
export function segmentationProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Define Segments',
			name: 'segmentDefinitionsInput',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'In the Editor', value: 'editor', description: 'Build the segment definitions below' },
				{ name: 'As JSON', value: 'json', description: 'Give the segment definitions as JSON, as the API documents them' },
			],
			default: 'editor',
			...(displayOptions ? { displayOptions } : {}),
		},
		{
			displayName: DEFINITIONS_PARAMETER,
			name: 'segmentDefinitions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Segment Definition',
			default: {},
			description: `The kinds of segment to find, 1 to ${MAX_SEGMENT_DEFINITIONS} (each is billed separately)`,
			displayOptions: withShow(displayOptions, { segmentDefinitionsInput: ['editor'] }),
			options: [{ displayName: 'Definition', name: 'definitions', values: definitionValues }],
		},
		{
			displayName: DEFINITIONS_JSON_PARAMETER,
			name: 'segmentDefinitionsJson',
			type: 'json',
			typeOptions: { rows: 12 },
			default: EXAMPLE_JSON,
			description:
				'A list of segment definitions as the API documents them (each with an ID, a description, and optionally fields, media_sources and time_ranges), or a response_format object holding "segment_definitions" (and optionally "segment_time_format", "min_segment_duration", "max_segment_duration")',
			displayOptions: withShow(displayOptions, { segmentDefinitionsInput: ['json'] }),
		},
	];
}

interface ImageParameter {
	name?: string;
	source?: string;
	url?: string;
	assetId?: string;
	binaryPropertyName?: string;
}

interface DefinitionParameter {
	id?: string;
	description?: string;
	fields?: { fields?: SegmentFieldInput[] };
	referenceImages?: { images?: ImageParameter[] };
	timeRanges?: { ranges?: Array<{ startTime?: number; endTime?: number }> };
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export interface SegmentationSettings {
	minSegmentDuration?: number;
	maxSegmentDuration?: number;
	segmentTimeFormat?: string;
	clipWindowSet: boolean;
}

/** A setting given both in the JSON and as a node option: one place only, so nothing is silently ignored. */
function oneOf<T>(
	scope: ParameterScope,
	option: { name: string; value: T | undefined },
	fromJson: { key: string; value: T | undefined },
): T | undefined {
	if (option.value !== undefined && fromJson.value !== undefined) {
		throw invalidParameter(
			scope,
			option.name,
			`is set both as an option and as "${fromJson.key}" in ${DEFINITIONS_JSON_PARAMETER}`,
			'Keep one of the two.',
		);
	}
	return option.value ?? fromJson.value;
}

/**
 * `analysis_mode`, `response_format` and the segment durations for the item. Every rule is
 * checked before a binary reference image is read, and the images are read only when all pass.
 */
export async function readSegmentation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: string,
	settings: SegmentationSettings,
): Promise<IDataObject> {
	const scope = { node: ctx.getNode(), itemIndex };
	const input = ctx.getNodeParameter('segmentDefinitionsInput', itemIndex, 'editor') as string;
	let definitions: SegmentDefinition[];
	let parameter: string;
	let { minSegmentDuration, maxSegmentDuration, segmentTimeFormat } = settings;
	/** Binary reference images: definition index -> image name -> binary property. */
	const binaryImages = new Map<number, Map<string, string>>();

	if (input === 'json') {
		parameter = DEFINITIONS_JSON_PARAMETER;
		const parsed = parseSegmentationJson(scope, parameter, ctx.getNodeParameter('segmentDefinitionsJson', itemIndex, ''));
		definitions = parsed.definitions;
		minSegmentDuration = oneOf(scope, { name: 'Min Segment Duration', value: minSegmentDuration }, { key: 'min_segment_duration', value: parsed.minSegmentDuration });
		maxSegmentDuration = oneOf(scope, { name: 'Max Segment Duration', value: maxSegmentDuration }, { key: 'max_segment_duration', value: parsed.maxSegmentDuration });
		segmentTimeFormat = oneOf(scope, { name: 'Segment Time Format', value: segmentTimeFormat }, { key: 'segment_time_format', value: parsed.segmentTimeFormat });
	} else if (input === 'editor') {
		parameter = DEFINITIONS_PARAMETER;
		const given = ctx.getNodeParameter('segmentDefinitions.definitions', itemIndex, []) as DefinitionParameter[];
		const inputs = given.map((definition, index): SegmentDefinitionInput => {
			const images = (definition.referenceImages?.images ?? []).map((image): ReferenceImageInput => {
				const name = text(image.name).trim();
				if (image.source === 'assetId') return { name, source: 'assetId', assetId: text(image.assetId) };
				if (image.source === 'binary') {
					const forDefinition = binaryImages.get(index) ?? new Map<string, string>();
					forDefinition.set(name, text(image.binaryPropertyName));
					binaryImages.set(index, forDefinition);
					// Checked with an empty stand-in; the bytes are read once every rule passed.
					return { name, source: 'binary', base64: '' };
				}
				return { name, source: 'url', url: text(image.url) };
			});
			return {
				id: text(definition.id),
				description: text(definition.description),
				fields: definition.fields?.fields ?? [],
				referenceImages: images,
				timeRanges: (definition.timeRanges?.ranges ?? []).map((range) => ({
					startTime: Number(range.startTime),
					endTime: Number(range.endTime),
				})),
			};
		});
		definitions = segmentDefinitionsFromEditor(scope, parameter, inputs);
	} else {
		throw invalidParameter(scope, 'Define Segments', `"${input}" is not a choice`, 'Choose In the Editor or As JSON.');
	}

	const body = segmentationBody(scope, model, {
		definitions,
		parameter,
		minSegmentDuration,
		maxSegmentDuration,
		segmentTimeFormat,
		clipWindowSet: settings.clipWindowSet,
	});

	for (const [index, images] of binaryImages) {
		const definition = definitions[index];
		for (const source of definition.media_sources ?? []) {
			const propertyName = images.get(String(source.name));
			if (propertyName === undefined) continue;
			const label = `${parameter} › ${definition.id} › Reference Images › ${String(source.name)} › Input Binary Field`;
			const binary = await readBinaryInput(ctx, itemIndex, label, propertyName);
			source.base64_string = await binaryAsBase64(
				ctx,
				itemIndex,
				binary,
				label,
				'Upload the image with the TwelveLabs Asset node and give it by Asset ID, or give a URL.',
			);
		}
	}
	return body;
}
