/**
 * TwelveLabs Analyze through real workflows against the emulator: every video source, both
 * prompt kinds, each structured-output mode, the clip window and truncation (live streaming:
 * analyzeLive.test.ts).
 * Every request is validated against the official OpenAPI document by the emulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const VIDEO_URL = 'https://cdn.example.com/keynote.mp4';

function analyzeNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode(
		'twelveLabsAnalyze',
		{ videoSource: 'url', videoUrl: VIDEO_URL, prompt: 'Summarize the keynote', ...parameters },
		{ name: 'Analyze', ...extra },
	);
}

/** The bodies of the POST /analyze requests the emulator received. */
function analyzeBodies(): IDataObject[] {
	return emulator()
		.requests.filter((request) => request.method === 'POST' && request.path === '/analyze')
		.map((request) => request.body as IDataObject);
}

async function run(parameters: INodeParameters, options: { streaming?: boolean } = {}) {
	return await runWorkflow(chain(manualTrigger(), analyzeNode(parameters)), harnessOptions(emulator(), options));
}

describe('TwelveLabs Analyze: video sources', () => {
	it('by URL: sends model_name and stream explicitly, and returns the answer text', async () => {
		const result = await run({});
		expect(result.status).toBe('success');
		expect(analyzeBodies()).toEqual([
			{ model_name: 'pegasus1.5', video: { type: 'url', url: VIDEO_URL }, prompt: 'Summarize the keynote', stream: true },
		]);
		const [item] = result.output('Analyze');
		expect(Object.keys(item.json)).toEqual(['text']);
		expect(item.json.text).toContain('In response to "Summarize the keynote"');
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('by asset ID (resource locator)', async () => {
		const asset = emulator().state.addAsset({ filename: 'keynote.mp4' });
		const result = await run({ videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: asset._id } });
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0].video).toEqual({ type: 'asset_id', asset_id: asset._id });
	});

	it('from a binary property of the input item, sent inline as base64', async () => {
		const bytes = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 251));
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Download', [
					{ json: { name: 'clip' }, binary: { video: { data: bytes, fileName: 'clip.mp4', mimeType: 'video/mp4' } } },
				]),
				analyzeNode({ videoSource: 'binary', binaryPropertyName: 'video' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0].video).toEqual({ type: 'base64_string', base64_string: bytes.toString('base64') });
		expect(result.output('Analyze')[0].json.text).toEqual(expect.any(String));
	});

	it('by legacy video ID with Pegasus 1.2', async () => {
		const result = await run({ videoSource: 'videoId', videoId: '6898f4b2a1c3e5d7f9a0b1c2', model: 'pegasus1.2' });
		expect(result.status).toBe('success');
		expect(analyzeBodies()).toEqual([
			{ model_name: 'pegasus1.2', video_id: '6898f4b2a1c3e5d7f9a0b1c2', prompt: 'Summarize the keynote', stream: true },
		]);
	});

	it('reads each item’s own parameters from expressions', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Videos', [
					{ json: { url: 'https://cdn.example.com/a.mp4', question: 'Who speaks?' } },
					{ json: { url: 'https://cdn.example.com/b.mp4', question: 'What is shown?' } },
				]),
				analyzeNode({ videoUrl: '={{ $json.url }}', prompt: '={{ $json.question }}' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const bodies = analyzeBodies().sort((a, b) => String(a.prompt).localeCompare(String(b.prompt)));
		expect(bodies.map((body) => [(body.video as IDataObject).url, body.prompt])).toEqual([
			['https://cdn.example.com/b.mp4', 'What is shown?'],
			['https://cdn.example.com/a.mp4', 'Who speaks?'],
		]);
		const items = result.output('Analyze');
		expect(items[0].json.text).toContain('Who speaks?');
		expect(items[1].json.text).toContain('What is shown?');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('TwelveLabs Analyze: models', () => {
	it('sends a model typed as an expression as it is, and lets the API decide on it', async () => {
		const result = await run({ model: '={{ "pegasus1.6" }}', options: { clipStart: 0, clipEnd: 20 } });
		// No local rule refused it: the request went out with the name as typed...
		expect(analyzeBodies()).toEqual([expect.objectContaining({ model_name: 'pegasus1.6', start_time: 0, end_time: 20 })]);
		// ...and the emulator, which knows only the 2026-07-30 models, answers 400 as the API would.
		expect(result.nodeError('Analyze')?.message).toMatch(/model_name.*pegasus1\.6.*\[parameter_invalid\]$/);
		expect(emulator().violations).toEqual([expect.stringMatching(/model_name/)]);
		emulator().violations.length = 0;
	});
});

describe('TwelveLabs Analyze: output', () => {
	it('with Simplify off gives finish reason, usage and generation ID in camelCase', async () => {
		const result = await run({ simplify: false });
		const [item] = result.output('Analyze');
		expect(item.json).toEqual({
			text: expect.stringContaining('Summarize the keynote'),
			finishReason: 'stop',
			truncated: false,
			usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), videoSeconds: null, segmentDefinitions: null },
			generationId: expect.any(String),
		});
	});

	it('says plainly when the answer was cut at the token limit (emulator fault truncate)', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'truncate' });
		const result = await run({ simplify: false });
		const [item] = result.output('Analyze');
		expect(item.json.finishReason).toBe('length');
		expect(item.json.truncated).toBe(true);
		expect(item.json.warning).toMatch(/cut off at the token limit/);
	});

	it('reports truncated JSON instead of parsing it into garbage', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'truncate' });
		const result = await run({
			structuredOutput: 'jsonSchema',
			jsonSchema: JSON.stringify({ type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }),
		});
		const [item] = result.output('Analyze');
		expect(item.json.data).toBeUndefined();
		expect(item.json.warning).toMatch(/JSON is incomplete and was not parsed/);
		expect(String(item.json.text).length).toBeGreaterThan(0);
	});
});

describe('TwelveLabs Analyze: prompts', () => {
	it('sends a structured prompt with reference images by URL, asset ID and binary', async () => {
		const logo = emulator().state.addAsset({ filename: 'logo.png', file_type: 'image/png' });
		const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Images', [{ json: {}, binary: { shirt: { data: png, fileName: 'shirt.png', mimeType: 'image/png' } } }]),
				analyzeNode({
					promptType: 'structured',
					structuredPrompt: 'When do <@car>, <@logo> and <@shirt> appear?',
					referenceImages: {
						images: [
							{ name: 'car', source: 'url', url: 'https://cdn.example.com/car.png' },
							{ name: 'logo', source: 'assetId', assetId: logo._id },
							{ name: 'shirt', source: 'binary', binaryPropertyName: 'shirt' },
						],
					},
				}),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const [body] = analyzeBodies();
		expect(body.prompt).toBeUndefined();
		expect(body.prompt_v2).toEqual({
			input_text: 'When do <@car>, <@logo> and <@shirt> appear?',
			media_sources: [
				{ name: 'car', media_type: 'image', url: 'https://cdn.example.com/car.png' },
				{ name: 'logo', media_type: 'image', asset_id: logo._id },
				{ name: 'shirt', media_type: 'image', base64_string: png.toString('base64') },
			],
		});
	});

	it('sends a structured prompt without images', async () => {
		const result = await run({ promptType: 'structured', structuredPrompt: 'List the speakers' });
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0].prompt_v2).toEqual({ input_text: 'List the speakers' });
	});

	it('with Prompt Type "Either" sends whichever prompt an item fills', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Questions', [{ json: { plain: 'Summarize' } }, { json: { structured: 'Describe the opening' } }]),
				analyzeNode({ promptType: 'auto', prompt: '={{ $json.plain ?? "" }}', structuredPrompt: '={{ $json.structured ?? "" }}' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const bodies = analyzeBodies();
		expect(bodies.find((body) => body.prompt === 'Summarize')).toBeDefined();
		expect(bodies.find((body) => (body.prompt_v2 as IDataObject | undefined)?.input_text === 'Describe the opening')).toBeDefined();
		expect(bodies.every((body) => !(body.prompt !== undefined && body.prompt_v2 !== undefined))).toBe(true);
	});
});

describe('TwelveLabs Analyze: structured output', () => {
	it('sends a typed JSON schema and parses the answer into data', async () => {
		const schema = {
			type: 'object',
			properties: {
				title: { type: 'string' },
				speakers: { type: 'array', items: { type: 'string' } },
				moment: { type: 'timestamp', format: 'hh:mm:ss' },
			},
			required: ['title'],
		};
		const result = await run({ structuredOutput: 'jsonSchema', jsonSchema: JSON.stringify(schema, null, 2) });
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0].response_format).toEqual({ type: 'json_schema', json_schema: schema });
		const [item] = result.output('Analyze');
		expect(item.json.data).toEqual({ title: expect.any(String), speakers: expect.any(Array), moment: expect.any(String) });
		expect(JSON.parse(String(item.json.text))).toEqual(item.json.data);
	});

	it('builds the schema from fields defined in the editor', async () => {
		const result = await run({
			structuredOutput: 'fields',
			outputFields: {
				fields: [
					{ name: 'summary', type: 'string', description: 'Two sentences' },
					{ name: 'mood', type: 'string', enumValues: 'upbeat, calm, tense', required: true },
					{ name: 'tags', type: 'array', itemType: 'string' },
					{ name: 'rating', type: 'integer' },
					{ name: 'firstSmile', type: 'timestamp', timestampFormat: 'seconds' },
				],
			},
		});
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0].response_format).toEqual({
			type: 'json_schema',
			json_schema: {
				type: 'object',
				properties: {
					summary: { type: 'string', description: 'Two sentences' },
					mood: { type: 'string', enum: ['upbeat', 'calm', 'tense'] },
					tags: { type: 'array', items: { type: 'string' } },
					rating: { type: 'integer' },
					firstSmile: { type: 'timestamp', format: 'seconds' },
				},
				required: ['summary', 'mood'],
			},
		});
		const data = result.output('Analyze')[0].json.data as IDataObject;
		expect(Object.keys(data)).toEqual(['summary', 'mood', 'tags', 'rating', 'firstSmile']);
		expect(['upbeat', 'calm', 'tense']).toContain(data.mood);
	});
});

describe('TwelveLabs Analyze: generation options', () => {
	it('sends the clip window, temperature and max tokens', async () => {
		const result = await run({ options: { clipStart: 10, clipEnd: 40.5, temperature: 0.7, maxTokens: 2048 } });
		expect(result.status).toBe('success');
		expect(analyzeBodies()[0]).toMatchObject({ start_time: 10, end_time: 40.5, temperature: 0.7, max_tokens: 2048 });
	});

	it('leaves out options the user did not set, so the API defaults apply', async () => {
		await run({});
		const [body] = analyzeBodies();
		for (const key of ['start_time', 'end_time', 'temperature', 'max_tokens', 'response_format']) {
			expect(body).not.toHaveProperty(key);
		}
	});
});
