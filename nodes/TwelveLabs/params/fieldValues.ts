import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The wording of one property where the rows are used. */
type PropertyText = Pick<INodeProperties, 'placeholder' | 'description'>;

export interface FieldValueOptions {
	/** Put before Name, Type and Description, e.g. "Field " where the rows sit under "Output Fields". */
	labelPrefix: string;
	/** Option name of the timestamp type, e.g. to say which model has it. */
	timestampTypeName: string;
	/** The field types that may take Allowed Values (the API's rules differ per use). */
	enumTypes: string[];
	/** The types an array's entries may have. */
	itemTypes: string[];
	/** Offer Required: a JSON schema has it, segment fields do not. */
	required: boolean;
	texts: {
		name: PropertyText;
		description: PropertyText;
		enumValues: PropertyText;
		timestampFormat?: PropertyText;
	};
}

const ITEM_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Integer', value: 'integer' },
	{ name: 'Number', value: 'number' },
	{ name: 'Object', value: 'object' },
	{ name: 'String', value: 'string' },
];

export const TIMESTAMP_FORMAT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Clock (HH:MM:SS)', value: 'hh:mm:ss' },
	{ name: 'Clock With Milliseconds (HH:MM:SS.FFF)', value: 'hh:mm:ss.fff' },
	{ name: 'Seconds (e.g. 65.5)', value: 'seconds' },
];

const REQUIRED: INodeProperties = {
	displayName: 'Required',
	name: 'required',
	type: 'boolean',
	default: false,
	description: 'Whether the answer must always contain the field',
};

/**
 * The values of one field row built in the editor ({name, type, description, enumValues,
 * itemType, timestampFormat, required?}): JSON-schema Output Fields and segment custom fields.
 */
export function fieldValueProperties(options: FieldValueOptions): INodeProperties[] {
	const { labelPrefix, texts } = options;
	return [
		{
			displayName: `${labelPrefix}Name`,
			name: 'name',
			type: 'string',
			default: '',
			...texts.name,
		},
		{
			displayName: `${labelPrefix}Type`,
			name: 'type',
			type: 'options',
			options: [
				{ name: 'Array', value: 'array' },
				{ name: 'Boolean', value: 'boolean' },
				{ name: 'Integer', value: 'integer' },
				{ name: 'Number', value: 'number' },
				{ name: 'String', value: 'string' },
				{ name: options.timestampTypeName, value: 'timestamp' },
			],
			default: 'string',
		},
		{
			displayName: `${labelPrefix}Description`,
			name: 'description',
			type: 'string',
			default: '',
			...texts.description,
		},
		{
			displayName: 'Allowed Values',
			name: 'enumValues',
			type: 'string',
			default: '',
			...texts.enumValues,
			displayOptions: { show: { type: options.enumTypes } },
		},
		{
			displayName: 'Item Type',
			name: 'itemType',
			type: 'options',
			options: ITEM_TYPE_OPTIONS.filter((option) => options.itemTypes.includes(String(option.value))),
			default: 'string',
			description: 'The type of each entry of the array',
			displayOptions: { show: { type: ['array'] } },
		},
		...(options.required ? [REQUIRED] : []),
		{
			displayName: 'Timestamp Format',
			name: 'timestampFormat',
			type: 'options',
			options: TIMESTAMP_FORMAT_OPTIONS,
			default: 'hh:mm:ss',
			...texts.timestampFormat,
			displayOptions: { show: { type: ['timestamp'] } },
		},
	];
}
