import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';

/** One output field as built in the editor. */
export interface SchemaFieldInput {
	name: string;
	type: string;
	description?: string;
	required?: boolean;
	/** Comma-separated allowed values (strings, numbers). */
	enumValues?: string;
	/** For arrays: the type of each item. */
	itemType?: string;
	/** For timestamps: seconds, hh:mm:ss or hh:mm:ss.fff. */
	timestampFormat?: string;
}

const FIELD_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'timestamp']);
const ITEM_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object']);

function enumList(raw: string, type: string): Array<string | number> {
	const values = raw.split(',').map((value) => value.trim()).filter(Boolean);
	return type === 'number' || type === 'integer' ? values.map(Number) : values;
}

/**
 * The JSON schema for fields built in the editor: an object whose properties come in the
 * order given (TwelveLabs keeps that order), the first one required as TwelveLabs advises.
 */
export function schemaFromFields(scope: ParameterScope, fields: SchemaFieldInput[]): IDataObject {
	const parameter = 'Output Fields';
	if (!fields.length) throw invalidParameter(scope, parameter, 'no fields are defined', 'Add at least one field, or choose another Structured Output mode.');
	const properties: IDataObject = {};
	const required: string[] = [];
	fields.forEach((field, index) => {
		const name = String(field.name ?? '').trim();
		const label = `${parameter} › ${name || `field ${index + 1}`}`;
		if (!name) throw invalidParameter(scope, label, 'has no name', 'Give every field a name, e.g. summary.');
		if (name in properties) throw invalidParameter(scope, label, 'is defined twice', 'Give every field its own name.');
		if (!FIELD_TYPES.has(field.type)) throw invalidParameter(scope, label, `"${field.type}" is not a field type`, `Use one of ${[...FIELD_TYPES].join(', ')}.`);
		const property: IDataObject = { type: field.type };
		if (field.description?.trim()) property.description = field.description.trim();
		if (field.type === 'array') {
			if (!field.itemType || !ITEM_TYPES.has(field.itemType)) throw invalidParameter(scope, label, 'is an array without an item type', 'Set Item Type (string, number, integer, boolean or object).');
			property.items = { type: field.itemType };
		}
		if (field.type === 'timestamp') property.format = field.timestampFormat || 'hh:mm:ss';
		const enumRaw = field.enumValues?.trim();
		if (enumRaw) {
			if (!['string', 'number', 'integer'].includes(field.type)) throw invalidParameter(scope, label, `allowed values need a string or number field, not ${field.type}`, 'Clear Allowed Values, or change the type.');
			const values = enumList(enumRaw, field.type);
			if (values.some((value) => typeof value === 'number' && Number.isNaN(value))) throw invalidParameter(scope, label, 'has allowed values that are not numbers', 'Separate numbers with commas, e.g. 1, 2, 3.');
			property.enum = values;
		}
		properties[name] = property;
		if (field.required || index === 0) required.push(name);
	});
	return { type: 'object', properties, required };
}
