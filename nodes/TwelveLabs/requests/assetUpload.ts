import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';
import { MAX_DIRECT_UPLOAD_BYTES, MAX_MULTIPART_UPLOAD_BYTES, formatBytes, formatLimit } from './mediaLimits';
import { requireHttpUrl } from './video';

export type AssetKind = 'video' | 'audio' | 'image';
export type UploadMethod = 'direct' | 'multipart';

const EXTENSION_KINDS: Record<string, AssetKind> = {
	mp4: 'video', mov: 'video', mkv: 'video', webm: 'video', avi: 'video', m4v: 'video', mpeg: 'video', mpg: 'video', ts: 'video', flv: 'video', wmv: 'video', '3gp': 'video',
	mp3: 'audio', wav: 'audio', m4a: 'audio', aac: 'audio', flac: 'audio', ogg: 'audio', opus: 'audio',
	jpg: 'image', jpeg: 'image', png: 'image', webp: 'image', gif: 'image', bmp: 'image', heic: 'image',
};

/** The multipart session's `type`, from the MIME type, else the file extension; video when neither says. */
export function assetKindOf(mimeType: string | undefined, fileName: string): AssetKind {
	const major = (mimeType ?? '').split('/')[0].toLowerCase();
	if (major === 'video' || major === 'audio' || major === 'image') return major;
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
	return (extension && EXTENSION_KINDS[extension]) || 'video';
}

function exactBytes(size: number): string {
	return `${formatBytes(size)} (${size.toLocaleString('en-US')} bytes)`;
}

/**
 * Which upload a file of `size` bytes takes: direct up to 200,000,000 bytes, multipart up to 10 GB.
 * Anything else is refused here, before a request is sent.
 */
export function uploadMethodFor(
	scope: ParameterScope,
	file: { parameter: string; fileName: string; size: number; allowMultipart: boolean; multipartParameter: string },
): UploadMethod {
	const { parameter, fileName, size } = file;
	if (size <= 0) {
		throw invalidParameter(scope, parameter, `the file "${fileName}" is empty`, 'Check that the previous node produced the file.');
	}
	if (size > MAX_MULTIPART_UPLOAD_BYTES) {
		throw invalidParameter(
			scope,
			parameter,
			`the file "${fileName}" is ${exactBytes(size)}, over TwelveLabs' 10 GB upload limit`,
			'Shorten or compress the video first, or split it into parts and upload each.',
		);
	}
	if (size <= MAX_DIRECT_UPLOAD_BYTES) return 'direct';
	if (!file.allowMultipart) {
		throw invalidParameter(
			scope,
			file.multipartParameter,
			`is off, and the file "${fileName}" is ${exactBytes(size)}, over the ${formatLimit(MAX_DIRECT_UPLOAD_BYTES)} limit of direct uploads`,
			`Turn ${file.multipartParameter} on to upload files up to 10 GB in chunks, or send a smaller file.`,
		);
	}
	return 'multipart';
}

/** A public http(s) URL for `POST /assets` with method `url`, or the error naming the parameter. */
export function requireAssetUrl(scope: ParameterScope, parameter: string, value: unknown): string {
	return requireHttpUrl(scope, parameter, value, 'To send a file from an earlier node, use the Upload operation instead.');
}

/** What a user can set on a new asset, whichever way it is created. */
export interface AssetSettings {
	filename?: string;
	enableHls?: boolean;
	enableThumbnail?: boolean;
	userMetadata?: Record<string, string | number | boolean>;
}

/**
 * The text fields of `POST /assets` (multipart/form-data): booleans as "true"/"false", user
 * metadata as a JSON string, unset settings left out.
 */
export function assetFormFields(
	source: { method: 'direct' } | { method: 'url'; url: string },
	settings: AssetSettings,
): Array<[string, string]> {
	const fields: Array<[string, string]> = [['method', source.method]];
	if (source.method === 'url') fields.push(['url', source.url]);
	if (settings.filename) fields.push(['filename', settings.filename]);
	if (settings.enableHls !== undefined) fields.push(['enable_hls', String(settings.enableHls)]);
	if (settings.enableThumbnail !== undefined) fields.push(['enable_thumbnail', String(settings.enableThumbnail)]);
	if (settings.userMetadata && Object.keys(settings.userMetadata).length > 0) {
		fields.push(['user_metadata', JSON.stringify(settings.userMetadata)]);
	}
	return fields;
}
