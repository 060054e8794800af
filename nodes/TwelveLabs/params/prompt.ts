import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryAsBase64, readBinaryInput } from '../execution/binaryInput';
import { invalidParameter } from '../requests/invalidParameter';
import type { PromptInput, ReferenceImageInput } from '../requests/prompt';
import { MAX_REFERENCE_IMAGES, promptBody } from '../requests/prompt';

/**
 * `plain`: only Prompt is shown and sent. `structured`: only Structured Prompt and its images.
 * `auto`: both fields are shown and whichever is filled is sent (setting both is an error), for
 * expressions and AI-agent tools that decide per item which kind of prompt to give.
 */
export type PromptType = 'plain' | 'structured' | 'auto';

function withShow(displayOptions: IDisplayOptions | undefined, show: IDisplayOptions['show']): IDisplayOptions {
	return { ...displayOptions, show: { ...displayOptions?.show, ...show } };
}

/**
 * The prompt block: `promptType`, `prompt`, `structuredPrompt` and `referenceImages`
 * (a fixed collection `referenceImages.images` of {name, source, url, assetId, binaryPropertyName}).
 */
export function promptProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Prompt Type',
			name: 'promptType',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Either (Whichever Is Set)',
					value: 'auto',
					description:
						'Show both fields and send the one that is filled, e.g. when expressions or an AI agent choose per item. Filling both is an error.',
				},
				{ name: 'Prompt', value: 'plain', description: 'A plain text prompt (every model)' },
				{
					name: 'Structured Prompt',
					value: 'structured',
					description: 'A prompt that refers to reference images as &lt;@name&gt; (Pegasus 1.5)',
				},
			],
			default: 'plain',
			...(displayOptions ? { displayOptions } : {}),
		},
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. Summarize this video in three bullet points',
			description: 'What you want to know about the video',
			displayOptions: withShow(displayOptions, { promptType: ['plain', 'auto'] }),
		},
		{
			displayName: 'Structured Prompt',
			name: 'structuredPrompt',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. At what times does the product in <@product> appear?',
			description: 'A prompt for Pegasus 1.5 that can refer to each reference image by its name, written as &lt;@name&gt;',
			displayOptions: withShow(displayOptions, { promptType: ['structured', 'auto'] }),
		},
		{
			displayName: 'Reference Images',
			name: 'referenceImages',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Reference Image',
			default: {},
			description: `Up to ${MAX_REFERENCE_IMAGES} images the structured prompt refers to as &lt;@name&gt; (Pegasus 1.5)`,
			displayOptions: withShow(displayOptions, { promptType: ['structured', 'auto'] }),
			options: [
				{
					displayName: 'Image',
					name: 'images',
					values: [
						{
							displayName: 'Asset ID',
							name: 'assetId',
							type: 'string',
							default: '',
							displayOptions: { show: { source: ['assetId'] } },
						},
						{
							displayName: 'Image Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. logo',
							description: 'Short name without spaces; write &lt;@name&gt; in the structured prompt to refer to it',
						},
						{
							displayName: 'Image Source',
							name: 'source',
							type: 'options',
							options: [
								{ name: 'Asset ID', value: 'assetId', description: 'An image stored in TwelveLabs' },
								{ name: 'Binary File', value: 'binary', description: 'An image on the input item, up to 30 MB' },
								{ name: 'URL', value: 'url', description: 'A public HTTPS link to the image' },
							],
							default: 'url',
						},
						{
							displayName: 'Image URL',
							name: 'url',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://cdn.example.com/logo.png',
							displayOptions: { show: { source: ['url'] } },
						},
						{
							displayName: 'Input Binary Field',
							name: 'binaryPropertyName',
							type: 'string',
							default: 'data',
							hint: 'The name of the input field containing the binary file data',
							displayOptions: { show: { source: ['binary'] } },
						},
					],
				},
			],
		},
	];
}

interface ReferenceImageParameter {
	name?: string;
	source?: string;
	url?: string;
	assetId?: string;
	binaryPropertyName?: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/**
 * `prompt` or `prompt_v2` for the item, checked against `model`. Every rule is checked before
 * any binary image is read, and images from binaries are read only when everything passed.
 */
export async function readPrompt(ctx: IExecuteFunctions, itemIndex: number, model: string): Promise<IDataObject> {
	const scope = { node: ctx.getNode(), itemIndex };
	const promptType = ctx.getNodeParameter('promptType', itemIndex, 'plain') as PromptType;
	const input: PromptInput = {};
	const binaryImages = new Map<string, string>();

	if (promptType !== 'structured') input.prompt = text(ctx.getNodeParameter('prompt', itemIndex, ''));
	if (promptType !== 'plain') {
		input.structuredPrompt = text(ctx.getNodeParameter('structuredPrompt', itemIndex, ''));
		if (promptType === 'structured' && !input.structuredPrompt.trim()) {
			throw invalidParameter(
				scope,
				'Structured Prompt',
				'is empty',
				'Write what you want to know about the video, referring to reference images as <@name>.',
			);
		}
		const images = ctx.getNodeParameter('referenceImages.images', itemIndex, []) as ReferenceImageParameter[];
		input.referenceImages = images.map((image): ReferenceImageInput => {
			const name = text(image.name).trim();
			if (image.source === 'assetId') return { name, source: 'assetId', assetId: text(image.assetId) };
			if (image.source === 'binary') {
				binaryImages.set(name, text(image.binaryPropertyName));
				// Checked with an empty stand-in; the bytes are read below, once every rule passed.
				return { name, source: 'binary', base64: '' };
			}
			return { name, source: 'url', url: text(image.url) };
		});
	}

	const body = promptBody(scope, model, input);
	const sources = ((body.prompt_v2 as IDataObject | undefined)?.media_sources ?? []) as IDataObject[];
	for (const source of sources) {
		const name = String(source.name);
		const propertyName = binaryImages.get(name);
		if (propertyName === undefined) continue;
		const parameter = `Reference Images › ${name} › Input Binary Field`;
		const binary = await readBinaryInput(ctx, itemIndex, parameter, propertyName);
		source.base64_string = await binaryAsBase64(
			ctx,
			itemIndex,
			binary,
			parameter,
			'Upload the image with the TwelveLabs Asset node and give it by Asset ID, or give a URL.',
		);
	}
	return body;
}
