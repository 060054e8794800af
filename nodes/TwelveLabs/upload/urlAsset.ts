import type { IDataObject } from 'n8n-workflow';

import type { AssetSettings } from '../requests/assetUpload';
import { assetFormFields } from '../requests/assetUpload';
import type { TwelveLabsContext } from '../transport/context';
import { apiRequest } from '../transport/request';
import { multipartForm } from './multipartForm';

/**
 * Registers a public file as an asset (`POST /assets`, method `url`): TwelveLabs downloads it.
 * The asset comes back as created, normally still `processing`.
 */
export async function createAssetFromUrl(ctx: TwelveLabsContext, itemIndex: number, url: string, settings: AssetSettings = {}): Promise<IDataObject> {
	// POST /assets takes multipart/form-data even when there is no file.
	const form = multipartForm(assetFormFields({ method: 'url', url }, settings));
	return await apiRequest(ctx, {
		method: 'POST',
		path: '/assets',
		body: Buffer.concat([form.head, form.tail]),
		headers: { 'content-type': form.contentType },
		itemIndex,
	});
}
