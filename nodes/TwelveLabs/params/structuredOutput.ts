import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameter } from '../requests/invalidParameter';
import { checkJsonSchema, parseJsonSchema } from '../requests/jsonSchema';
import type { SchemaFieldInput } from '../requests/schemaFields';
import { schemaFromFields } from '../requests/schemaFields';
import { fieldValueProperties } from './fieldValues';
import { alphabetical, withShow } from './propertyLayout';

export type StructuredOutputMode = 'none' | 'jsonSchema' | 'fields';

const EXAMPLE_SCHEMA = JSON.stringify(
	{
		type: 'object',
		properties: {
			summary: { type: 'string', description: 'Two or three sentences about the video' },
			topics: { type: 'array', items: { type: 'string' } },
		},
		required: ['summary'],
	},
	null,
	2,
);

/**
 * The structured-output block: `structuredOutput` (none, a typed JSON schema, or fields built in
 * the editor), `jsonSchema`, and `outputFields` (a fixed collection `outputFields.fields`).
 */
export function structuredOutputProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Structured Output',
			name: 'structuredOutput',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Define Fields Below',
					value: 'fields',
					description: 'Build the answer’s fields here; the answer is returned as JSON with those fields',
				},
				{
					name: 'JSON Schema',
					value: 'jsonSchema',
					description: 'Type a JSON schema; the answer is returned as JSON that follows it',
				},
				{ name: 'None (Text)', value: 'none', description: 'The answer is free text' },
			],
			default: 'none',
			...(displayOptions ? { displayOptions } : {}),
		},
		{
			displayName: 'JSON Schema',
			name: 'jsonSchema',
			type: 'json',
			typeOptions: { rows: 10 },
			default: EXAMPLE_SCHEMA,
			description:
				'JSON Schema (draft 2020-12) for the answer. TwelveLabs rejects additionalProperties, minLength, maxLength, uniqueItems, maxItems and minItems above 1; Pegasus 1.5 adds a "timestamp" type.',
			displayOptions: withShow(displayOptions, { structuredOutput: ['jsonSchema'] }),
		},
		{
			displayName: 'Output Fields',
			name: 'outputFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Field',
			default: {},
			description: 'The fields of the answer, in this order; the first one is always required',
			displayOptions: withShow(displayOptions, { structuredOutput: ['fields'] }),
			options: [
				{
					displayName: 'Field',
					name: 'fields',
					values: alphabetical(
						fieldValueProperties({
							labelPrefix: 'Field ',
							timestampTypeName: 'Timestamp (Pegasus 1.5)',
							enumTypes: ['string', 'number', 'integer'],
							itemTypes: ['boolean', 'integer', 'number', 'object', 'string'],
							required: true,
							texts: {
								name: { placeholder: 'e.g. summary' },
								description: { description: 'Tells the model what to put in the field' },
								enumValues: {
									placeholder: 'e.g. positive, neutral, negative',
									description: 'Comma-separated values the field may take (string and number fields)',
								},
							},
						}),
					),
				},
			],
		},
	];
}

/** The request's `response_format` for the item, checked against `model`, and whether the answer is JSON. */
export interface ResponseFormat {
	fields: IDataObject;
	structured: boolean;
}

export function readResponseFormat(ctx: IExecuteFunctions, itemIndex: number, model: string): ResponseFormat {
	const scope = { node: ctx.getNode(), itemIndex };
	const mode = ctx.getNodeParameter('structuredOutput', itemIndex, 'none') as StructuredOutputMode;
	let schema: IDataObject;
	let parameter: string;
	switch (mode) {
		case 'none':
			return { fields: {}, structured: false };
		case 'jsonSchema':
			parameter = 'JSON Schema';
			schema = parseJsonSchema(scope, parameter, ctx.getNodeParameter('jsonSchema', itemIndex, ''));
			break;
		case 'fields':
			parameter = 'Output Fields';
			schema = schemaFromFields(
				scope,
				ctx.getNodeParameter('outputFields.fields', itemIndex, []) as SchemaFieldInput[],
			);
			break;
		default:
			throw invalidParameter(
				scope,
				'Structured Output',
				`"${String(mode)}" is not a structured-output mode`,
				'Choose None, JSON Schema or Define Fields Below.',
			);
	}
	checkJsonSchema(scope, parameter, model, schema);
	return { fields: { response_format: { type: 'json_schema', json_schema: schema } }, structured: true };
}
