import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';
import { modelRules } from './models';

/** Keywords TwelveLabs answers with 422, and what to do instead. */
const REJECTED_KEYWORDS: Record<string, string> = {
	additionalProperties: 'remove it; objects only return the properties you list',
	minLength: 'remove it, or describe the length in the property description',
	maxLength: 'remove it, or describe the length in the property description',
	uniqueItems: 'remove it, or ask for distinct values in the description',
	maxItems: 'remove it, or say how many items you want in the description',
};

export const TIMESTAMP_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const TIME_PROPERTY_NAMES = new Set(['start_time', 'end_time']);

type SchemaNode = Record<string, unknown>;

function isRecord(value: unknown): value is SchemaNode {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(node: SchemaNode): string[] {
	const type = node.type;
	if (typeof type === 'string') return [type];
	return Array.isArray(type) ? type.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Parses the user's schema text, pointing at the position of a syntax error. */
export function parseJsonSchema(scope: ParameterScope, parameter: string, value: unknown): IDataObject {
	let schema: unknown = value;
	if (typeof value === 'string') {
		if (!value.trim()) throw invalidParameter(scope, parameter, 'is empty', 'Paste a JSON schema, e.g. {"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"]}.');
		try {
			schema = JSON.parse(value);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw invalidParameter(scope, parameter, `is not valid JSON (${detail})`, 'Fix the JSON syntax: keys and strings in double quotes, no trailing commas.');
		}
	}
	if (!isRecord(schema)) {
		throw invalidParameter(scope, parameter, 'is not a JSON object', 'A JSON schema is an object such as {"type":"object","properties":{...}}.');
	}
	return schema as IDataObject;
}

/**
 * Checks a schema against what TwelveLabs accepts (draft 2020-12 with restrictions, plus the
 * custom `timestamp` type), so a schema the API would refuse fails here, with its path.
 */
export function checkJsonSchema(scope: ParameterScope, parameter: string, model: string, schema: IDataObject): void {
	const fail = (path: string, problem: string, fix: string): never => {
		throw invalidParameter(scope, parameter, `${problem} at ${path}`, fix);
	};
	const rules = modelRules(model, 'sync');

	/** `timestampAllowed`: a top-level property, or a property of an object directly inside a top-level array's items. */
	const visit = (node: unknown, path: string, timestampAllowed: boolean, propertyName?: string): void => {
		if (!isRecord(node)) return;
		for (const [keyword, fix] of Object.entries(REJECTED_KEYWORDS)) {
			if (keyword in node) fail(path, `"${keyword}" is not supported by TwelveLabs`, `Remove "${keyword}": ${fix}.`);
		}
		if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/$defs/')) {
			const name = node.$ref.startsWith('#/definitions/') ? node.$ref.slice('#/definitions/'.length) : undefined;
			fail(
				path,
				`"$ref": "${node.$ref}" points outside "$defs"`,
				name !== undefined
					? `TwelveLabs only resolves subschemas under "$defs": rename "definitions" to "$defs" and write "$ref": "#/$defs/${name}".`
					: 'TwelveLabs only resolves subschemas under "$defs": move the subschema there and write "$ref": "#/$defs/<name>".',
			);
		}
		if (typeof node.minItems === 'number' && node.minItems > 1) {
			fail(path, `"minItems": ${node.minItems} is not supported (only 0 or 1)`, 'Use "minItems": 0 or 1, and say how many items you want in the description.');
		}
		const types = typesOf(node);
		if (types.includes('timestamp')) {
			if (!rules.pegasus15Features) fail(path, 'the "timestamp" type needs Pegasus 1.5', 'Choose Pegasus 1.5, or use "number" for seconds.');
			if (!timestampAllowed) {
				fail(path, 'a "timestamp" is only allowed as a top-level property or in objects directly inside a top-level array', 'Move the timestamp up, or use "number" for seconds.');
			}
			if (!TIMESTAMP_FORMATS.includes(String(node.format))) {
				fail(path, `a "timestamp" needs "format" set to one of ${TIMESTAMP_FORMATS.join(', ')}`, 'Add e.g. "format": "hh:mm:ss".');
			}
		}
		if (propertyName && TIME_PROPERTY_NAMES.has(propertyName)) {
			const refused = types.find((type) => ['boolean', 'object', 'array', 'null'].includes(type));
			if (refused) fail(path, `"${propertyName}" cannot be of type "${refused}"`, `Declare ${propertyName} as number, integer, string or timestamp.`);
			if (types.includes('string') && 'format' in node) fail(path, `"${propertyName}" as a string cannot have a "format"`, 'Remove "format"; TwelveLabs writes it as hh:mm:ss.fff.');
		}

		const depth = path.split('.properties.').length - 1;
		if (isRecord(node.properties)) {
			for (const [name, child] of Object.entries(node.properties)) {
				// Properties of the root object, or of an object that is the items of a top-level array.
				const allowed = path === '$' || path === '$.items' || (depth === 1 && path.endsWith('.items'));
				visit(child, `${path}.properties.${name}`, allowed, name);
			}
		}
		if (node.items !== undefined) visit(node.items, `${path}.items`, false);
		if (Array.isArray(node.anyOf)) node.anyOf.forEach((child, index) => visit(child, `${path}.anyOf[${index}]`, false));
		if (isRecord(node.$defs)) {
			for (const [name, child] of Object.entries(node.$defs)) visit(child, `${path}.$defs.${name}`, false);
		}
		for (const keyword of ['oneOf', 'allOf', 'not']) {
			if (keyword in node) fail(path, `"${keyword}" is not supported (only "anyOf" is)`, 'Rewrite it with "anyOf".');
		}
	};
	visit(schema, '$', false);
}
