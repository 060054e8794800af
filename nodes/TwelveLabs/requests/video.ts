import type { IDataObject } from 'n8n-workflow';

import { describeValue } from '../params/parameterText';
import type { ParameterScope } from './invalidParameter';
import { invalidParameter, requireId } from './invalidParameter';
import { modelRules } from './models';

/** The `video` object of an analysis request (schema VideoContext). */
export type VideoContext =
	| { type: 'url'; url: string }
	| { type: 'asset_id'; asset_id: string }
	| { type: 'base64_string'; base64_string: string };

/** An http(s) URL, or the error naming the parameter. */
export function requireHttpUrl(
	scope: ParameterScope,
	parameter: string,
	value: unknown,
	alternative = 'To send a file from an earlier node, choose the Binary source instead.',
): string {
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw invalidParameter(
			scope,
			parameter,
			`must be text, but the expression gave ${describeValue(value)}`,
			'Make the expression give the link as text, e.g. {{ $json.url }} where url holds "https://…/video.mp4".',
		);
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) {
		throw invalidParameter(scope, parameter, 'is empty', 'Enter the direct link to the media file, starting with https://.');
	}
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw invalidParameter(
			scope,
			parameter,
			`"${text.length > 80 ? `${text.slice(0, 80)}…` : text}" is not an http(s) URL`,
			`Use a public https:// link to the raw media file (not a video page or a cloud-drive share page). ${alternative}`,
		);
	}
	return url.toString();
}

export function videoFromUrl(scope: ParameterScope, url: unknown): VideoContext {
	return { type: 'url', url: requireHttpUrl(scope, 'Video URL', url) };
}

export function videoFromAssetId(scope: ParameterScope, assetId: unknown): VideoContext {
	return { type: 'asset_id', asset_id: requireId(scope, 'Asset', assetId) };
}

export function videoFromBase64(base64: string): VideoContext {
	return { type: 'base64_string', base64_string: base64 };
}

/** The legacy `video_id` field (an indexed video), which only Pegasus 1.2 accepts. */
export function legacyVideoIdField(scope: ParameterScope, model: string, videoId: unknown): IDataObject {
	const id = requireId(scope, 'Video ID', videoId);
	if (!modelRules(model, 'sync').legacyVideoId) {
		throw invalidParameter(
			scope,
			'Video ID',
			`${model} does not accept indexed video IDs`,
			'Choose Pegasus 1.2 as the model, or give the video by URL, asset or binary instead.',
		);
	}
	return { video_id: id };
}
