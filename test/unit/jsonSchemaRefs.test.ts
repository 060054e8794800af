/** TwelveLabs resolves `$ref` only into `#/$defs/...`; draft-07 style `#/definitions/...` is refused here. */
import { checkJsonSchema } from '../../nodes/TwelveLabs/requests/jsonSchema';
import { errorOf, nodeNamed } from '../support/nodeStub';

const scope = { node: nodeNamed('Analyze'), itemIndex: 0 };
const check = (schema: object) => checkJsonSchema(scope, 'JSON Schema', 'pegasus1.5', schema as never);

const person = { type: 'object', properties: { name: { type: 'string' } } };

describe('JSON schema $ref', () => {
	it('refuses a $ref into #/definitions, naming the path and the fix', () => {
		const error = errorOf(() =>
			check({ type: 'object', definitions: { person }, properties: { host: { $ref: '#/definitions/person' } } }),
		);
		expect(error.message).toBe(
			'JSON Schema: "$ref": "#/definitions/person" points outside "$defs" at $.properties.host',
		);
		expect(error.description).toBe(
			'TwelveLabs only resolves subschemas under "$defs": rename "definitions" to "$defs" and write "$ref": "#/$defs/person".',
		);
	});

	it('refuses a $ref inside $defs and array items too', () => {
		expect(
			errorOf(() =>
				check({ type: 'object', properties: { people: { type: 'array', items: { $ref: '#/definitions/person' } } } }),
			).message,
		).toMatch(/at \$\.properties\.people\.items$/);
	});

	it('accepts a $ref into #/$defs', () => {
		expect(() => check({ type: 'object', $defs: { person }, properties: { host: { $ref: '#/$defs/person' } } })).not.toThrow();
	});
});
