import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameter } from '../requests/invalidParameter';
import type { PromptInput } from '../requests/prompt';
import { MAX_REFERENCE_IMAGES, promptBody } from '../requests/prompt';
import { parameterText } from './parameterText';
import { withShow } from './propertyLayout';
import type { ReferenceImageParameter } from './referenceImages';
import { readReferenceImages, referenceImageInputs, referenceImagesProperty } from './referenceImages';

/**
 * `plain`: only Prompt is shown and sent. `structured`: only Structured Prompt and its images.
 * `auto`: both fields are shown and whichever is filled is sent (setting both is an error), for
 * expressions and AI-agent tools that decide per item which kind of prompt to give.
 */
export type PromptType = 'plain' | 'structured' | 'auto';

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
		referenceImagesProperty({
			description: `Up to ${MAX_REFERENCE_IMAGES} images the structured prompt refers to as &lt;@name&gt; (Pegasus 1.5)`,
			labelPrefix: 'Image ',
			nameDescription: 'Short name without spaces; write &lt;@name&gt; in the structured prompt to refer to it',
			alphabeticalValues: true,
			displayOptions: withShow(displayOptions, { promptType: ['structured', 'auto'] }),
		}),
	];
}

/**
 * `prompt` or `prompt_v2` for the item, checked against `model`. Every rule is checked before
 * any binary image is read, and images from binaries are read only when everything passed.
 */
export async function readPrompt(ctx: IExecuteFunctions, itemIndex: number, model: string): Promise<IDataObject> {
	const scope = { node: ctx.getNode(), itemIndex };
	const promptType = ctx.getNodeParameter('promptType', itemIndex, 'plain') as PromptType;
	const input: PromptInput = {};
	let binaryFields = new Map<string, string>();

	if (promptType !== 'structured') input.prompt = parameterText(ctx.getNodeParameter('prompt', itemIndex, ''));
	if (promptType !== 'plain') {
		input.structuredPrompt = parameterText(ctx.getNodeParameter('structuredPrompt', itemIndex, ''));
		if (promptType === 'structured' && !input.structuredPrompt.trim()) {
			throw invalidParameter(
				scope,
				'Structured Prompt',
				'is empty',
				'Write what you want to know about the video, referring to reference images as <@name>.',
			);
		}
		const rows = ctx.getNodeParameter('referenceImages.images', itemIndex, []) as ReferenceImageParameter[];
		const entered = referenceImageInputs(rows);
		input.referenceImages = entered.images;
		binaryFields = entered.binaryFields;
	}

	const body = promptBody(scope, model, input);
	const sources = ((body.prompt_v2 as IDataObject | undefined)?.media_sources ?? []) as IDataObject[];
	await readReferenceImages(ctx, itemIndex, 'Reference Images', sources, binaryFields);
	return body;
}
