import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** User metadata as TwelveLabs stores it: a flat object of strings, numbers and booleans. */
export type AssetUserMetadata = Record<string, string | number | boolean>;

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
}

/**
 * Uploads the binary `binaryPropertyName` of input item `itemIndex` as a TwelveLabs asset: a
 * streamed multipart/form-data POST up to 200 MB, the chunked multipart-upload flow above
 * (up to 10 GB). The file is read from n8n's binary store as a stream, never whole. The asset
 * is returned as created (normally still `processing`): wait for `ready` before analysing it.
 */
export async function uploadBinaryAsAsset(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	options: UploadBinaryOptions = {},
): Promise<UploadedAsset> {
	void ctx;
	void itemIndex;
	void binaryPropertyName;
	void options;
	throw new Error('uploadBinaryAsAsset: not implemented yet');
}
