import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VideoSourceResult } from '../params/videoSource';
import { waitForAssetReady } from '../transport/assetReady';
import { uploadBinaryAsAsset } from './uploadBinaryAsAsset';

/** How long an uploaded binary may take to become `ready` before the item fails. */
const ASSET_READY_MAX_WAIT_MS = 15 * 60_000;

/**
 * The `video` field of an analysis request (sync or task). A binary over 30 MB cannot be sent inline: it is uploaded as
 * an asset and given by asset ID once TwelveLabs has processed it. Call this last, after every
 * other check, because an upload sends requests.
 */
export async function videoField(ctx: IExecuteFunctions, itemIndex: number, source: VideoSourceResult): Promise<IDataObject> {
	if (source.fields) return source.fields;
	const uploaded = await uploadBinaryAsAsset(ctx, itemIndex, source.largeBinary.propertyName, { parameterName: 'Input Binary Field' });
	await waitForAssetReady(ctx, uploaded.assetId, { itemIndex, maxWaitMs: ASSET_READY_MAX_WAIT_MS });
	return { video: { type: 'asset_id', asset_id: uploaded.assetId } };
}
