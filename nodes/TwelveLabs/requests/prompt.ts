import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter, requireId } from './invalidParameter';
import { requireHttpUrl } from './video';
import { modelRules } from './models';

export const MAX_REFERENCE_IMAGES = 4;

/** A reference image as the user gave it; `base64` is filled in by the node from a binary. */
export type ReferenceImageInput =
	| { name: string; source: 'url'; url: string }
	| { name: string; source: 'assetId'; assetId: string }
	| { name: string; source: 'binary'; base64: string };

export interface PromptInput {
	/** A plain prompt (`prompt`). */
	prompt?: string;
	/** A structured prompt (`prompt_v2.input_text`), with `<@name>` placeholders for images. */
	structuredPrompt?: string;
	referenceImages?: ReferenceImageInput[];
}

const PLACEHOLDER = /<@([^>\s]+)>/g;

export function placeholderNames(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** `media_sources` entries (schema SMEMediaSource) for reference images. */
export function mediaSources(scope: ParameterScope, parameter: string, images: ReferenceImageInput[]): IDataObject[] {
	if (images.length > MAX_REFERENCE_IMAGES) {
		throw invalidParameter(scope, parameter, `${images.length} images given; TwelveLabs accepts at most ${MAX_REFERENCE_IMAGES}`, `Remove images until ${MAX_REFERENCE_IMAGES} or fewer remain.`);
	}
	const seen = new Set<string>();
	return images.map((image) => {
		const name = String(image.name ?? '').trim();
		if (!name || /[\s<>@]/.test(name)) {
			throw invalidParameter(scope, `${parameter} › Name`, name ? `"${name}" cannot be used as a name` : 'an image has no name', 'Give each image a short name without spaces, <, > or @, and refer to it in the prompt as <@name>.');
		}
		if (seen.has(name)) {
			throw invalidParameter(scope, `${parameter} › Name`, `"${name}" is used twice`, 'Give each image its own name.');
		}
		seen.add(name);
		const base = { name, media_type: 'image' };
		if (image.source === 'url') return { ...base, url: requireHttpUrl(scope, `${parameter} › ${name} › URL`, image.url) };
		if (image.source === 'assetId') return { ...base, asset_id: requireId(scope, `${parameter} › ${name} › Asset ID`, image.assetId) };
		return { ...base, base64_string: image.base64 };
	});
}

/**
 * `prompt` or `prompt_v2`, never both: a plain prompt works with every model; a structured
 * prompt, and reference images, need Pegasus 1.5.
 */
export function promptBody(scope: ParameterScope, model: string, input: PromptInput): IDataObject {
	const plain = input.prompt?.trim() ?? '';
	const structured = input.structuredPrompt?.trim() ?? '';
	const images = input.referenceImages ?? [];

	if (plain && structured) {
		throw invalidParameter(scope, 'Prompt', 'both a prompt and a structured prompt are set', 'TwelveLabs takes one or the other: clear Prompt, or clear Structured Prompt.');
	}
	if (!plain && !structured) {
		throw invalidParameter(scope, 'Prompt', 'is empty', 'Write what you want to know about the video, e.g. "Summarize this video in three bullet points".');
	}
	if (plain) {
		if (images.length) {
			throw invalidParameter(scope, 'Reference Images', 'images need a structured prompt', 'Switch Prompt Type to Structured Prompt and refer to each image as <@name>.');
		}
		return { prompt: plain };
	}

	if (!modelRules(model, 'sync').pegasus15Features) {
		throw invalidParameter(scope, 'Structured Prompt', `${model} does not accept structured prompts or reference images`, 'Choose Pegasus 1.5 as the model, or use a plain prompt.');
	}
	const sources = mediaSources(scope, 'Reference Images', images);
	const named = new Set(sources.map((source) => String(source.name)));
	const missing = placeholderNames(structured).filter((name) => !named.has(name));
	if (missing.length) {
		throw invalidParameter(
			scope,
			'Structured Prompt',
			`the placeholder <@${missing[0]}> has no reference image of that name`,
			`Add a reference image named "${missing[0]}", or fix the placeholder. Images given: ${named.size ? [...named].join(', ') : 'none'}.`,
		);
	}
	return { prompt_v2: { input_text: structured, ...(sources.length ? { media_sources: sources } : {}) } };
}
