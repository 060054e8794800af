/**
 * TwelveLabs Analyze: every bad input fails with an error naming the parameter and the fix,
 * before any request reaches the API; with Continue On Fail it becomes an error item in place.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import type { ItemsNodeItem } from '../harness';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const BASE: INodeParameters = {
	videoSource: 'url',
	videoUrl: 'https://cdn.example.com/keynote.mp4',
	prompt: 'Summarize the keynote',
};

function analyzeNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode('twelveLabsAnalyze', { ...BASE, ...parameters }, { name: 'Analyze', ...extra });
}

const schemaWith = (property: object) =>
	JSON.stringify({ type: 'object', properties: { summary: { type: 'string' }, extra: property }, required: ['summary'] });

const image = (name: string) => ({ name, source: 'url', url: `https://cdn.example.com/${name}.png` });

interface BadInput {
	name: string;
	parameters: INodeParameters;
	/** Exact message, or a pattern. */
	message: string | RegExp;
	/** Input items (default one empty item). */
	items?: ItemsNodeItem[];
}

const badInputs: BadInput[] = [
	{
		name: 'a prompt and a structured prompt both set',
		parameters: { promptType: 'auto', prompt: 'Summarize', structuredPrompt: 'Describe' },
		message: 'Prompt: both a prompt and a structured prompt are set',
	},
	{ name: 'no prompt at all', parameters: { prompt: '   ' }, message: 'Prompt: is empty' },
	{
		name: 'neither prompt with Prompt Type "Either"',
		parameters: { promptType: 'auto', prompt: '', structuredPrompt: '' },
		message: 'Prompt: is empty',
	},
	{
		name: 'an empty structured prompt',
		parameters: { promptType: 'structured', structuredPrompt: '' },
		message: 'Structured Prompt: is empty',
	},
	{
		name: 'a structured prompt with Pegasus 1.2',
		parameters: { model: 'pegasus1.2', promptType: 'structured', structuredPrompt: 'Describe' },
		message: 'Structured Prompt: pegasus1.2 does not accept structured prompts or reference images',
	},
	{
		name: 'reference images with Pegasus 1.2',
		parameters: {
			model: 'pegasus1.2',
			promptType: 'structured',
			structuredPrompt: 'Find <@logo>',
			referenceImages: { images: [image('logo')] },
		},
		message: 'Structured Prompt: pegasus1.2 does not accept structured prompts or reference images',
	},
	{
		name: 'reference images with a plain prompt',
		parameters: { promptType: 'auto', prompt: 'Find the logo', referenceImages: { images: [image('logo')] } },
		message: 'Reference Images: images need a structured prompt',
	},
	{
		name: 'a clip window with Pegasus 1.2',
		parameters: { model: 'pegasus1.2', options: { clipStart: 0, clipEnd: 30 } },
		message: 'Clip Window: pegasus1.2 cannot analyze part of a video',
	},
	{
		name: 'a video ID with Pegasus 1.5',
		parameters: { videoSource: 'videoId', videoId: '6898f4b2a1c3e5d7f9a0b1c2' },
		message: 'Video ID: pegasus1.5 does not accept indexed video IDs',
	},
	{
		name: 'a clip start not before its end',
		parameters: { options: { clipStart: 30, clipEnd: 30 } },
		message: 'Clip Window: Start (30 s) is not before End (30 s)',
	},
	{
		name: 'a clip window under 4 seconds',
		parameters: { options: { clipStart: 10, clipEnd: 12.5 } },
		message: /^Clip Window: the window is 2.5 s long; TwelveLabs needs at least 4 s$/,
	},
	{
		name: 'max tokens above 4,096 with Pegasus 1.2',
		parameters: { model: 'pegasus1.2', options: { maxTokens: 5000 } },
		message: 'Max Tokens: 5000 is outside what pegasus1.2 accepts',
	},
	{
		name: 'max tokens below 512 with Pegasus 1.5',
		parameters: { options: { maxTokens: 100 } },
		message: 'Max Tokens: 100 is outside what pegasus1.5 accepts',
	},
	{
		name: 'max tokens above 98,304 with Pegasus 1.5',
		parameters: { options: { maxTokens: 100_000 } },
		message: 'Max Tokens: 100000 is outside what pegasus1.5 accepts',
	},
	{ name: 'temperature above 1', parameters: { options: { temperature: 1.5 } }, message: 'Temperature: 1.5 is outside 0 to 1' },
	{ name: 'temperature below 0', parameters: { options: { temperature: -0.1 } }, message: 'Temperature: -0.1 is outside 0 to 1' },
	{
		name: 'a temperature that is not a number',
		parameters: { options: { temperature: '={{ "warm" }}' } },
		message: 'Temperature: "warm" is not a number',
	},
	{
		name: 'a schema that is not valid JSON',
		parameters: { structuredOutput: 'jsonSchema', jsonSchema: '{"type": "object", "properties": {,}' },
		message: /^JSON Schema: is not valid JSON \(/,
	},
	...['additionalProperties', 'minLength', 'maxLength', 'uniqueItems', 'maxItems'].map((keyword) => ({
		name: `the schema keyword ${keyword}`,
		parameters: {
			structuredOutput: 'jsonSchema',
			jsonSchema: schemaWith(keyword === 'additionalProperties' ? { type: 'object', additionalProperties: false } : { type: keyword.endsWith('Items') ? 'array' : 'string', [keyword]: keyword === 'uniqueItems' ? true : 3 }),
		},
		message: `JSON Schema: "${keyword}" is not supported by TwelveLabs at $.properties.extra`,
	})),
	{
		name: 'minItems above 1',
		parameters: { structuredOutput: 'jsonSchema', jsonSchema: schemaWith({ type: 'array', items: { type: 'string' }, minItems: 2 }) },
		message: 'JSON Schema: "minItems": 2 is not supported (only 0 or 1) at $.properties.extra',
	},
	{
		name: 'a timestamp nested where the API forbids it',
		parameters: {
			structuredOutput: 'jsonSchema',
			jsonSchema: schemaWith({ type: 'object', properties: { at: { type: 'timestamp', format: 'seconds' } } }),
		},
		message: /^JSON Schema: a "timestamp" is only allowed as a top-level property .* at \$\.properties\.extra\.properties\.at$/,
	},
	{
		name: 'a timestamp field with Pegasus 1.2',
		parameters: {
			model: 'pegasus1.2',
			structuredOutput: 'fields',
			outputFields: { fields: [{ name: 'at', type: 'timestamp', timestampFormat: 'seconds' }] },
		},
		message: 'Output Fields: the "timestamp" type needs Pegasus 1.5 at $.properties.at',
	},
	{
		name: 'more than 4 reference images',
		parameters: {
			promptType: 'structured',
			structuredPrompt: 'Find <@a>',
			referenceImages: { images: ['a', 'b', 'c', 'd', 'e'].map(image) },
		},
		message: 'Reference Images: 5 images given; TwelveLabs accepts at most 4',
	},
	{
		name: 'a placeholder with no image of that name',
		parameters: { promptType: 'structured', structuredPrompt: 'Find <@logo> and <@car>', referenceImages: { images: [image('logo')] } },
		message: 'Structured Prompt: the placeholder <@car> has no reference image of that name',
	},
	{
		name: 'a missing binary property',
		parameters: { videoSource: 'binary', binaryPropertyName: 'video' },
		items: [{ json: {}, binary: { data: { data: Buffer.from('x'), fileName: 'a.mp4', mimeType: 'video/mp4' } } }],
		message: 'Input Binary Field: item 1 has no binary property "video"',
	},
	{
		name: 'a missing binary property for a reference image',
		parameters: {
			promptType: 'structured',
			structuredPrompt: 'Find <@logo>',
			referenceImages: { images: [{ name: 'logo', source: 'binary', binaryPropertyName: 'logo' }] },
		},
		message: 'Reference Images › logo › Input Binary Field: item 1 has no binary property "logo"',
	},
	{
		name: 'a video URL that is not http(s)',
		parameters: { videoUrl: 'ftp://files.example.com/keynote.mp4' },
		message: 'Video URL: "ftp://files.example.com/keynote.mp4" is not an http(s) URL',
	},
	{
		name: 'a reference image URL that is not http(s)',
		parameters: {
			promptType: 'structured',
			structuredPrompt: 'Find <@logo>',
			referenceImages: { images: [{ name: 'logo', source: 'url', url: 'file:///tmp/logo.png' }] },
		},
		message: 'Reference Images › logo › URL: "file:///tmp/logo.png" is not an http(s) URL',
	},
	{
		name: 'an empty video ID',
		parameters: { model: 'pegasus1.2', videoSource: 'videoId', videoId: '={{ $json.missing ?? "" }}' },
		message: 'Video ID: is empty',
	},
	{
		name: 'an empty asset ID',
		parameters: { videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: '={{ $json.missing ?? "" }}' } },
		message: 'Asset: is empty',
	},
	{ name: 'an empty model', parameters: { model: '={{ "" }}' }, message: 'Model: is empty' },
];

describe('TwelveLabs Analyze: bad input is refused before anything is sent', () => {
	it.each(badInputs.map((input) => [input.name, input] as const))('%s', async (_name, input) => {
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('Input', input.items ?? [{ json: {} }]), analyzeNode(input.parameters)),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('error');
		const error = result.nodeError('Analyze') as Error & { description?: string };
		if (typeof input.message === 'string') expect(error.message).toBe(input.message);
		else expect(error.message).toMatch(input.message);
		// Every error says how to fix it.
		expect(error.description).toEqual(expect.any(String));
		expect(emulator().requests).toEqual([]);
	});

	it('with Continue On Fail: one item per input item, errors in place, the others still run', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Input', [
					{ json: { url: 'https://cdn.example.com/a.mp4', temperature: 0.3 } },
					{ json: { url: 'ftp://cdn.example.com/b.mp4', temperature: 0.3 } },
					{ json: { url: 'https://cdn.example.com/c.mp4', temperature: 3 } },
					{ json: { url: 'https://cdn.example.com/d.mp4', temperature: 0.3 } },
				]),
				analyzeNode(
					{ videoUrl: '={{ $json.url }}', options: { temperature: '={{ $json.temperature }}' } },
					{ onError: 'continueRegularOutput' },
				),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Analyze');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.text).toEqual(expect.any(String));
		expect(items[1].json.error).toBe('Video URL: "ftp://cdn.example.com/b.mp4" is not an http(s) URL');
		expect(items[1].json.errorDescription).toMatch(/https:\/\//);
		expect(items[2].json.error).toBe('Temperature: 3 is outside 0 to 1');
		expect(items[3].json.text).toEqual(expect.any(String));
		expect(emulator().requests.map((request) => (request.body as { video: { url: string } }).video.url).sort()).toEqual([
			'https://cdn.example.com/a.mp4',
			'https://cdn.example.com/d.mp4',
		]);
	});
});
