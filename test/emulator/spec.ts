/**
 * The OpenAPI document and everything validated against it: which operation a request hits,
 * its parameters and body, and the emulator's own responses.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface ParameterObject {
	name: string;
	in: 'query' | 'path' | 'header' | 'cookie';
	required?: boolean;
	schema?: JsonObject;
}

interface OperationObject {
	operationId?: string;
	parameters?: ParameterObject[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
	responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonObject }> }>;
}

export interface SpecOperation {
	method: string;
	/** e.g. '/assets/{asset_id}' */
	template: string;
	operation: OperationObject;
	/** JSON pointer (unescaped parts) to the operation in the document. */
	pointer: string[];
}

export interface MatchedOperation {
	spec: SpecOperation;
	pathParams: Record<string, string>;
}

interface CompiledPath {
	spec: SpecOperation;
	regex: RegExp;
	names: string[];
	/** Literal segments count first, so '/assets/multipart-uploads' beats '/assets/{asset_id}'. */
	literals: number;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
export const CANCEL_TEMPLATE = '/analyze/tasks/{task_id}/cancel';
const DOC_ID = 'tl';

let rawDocument: JsonObject | undefined;
function loadDocument(): JsonObject {
	rawDocument ??= JSON.parse(readFileSync(join(__dirname, 'twelvelabs-openapi.json'), 'utf8')) as JsonObject;
	return rawDocument;
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerUri(parts: string[]): string {
	return `${DOC_ID}#/${parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

function resolveLocalRef(doc: JsonObject, ref: string): JsonObject | undefined {
	if (!ref.startsWith('#/')) return undefined;
	let node: Json = doc;
	for (const raw of ref.slice(2).split('/')) {
		const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
		if (!isObject(node)) return undefined;
		node = node[key];
	}
	return isObject(node) ? node : undefined;
}

/**
 * Ajv's `discriminator` support wants the tag property inline with `enum`/`const` and required in
 * every branch; the document puts it behind `$ref`s. Inline those, and drop the keyword (falling back
 * to plain `oneOf`) where the shape still does not fit.
 */
function prepareDiscriminators(doc: JsonObject): void {
	const visit = (node: Json): void => {
		if (Array.isArray(node)) {
			node.forEach(visit);
			return;
		}
		if (!isObject(node)) return;
		for (const value of Object.values(node)) visit(value);
		const discriminator = node.discriminator;
		if (!isObject(discriminator)) return;
		const tag = discriminator.propertyName;
		const oneOf = node.oneOf;
		let usable = typeof tag === 'string' && Array.isArray(oneOf) && discriminator.mapping === undefined;
		if (usable && typeof tag === 'string' && Array.isArray(oneOf)) {
			for (const branchRef of oneOf) {
				const branch =
					isObject(branchRef) && typeof branchRef.$ref === 'string' ? resolveLocalRef(doc, branchRef.$ref) : branchRef;
				const properties = isObject(branch) ? branch.properties : undefined;
				let prop = isObject(properties) ? properties[tag] : undefined;
				if (isObject(prop) && typeof prop.$ref === 'string' && isObject(properties)) {
					const target = resolveLocalRef(doc, prop.$ref);
					if (target) {
						prop = JSON.parse(JSON.stringify(target)) as JsonObject;
						properties[tag] = prop;
					}
				}
				const required = isObject(branch) && Array.isArray(branch.required) && branch.required.includes(tag);
				if (!isObject(prop) || !(Array.isArray(prop.enum) || typeof prop.const === 'string') || !required) usable = false;
			}
		}
		if (!usable) delete node.discriminator;
	};
	visit(doc);
}

/** The later-spec cancel endpoint and `canceled` status, added when the extension is on. */
function addCancelExtension(doc: JsonObject): void {
	const schemas = (doc.components as JsonObject).schemas as JsonObject;
	const status = schemas.AnalyzeTaskStatus as JsonObject;
	status.enum = [...(status.enum as string[]), 'canceled'];
	schemas.CancelAnalyzeTaskResponse = {
		type: 'object',
		properties: { task_id: { type: 'string' }, status: { type: 'string', enum: ['canceled'] } },
		required: ['task_id', 'status'],
	};
	const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
	(doc.paths as JsonObject)[CANCEL_TEMPLATE] = {
		post: {
			operationId: 'cancel',
			parameters: [
				{ name: 'task_id', in: 'path', required: true, schema: { type: 'string' } },
				{ name: 'x-api-key', in: 'header', required: true, schema: { type: 'string' } },
			],
			responses: {
				'200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/CancelAnalyzeTaskResponse' } } } },
				'404': { content: errorContent },
				'409': { content: errorContent },
			},
		},
	};
}

/**
 * Request bodies only: objects that declare properties reject undeclared ones (the API has a
 * `parameter_unknown` error), so a misspelt field is caught. Free-form objects (no or empty
 * `properties`, or an `additionalProperties` of their own) stay open. The document's
 * required-but-undeclared `description` of segment definitions and fields is declared first.
 */
function forbidUnknownProperties(doc: JsonObject): void {
	const schemas = (doc.components as JsonObject).schemas as JsonObject;
	for (const name of ['SegmentDefinition', 'SegmentField']) {
		const schema = schemas[name];
		if (isObject(schema) && isObject(schema.properties) && !('description' in schema.properties)) {
			schema.properties.description = { type: 'string' };
		}
	}
	const visit = (node: Json): void => {
		if (Array.isArray(node)) {
			node.forEach(visit);
			return;
		}
		if (!isObject(node)) return;
		for (const value of Object.values(node)) visit(value);
		if (
			isObject(node.properties) &&
			Object.keys(node.properties).length > 0 &&
			Object.values(node.properties).every(isObject) &&
			node.additionalProperties === undefined &&
			node.unevaluatedProperties === undefined
		) {
			node.unevaluatedProperties = false;
		}
	};
	visit(doc);
}

function newAjv(coerce: boolean): Ajv2020 {
	const ajv = new Ajv2020({
		strict: false,
		allErrors: true,
		verbose: true,
		discriminator: true,
		coerceTypes: coerce ? 'array' : false,
		validateSchema: false,
	});
	addFormats(ajv);
	for (const format of ['binary', 'double', 'float', 'int32', 'int64', 'byte', 'password']) ajv.addFormat(format, true);
	for (const keyword of ['example', 'xml', 'externalDocs', 'x-fern-sdk-group-name']) {
		if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
	}
	return ajv;
}

function displayPath(instancePath: string): string {
	return instancePath
		.split('/')
		.slice(1)
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
		.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
		.join('')
		.replace(/^\./, '');
}

function show(value: unknown): string {
	const text = JSON.stringify(value);
	if (text === undefined) return String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export class SpecValidator {
	readonly doc: JsonObject;
	private readonly paths: CompiledPath[] = [];
	private readonly plain: Ajv2020;
	/** Like `plain`, over a copy of the document where request objects reject unknown properties. */
	private readonly strict: Ajv2020;
	private readonly coercing: Ajv2020;
	private readonly cache = new Map<string, ValidateFunction>();

	constructor(readonly cancelExtension: boolean) {
		this.doc = JSON.parse(JSON.stringify(loadDocument())) as JsonObject;
		if (cancelExtension) addCancelExtension(this.doc);
		prepareDiscriminators(this.doc);
		this.plain = newAjv(false);
		this.coercing = newAjv(true);
		this.plain.addSchema(this.doc, DOC_ID);
		const strictDoc = JSON.parse(JSON.stringify(this.doc)) as JsonObject;
		forbidUnknownProperties(strictDoc);
		this.strict = newAjv(false);
		this.strict.addSchema(strictDoc, DOC_ID);
		this.coercing.addSchema(this.doc, DOC_ID);
		for (const [template, item] of Object.entries(this.doc.paths as JsonObject)) {
			if (!isObject(item)) continue;
			for (const method of HTTP_METHODS) {
				const operation = item[method];
				if (!isObject(operation)) continue;
				const names: string[] = [];
				const segments = template.split('/').slice(1);
				const pattern = segments
					.map((seg) => {
						const m = /^\{([^}]+)\}$/.exec(seg);
						if (m) {
							names.push(m[1]);
							return '([^/]+)';
						}
						return seg.replace(/[.*+?^${}()|[\]\\:]/g, (c) => `\\${c}`);
					})
					.join('/');
				this.paths.push({
					spec: {
						method: method.toUpperCase(),
						template,
						operation: operation as unknown as OperationObject,
						pointer: ['paths', template, method],
					},
					regex: new RegExp(`^/${pattern}/?$`),
					names,
					literals: segments.length - names.length,
				});
			}
		}
		this.paths.sort((a, b) => b.literals - a.literals);
	}

	/** The operation for this method and path (path without /v1.3), or undefined. */
	match(method: string, path: string): MatchedOperation | undefined {
		for (const candidate of this.paths) {
			if (candidate.spec.method !== method.toUpperCase()) continue;
			const m = candidate.regex.exec(path);
			if (!m) continue;
			const pathParams: Record<string, string> = {};
			candidate.names.forEach((name, i) => {
				pathParams[name] = decodeURIComponent(m[i + 1]);
			});
			return { spec: candidate.spec, pathParams };
		}
		return undefined;
	}

	/** Methods the document declares for a path (to tell "wrong method" from "unknown path"). */
	methodsFor(path: string): string[] {
		return this.paths.filter((p) => p.regex.test(path)).map((p) => p.spec.method);
	}

	private compile(ajv: Ajv2020, key: string, schema: JsonObject): ValidateFunction {
		const cacheKey = `${ajv === this.plain ? 'p' : ajv === this.strict ? 's' : 'c'}:${key}`;
		let fn = this.cache.get(cacheKey);
		if (!fn) {
			fn = ajv.compile(schema);
			this.cache.set(cacheKey, fn);
		}
		return fn;
	}

	/**
	 * Validates path and query parameters. Returns the errors and the query coerced to the declared
	 * types (numbers, booleans, arrays from repeated keys).
	 */
	validateParameters(
		matched: MatchedOperation,
		rawQuery: Record<string, string | string[]>,
	): { errors: string[]; query: Record<string, unknown> } {
		const { spec } = matched;
		const params = spec.operation.parameters ?? [];
		const errors: string[] = [];
		const queryProps: JsonObject = {};
		const pathProps: JsonObject = {};
		const queryRequired: string[] = [];
		params.forEach((param, index) => {
			const ref = { $ref: pointerUri([...spec.pointer, 'parameters', String(index), 'schema']) };
			if (param.in === 'query') {
				queryProps[param.name] = param.schema ? ref : {};
				if (param.required) queryRequired.push(param.name);
			} else if (param.in === 'path') {
				pathProps[param.name] = param.schema ? ref : {};
			}
		});
		const query: Record<string, unknown> = { ...rawQuery };
		const queryValidator = this.compile(this.coercing, `${spec.pointer.join(' ')}#query`, {
			type: 'object',
			properties: queryProps,
			required: queryRequired,
			additionalProperties: false,
		});
		if (!queryValidator(query)) errors.push(...formatErrors('query', queryValidator.errors ?? [], this.doc));
		const pathValues: Record<string, unknown> = { ...matched.pathParams };
		const pathValidator = this.compile(this.coercing, `${spec.pointer.join(' ')}#path`, {
			type: 'object',
			properties: pathProps,
		});
		if (!pathValidator(pathValues)) errors.push(...formatErrors('path', pathValidator.errors ?? [], this.doc));
		for (const [name, value] of Object.entries(matched.pathParams)) {
			if (value === '') errors.push(`path parameter '${name}' is empty`);
		}
		return { errors, query };
	}

	/** Media types the operation accepts for its body ([] when it declares no body). */
	bodyMediaTypes(matched: MatchedOperation): string[] {
		return Object.keys(matched.spec.operation.requestBody?.content ?? {});
	}

	bodyRequired(matched: MatchedOperation): boolean {
		return matched.spec.operation.requestBody?.required === true;
	}

	/** Validates a parsed JSON body against the application/json requestBody schema. */
	validateJsonBody(matched: MatchedOperation, body: unknown): string[] {
		return this.validateBody(matched, 'application/json', this.strict, body);
	}

	/**
	 * Validates multipart/form-data fields (strings, coerced to the declared types in place).
	 * Also flags fields the schema does not declare.
	 */
	validateFormBody(matched: MatchedOperation, fields: Record<string, unknown>): string[] {
		const errors = this.validateBody(matched, 'multipart/form-data', this.coercing, fields);
		const schema = matched.spec.operation.requestBody?.content?.['multipart/form-data']?.schema;
		const declared = isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
		for (const name of Object.keys(fields)) {
			if (!declared.includes(name)) errors.push(`form field '${name}' is not declared by the spec`);
		}
		return errors;
	}

	private validateBody(matched: MatchedOperation, mediaType: string, ajv: Ajv2020, body: unknown): string[] {
		const { spec } = matched;
		if (!spec.operation.requestBody?.content?.[mediaType]?.schema) return [];
		const validator = this.compile(ajv, `${spec.pointer.join(' ')}#body:${mediaType}`, {
			$ref: pointerUri([...spec.pointer, 'requestBody', 'content', mediaType, 'schema']),
		});
		return validator(body) ? [] : formatErrors('body', validator.errors ?? [], this.doc);
	}

	/** True when the spec documents a JSON schema for this response status. */
	documentsResponse(matched: MatchedOperation, status: number): boolean {
		return this.responseSchemaKey(matched, status) !== undefined;
	}

	private responseSchemaKey(matched: MatchedOperation, status: number): string | undefined {
		const responses = matched.spec.operation.responses ?? {};
		for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
			const schema = responses[key]?.content?.['application/json']?.schema;
			if (isObject(schema) && Object.keys(schema).length > 0) return key;
		}
		return undefined;
	}

	/** Validates one of the emulator's own JSON responses. Undocumented statuses are not checked. */
	validateResponse(matched: MatchedOperation, status: number, body: unknown): string[] {
		const key = this.responseSchemaKey(matched, status);
		if (key === undefined) return [];
		const { spec } = matched;
		const validator = this.compile(this.plain, `${spec.pointer.join(' ')}#response:${key}`, {
			$ref: pointerUri([...spec.pointer, 'responses', key, 'content', 'application/json', 'schema']),
		});
		return validator(body) ? [] : formatErrors(`response ${status}`, validator.errors ?? [], this.doc);
	}

	/** Validates a value against one named schema of `components.schemas` (e.g. a JSON Lines entry). */
	validateComponent(name: string, value: unknown): string[] {
		const validator = this.compile(this.plain, `component:${name}`, { $ref: `${DOC_ID}#/components/schemas/${name}` });
		return validator(value) ? [] : formatErrors(name, validator.errors ?? [], this.doc);
	}

	/** Validates one NDJSON line of POST /analyze against StreamAnalyzeResponse alone (see spec defects). */
	validateStreamEvent(event: unknown): string[] {
		const validator = this.compile(this.plain, 'StreamAnalyzeResponse', {
			$ref: `${DOC_ID}#/components/schemas/StreamAnalyzeResponse`,
		});
		return validator(event) ? [] : formatErrors('stream event', validator.errors ?? [], this.doc);
	}
}

function discriminatorValues(doc: JsonObject, schema: unknown): string[] {
	if (!isObject(schema) || !Array.isArray(schema.oneOf) || !isObject(schema.discriminator)) return [];
	const tag = schema.discriminator.propertyName;
	if (typeof tag !== 'string') return [];
	const values: string[] = [];
	for (const branchRef of schema.oneOf) {
		const branch = isObject(branchRef) && typeof branchRef.$ref === 'string' ? resolveLocalRef(doc, branchRef.$ref) : branchRef;
		const prop = isObject(branch) && isObject(branch.properties) ? branch.properties[tag] : undefined;
		if (isObject(prop) && Array.isArray(prop.enum)) values.push(...prop.enum.map(String));
		if (isObject(prop) && typeof prop.const === 'string') values.push(prop.const);
	}
	return values;
}

/** Turns Ajv errors into short, readable messages that name the parameter or field. */
export function formatErrors(where: string, errors: ErrorObject[], doc?: JsonObject): string[] {
	const out: string[] = [];
	const hasSpecific = errors.some((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
	for (const e of errors) {
		const path = displayPath(e.instancePath);
		let subject: string;
		if (where === 'query' || where === 'path') {
			const [name, ...rest] = path.split(/(?=[.[])/);
			subject = name ? `${where} parameter '${name}'${rest.join('')}` : `${where} parameters`;
		} else {
			subject = path ? `${where} field '${path}'` : where;
		}
		const params = e.params as Record<string, unknown>;
		let message: string;
		switch (e.keyword) {
			case 'unevaluatedProperties':
				message = `${subject}: unknown property '${String(params.unevaluatedProperty)}'`;
				break;
			case 'additionalProperties':
				message =
					where === 'query'
						? `unknown query parameter '${String(params.additionalProperty)}'`
						: `${subject}: unknown property '${String(params.additionalProperty)}'`;
				break;
			case 'required': {
				const missing = String(params.missingProperty);
				message =
					where === 'query'
						? `missing required query parameter '${missing}'`
						: `${path ? `${where} field '${path}.${missing}'` : `${where} field '${missing}'`} is required`;
				break;
			}
			case 'enum':
				message = `${subject} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${show(e.data)})`;
				break;
			case 'type':
				message = `${subject} must be of type ${String(params.type)} (got ${show(e.data)})`;
				break;
			case 'format':
				message = `${subject} must be a valid ${String(params.format)} (got ${show(e.data)})`;
				break;
			case 'discriminator': {
				const allowed = doc ? discriminatorValues(doc, e.parentSchema) : [];
				const tag = String(params.tag);
				message =
					params.error === 'tag'
						? `${where} field '${path ? `${path}.` : ''}${tag}' is required and must be a string${allowed.length ? ` (one of ${allowed.join(', ')})` : ''}`
						: `${where} field '${path ? `${path}.` : ''}${tag}' must be one of ${allowed.join(', ')} (got ${show(params.tagValue)})`;
				break;
			}
			case 'oneOf':
			case 'anyOf':
				if (hasSpecific) continue;
				message = `${subject} does not match any allowed shape`;
				break;
			default:
				message = `${subject} ${e.message ?? 'is invalid'}`;
		}
		if (!out.includes(message)) out.push(message);
	}
	return out;
}
