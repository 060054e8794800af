import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldValueProperties } from '../../TwelveLabs/params/fieldValues';
import { parameterText } from '../../TwelveLabs/params/parameterText';
import { withShow } from '../../TwelveLabs/params/propertyLayout';
import type { ReferenceImageParameter } from '../../TwelveLabs/params/referenceImages';
import { readReferenceImages, referenceImageInputs, referenceImagesProperty } from '../../TwelveLabs/params/referenceImages';
import type { ParameterScope } from '../../TwelveLabs/requests/invalidParameter';
import { invalidParameter } from '../../TwelveLabs/requests/invalidParameter';
import { MAX_REFERENCE_IMAGES } from '../../TwelveLabs/requests/prompt';
import type { SegmentDefinition, SegmentDefinitionInput, SegmentFieldInput } from '../../TwelveLabs/requests/segments';
import {
	MAX_ENUM_VALUES,
	MAX_SEGMENT_DEFINITIONS,
	SEGMENT_ITEM_TYPES,
	parseSegmentationJson,
	segmentDefinitionsFromEditor,
	segmentationBody,
} from '../../TwelveLabs/requests/segments';

export const DEFINITIONS_PARAMETER = 'Segment Definitions';
export const DEFINITIONS_JSON_PARAMETER = 'Segment Definitions (JSON)';

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

const fieldValues = fieldValueProperties({
	labelPrefix: '',
	// Segmentation needs Pegasus 1.5, so the timestamp type needs no note of its model.
	timestampTypeName: 'Timestamp',
	enumTypes: ['string', 'number', 'integer', 'boolean'],
	itemTypes: SEGMENT_ITEM_TYPES,
	required: false,
	texts: {
		name: { placeholder: 'e.g. scorer', description: 'The key of the field in each segment' },
		description: {
			placeholder: 'e.g. Name or shirt number of the player who scored',
			description: 'Tells the model what to put in the field (required)',
		},
		enumValues: {
			placeholder: 'e.g. home, away',
			description: `Comma-separated values the field may take, at most ${MAX_ENUM_VALUES}`,
		},
		timestampFormat: {
			description: 'How the time is written. A timestamp field cannot be named start_time, end_time or metadata.',
		},
	},
});

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
	referenceImagesProperty({
		description: `Up to ${MAX_REFERENCE_IMAGES} images that help the model recognise this kind of segment`,
		labelPrefix: '',
		nameDescription: 'Short name without spaces',
		alphabeticalValues: false,
	}),
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

interface DefinitionParameter {
	id?: string;
	description?: string;
	fields?: { fields?: SegmentFieldInput[] };
	referenceImages?: { images?: ReferenceImageParameter[] };
	timeRanges?: { ranges?: Array<{ startTime?: number; endTime?: number }> };
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
	/** Binary reference images: definition index -> image name -> input binary field. */
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
			const images = referenceImageInputs(definition.referenceImages?.images ?? []);
			if (images.binaryFields.size) binaryImages.set(index, images.binaryFields);
			return {
				id: parameterText(definition.id),
				description: parameterText(definition.description),
				fields: definition.fields?.fields ?? [],
				referenceImages: images.images,
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

	for (const [index, binaryFields] of binaryImages) {
		const definition = definitions[index];
		const images = `${parameter} › ${definition.id} › Reference Images`;
		await readReferenceImages(ctx, itemIndex, images, definition.media_sources ?? [], binaryFields);
	}
	return body;
}
