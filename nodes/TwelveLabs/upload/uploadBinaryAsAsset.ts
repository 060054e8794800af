import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VideoPreflight } from '../preflight/preflightVideo';
import { preflightVideo } from '../preflight/preflightVideo';
import type { VideoRequirements } from '../preflight/videoRequirements';
import { assetKindOf, uploadMethodFor } from '../requests/assetUpload';
import type { UserMetadata } from '../requests/userMetadata';
import { binarySourceOf } from './binarySource';
import { uploadDirect } from './directUpload';
import { uploadMultipart } from './multipartUpload';

/** User metadata as TwelveLabs stores it: a flat object of strings, numbers and booleans. */
export type AssetUserMetadata = UserMetadata;

export interface UploadBinaryOptions {
	/** The asset's filename; defaults to the binary's file name. */
	filename?: string;
	enableHls?: boolean;
	enableThumbnail?: boolean;
	userMetadata?: AssetUserMetadata;
	/**
	 * Files over 200 MB go through TwelveLabs' multipart-upload flow (up to 10 GB). Default true;
	 * when false, a file over 200 MB is refused before anything is sent.
	 */
	allowMultipart?: boolean;
	/** Chunks uploaded at once in the multipart flow (1-10, default 4). */
	concurrency?: number;
	/** How the binary parameter is named in the editor, for error messages. Default 'Input Binary Field'. */
	parameterName?: string;
	/** Pre-flight a video file's header against these before uploading (callers that did not already). */
	videoRequirements?: VideoRequirements;
}

export interface UploadedAsset {
	/** The asset as TwelveLabs answered it (`_id`, `status`: usually `processing`, ...). */
	asset: IDataObject;
	assetId: string;
	method: 'direct' | 'multipart';
	/** Bytes sent. */
	size: number;
	/** The multipart session, when one was used. */
	uploadId?: string;
	/** What the video's pre-flight found, when there was one. */
	video?: VideoPreflight;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 4;
export const MAX_UPLOAD_CONCURRENCY = 10;

/**
 * Uploads the binary `binaryPropertyName` of input item `itemIndex` as a TwelveLabs asset: a
 * streamed multipart/form-data POST up to 200 MB, the chunked multipart-upload flow above
 * (up to 10 GB). The file is read from n8n's binary store as a stream, never whole; a store
 * that cannot stream (n8n's database mode) is refused above a safe size (binaryStorage.ts).
 * The asset is returned as created (normally still `processing`): wait for `ready` before
 * analysing it. Bad input (no such binary, empty, over 10 GB, over 200 MB with multipart off,
 * too big for its store) throws an error naming the parameter before any request is sent.
 */
export async function uploadBinaryAsAsset(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	options: UploadBinaryOptions = {},
): Promise<UploadedAsset> {
	const scope = { node: ctx.getNode(), itemIndex };
	const parameter = options.parameterName ?? 'Input Binary Field';
	const source = await binarySourceOf(ctx, scope, binaryPropertyName, parameter);
	const fileName = options.filename?.trim() || source.fileName;
	const method = uploadMethodFor(scope, {
		parameter,
		fileName,
		size: source.size,
		allowMultipart: options.allowMultipart ?? true,
		multipartParameter: 'Multipart Upload',
	});
	const kind = assetKindOf(source.mimeType, fileName);
	const video =
		options.videoRequirements && kind === 'video'
			? await preflightVideo(scope, parameter, { ...source, propertyName: binaryPropertyName.trim() }, options.videoRequirements)
			: undefined;
	const settings = {
		enableHls: options.enableHls,
		enableThumbnail: options.enableThumbnail,
		userMetadata: options.userMetadata,
	};

	if (method === 'direct') {
		const asset = await uploadDirect(ctx, itemIndex, source, fileName, settings);
		return { asset, assetId: String(asset._id ?? asset.id), method, size: source.size, video };
	}
	const concurrency = Math.min(
		MAX_UPLOAD_CONCURRENCY,
		Math.max(1, Math.floor(Number(options.concurrency) || DEFAULT_UPLOAD_CONCURRENCY)),
	);
	const { asset, uploadId } = await uploadMultipart(ctx, itemIndex, source, {
		fileName,
		kind,
		settings,
		concurrency,
	});
	return { asset, assetId: String(asset._id ?? asset.id), method, size: source.size, uploadId, video };
}
