
import { generationOptionsBody } from '../../nodes/TwelveLabs/requests/generationOptions';
import { checkJsonSchema, parseJsonSchema } from '../../nodes/TwelveLabs/requests/jsonSchema';
import { promptBody } from '../../nodes/TwelveLabs/requests/prompt';
import { schemaFromFields } from '../../nodes/TwelveLabs/requests/schemaFields';
import { legacyVideoIdField, videoFromAssetId, videoFromUrl } from '../../nodes/TwelveLabs/requests/video';
import { errorOf, nodeNamed } from '../support/nodeStub';

const node = nodeNamed('Analyze');
const scope = { node, itemIndex: 4 };


describe('video source', () => {
	it('accepts http(s) URLs and refuses others, naming the parameter', () => {
		expect(videoFromUrl(scope, ' https://cdn.example.com/a.mp4 ')).toEqual({ type: 'url', url: 'https://cdn.example.com/a.mp4' });
		const error = errorOf(() => videoFromUrl(scope, 'ftp://x/a.mp4'));
		expect(error.message).toBe('Video URL: "ftp://x/a.mp4" is not an http(s) URL');
		expect(error.itemIndex).toBe(4);
		expect(errorOf(() => videoFromUrl(scope, '')).message).toBe('Video URL: is empty');
	});

	it('refuses an empty asset ID', () => {
		expect(videoFromAssetId(scope, 'a1')).toEqual({ type: 'asset_id', asset_id: 'a1' });
		expect(errorOf(() => videoFromAssetId(scope, ' ')).message).toBe('Asset: is empty');
	});

	it('allows a legacy video ID only with Pegasus 1.2 (or a model it does not know)', () => {
		expect(legacyVideoIdField(scope, 'pegasus1.2', 'v1')).toEqual({ video_id: 'v1' });
		expect(legacyVideoIdField(scope, 'pegasus9', 'v1')).toEqual({ video_id: 'v1' });
		expect(errorOf(() => legacyVideoIdField(scope, 'pegasus1.5', 'v1')).message).toBe('Video ID: pegasus1.5 does not accept indexed video IDs');
	});
});

describe('prompt', () => {
	it('sends a plain prompt or a structured one, never both, never neither', () => {
		expect(promptBody(scope, 'pegasus1.2', { prompt: ' Summarize ' })).toEqual({ prompt: 'Summarize' });
		expect(errorOf(() => promptBody(scope, 'pegasus1.5', { prompt: 'a', structuredPrompt: 'b' })).message).toBe('Prompt: both a prompt and a structured prompt are set');
		expect(errorOf(() => promptBody(scope, 'pegasus1.5', { prompt: '  ' })).message).toBe('Prompt: is empty');
	});

	it('builds prompt_v2 with reference images whose names match the placeholders', () => {
		expect(
			promptBody(scope, 'pegasus1.5', {
				structuredPrompt: 'Find <@logo> near <@car>',
				referenceImages: [
					{ name: 'logo', source: 'url', url: 'https://x/logo.png' },
					{ name: 'car', source: 'assetId', assetId: 'as1' },
				],
			}),
		).toEqual({
			prompt_v2: {
				input_text: 'Find <@logo> near <@car>',
				media_sources: [
					{ name: 'logo', media_type: 'image', url: 'https://x/logo.png' },
					{ name: 'car', media_type: 'image', asset_id: 'as1' },
				],
			},
		});
	});

	it('refuses what the API would refuse', () => {
		expect(errorOf(() => promptBody(scope, 'pegasus1.2', { structuredPrompt: 'x' })).message).toContain('pegasus1.2 does not accept structured prompts');
		expect(errorOf(() => promptBody(scope, 'pegasus1.5', { structuredPrompt: 'see <@ghost>' })).message).toBe('Structured Prompt: the placeholder <@ghost> has no reference image of that name');
		const five = Array.from({ length: 5 }, (_, index) => ({ name: `i${index}`, source: 'url' as const, url: 'https://x/i.png' }));
		expect(errorOf(() => promptBody(scope, 'pegasus1.5', { structuredPrompt: 'x', referenceImages: five })).message).toContain('at most 4');
		expect(errorOf(() => promptBody(scope, 'pegasus1.5', { prompt: 'x', referenceImages: five.slice(0, 1) })).message).toContain('images need a structured prompt');
	});
});

describe('generation options', () => {
	it('checks max tokens against the model', () => {
		expect(generationOptionsBody(scope, 'pegasus1.2', 'sync', { maxTokens: 4096 })).toEqual({ max_tokens: 4096 });
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.2', 'sync', { maxTokens: 4097 })).description).toContain('1 to 4,096');
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.5', 'sync', { maxTokens: 100 })).description).toContain('512 to 98,304');
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.5', 'segmentation', { maxTokens: 1024 })).description).toContain('2,048 to 98,304');
		expect(generationOptionsBody(scope, 'pegasus1.6', 'general', { maxTokens: 10 })).toEqual({ max_tokens: 10 });
	});

	it('checks temperature', () => {
		expect(generationOptionsBody(scope, 'pegasus1.5', 'sync', { temperature: 0 })).toEqual({ temperature: 0 });
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.5', 'sync', { temperature: 1.5 })).message).toBe('Temperature: 1.5 is outside 0 to 1');
	});

	it('checks the clip window', () => {
		expect(generationOptionsBody(scope, 'pegasus1.5', 'sync', { startTime: 10, endTime: 14 })).toEqual({ start_time: 10, end_time: 14 });
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.5', 'sync', { startTime: 10, endTime: 10 })).message).toContain('is not before End');
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.5', 'sync', { startTime: 10, endTime: 13 })).message).toContain('at least 4 s');
		expect(errorOf(() => generationOptionsBody(scope, 'pegasus1.2', 'sync', { startTime: 0, endTime: 30 })).message).toContain('cannot analyze part of a video');
	});
});

describe('JSON schema output', () => {
	const check = (schema: object, model = 'pegasus1.5') => checkJsonSchema(scope, 'JSON Schema', model, schema as never);

	it('parses or points at the syntax error', () => {
		expect(parseJsonSchema(scope, 'JSON Schema', '{"type":"object"}')).toEqual({ type: 'object' });
		expect(errorOf(() => parseJsonSchema(scope, 'JSON Schema', '{"type":')).message).toMatch(/^JSON Schema: is not valid JSON/);
		expect(errorOf(() => parseJsonSchema(scope, 'JSON Schema', '[1]')).message).toBe('JSON Schema: is not a JSON object');
	});

	it.each(['additionalProperties', 'minLength', 'maxLength', 'uniqueItems', 'maxItems'])('refuses %s with its path', (keyword) => {
		const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', [keyword]: 1 } } } };
		expect(errorOf(() => check(schema)).message).toBe(`JSON Schema: "${keyword}" is not supported by TwelveLabs at $.properties.tags.items`);
	});

	it('allows minItems 0 or 1 only', () => {
		expect(() => check({ type: 'array', items: { type: 'string' }, minItems: 1 })).not.toThrow();
		expect(errorOf(() => check({ type: 'array', minItems: 2 })).message).toContain('"minItems": 2');
	});

	it('allows timestamps only where TwelveLabs does, with a format, on Pegasus 1.5', () => {
		const top = { type: 'object', properties: { at: { type: 'timestamp', format: 'seconds' } } };
		const inArray = { type: 'object', properties: { events: { type: 'array', items: { type: 'object', properties: { at: { type: 'timestamp', format: 'hh:mm:ss' } } } } } };
		const nested = { type: 'object', properties: { a: { type: 'object', properties: { at: { type: 'timestamp', format: 'seconds' } } } } };
		expect(() => check(top)).not.toThrow();
		expect(() => check(inArray)).not.toThrow();
		expect(errorOf(() => check(nested)).message).toContain('only allowed as a top-level property');
		expect(errorOf(() => check({ type: 'object', properties: { at: { type: 'timestamp' } } })).message).toContain('needs "format"');
		expect(errorOf(() => check(top, 'pegasus1.2')).message).toContain('needs Pegasus 1.5');
	});

	it('refuses start_time and end_time of types the API refuses', () => {
		expect(errorOf(() => check({ type: 'object', properties: { start_time: { type: 'boolean' } } })).message).toContain('"start_time" cannot be of type "boolean"');
		expect(errorOf(() => check({ type: 'object', properties: { end_time: { type: 'string', format: 'date' } } })).message).toContain('cannot have a "format"');
	});

	it('builds a schema from editor fields', () => {
		expect(
			schemaFromFields(scope, [
				{ name: 'summary', type: 'string', description: 'One paragraph' },
				{ name: 'mood', type: 'string', enumValues: 'calm, tense' },
				{ name: 'topics', type: 'array', itemType: 'string', required: true },
				{ name: 'when', type: 'timestamp', timestampFormat: 'seconds' },
			]),
		).toEqual({
			type: 'object',
			properties: {
				summary: { type: 'string', description: 'One paragraph' },
				mood: { type: 'string', enum: ['calm', 'tense'] },
				topics: { type: 'array', items: { type: 'string' } },
				when: { type: 'timestamp', format: 'seconds' },
			},
			required: ['summary', 'topics'],
		});
		expect(errorOf(() => schemaFromFields(scope, [{ name: 'list', type: 'array' }])).message).toBe('Output Fields › list: is an array without an item type');
		expect(errorOf(() => schemaFromFields(scope, [{ name: 'a', type: 'string' }, { name: 'a', type: 'number' }])).message).toContain('defined twice');
	});
});
