import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { assetWaitFix } from '../params/assetWait';
import type { VideoSourceResult } from '../params/videoSource';
import { waitForAssetReady } from '../transport/assetReady';
import { apiRequest } from '../transport/request';
import { uploadBinaryAsAsset } from './uploadBinaryAsAsset';

/**
 * What the node learned about an item's video on the way, for the item's usage; filled in as it
 * is learned. TwelveLabs' own measurement (a ready asset's `duration`) is what the node records
 * from the asset waits below; a pre-flight read of the file's header can set it before that.
 */
export interface VideoFacts {
	durationSeconds?: number;
}

/** Records a ready asset's duration, which TwelveLabs reports once it processed the file. */
function noteAssetDuration(facts: VideoFacts | undefined, asset: IDataObject): void {
	if (facts && typeof asset.duration === 'number' && Number.isFinite(asset.duration)) facts.durationSeconds = asset.duration;
}

/**
 * The `video` field of an analysis request (sync or task). A binary over 30 MB cannot be sent inline: it is uploaded as
 * an asset and given by asset ID once TwelveLabs has processed it, waiting at most `assetWaitMs`.
 * Call this last, after every other check, because an upload sends requests.
 */
export async function videoField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: VideoSourceResult,
	assetWaitMs: number,
	facts?: VideoFacts,
): Promise<IDataObject> {
	// The file's own header gives the length first; TwelveLabs' figure for an uploaded asset replaces it.
	if (facts && source.video?.durationSeconds !== undefined) facts.durationSeconds = source.video.durationSeconds;
	if (source.fields) return source.fields;
	const uploaded = await uploadBinaryAsAsset(ctx, itemIndex, source.largeBinary.propertyName, { parameterName: 'Input Binary Field' });
	const asset = await waitForAssetReady(ctx, uploaded.assetId, { itemIndex, maxWaitMs: assetWaitMs, timeoutFix: assetWaitFix(assetWaitMs) });
	noteAssetDuration(facts, asset);
	return { video: { type: 'asset_id', asset_id: uploaded.assetId } };
}

/**
 * Sends an analysis request (`send`) for `body`. TwelveLabs answers 400 when the request's asset is
 * still processing; then the asset is waited for (at most `assetWaitMs`) and the request sent once
 * more. Asking only after a 400 keeps the usual case at one request. A 400 creates nothing, so
 * sending again cannot analyze twice.
 */
export async function sendWhenAssetReady<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	assetWaitMs: number,
	send: () => Promise<T>,
	facts?: VideoFacts,
): Promise<T> {
	let refusal: unknown;
	try {
		return await send();
	} catch (error) {
		refusal = error;
	}
	const video = body.video as IDataObject | undefined;
	if (!(refusal instanceof NodeApiError) || String(refusal.httpCode) !== '400' || video?.type !== 'asset_id') throw refusal;
	const assetId = String(video.asset_id);
	const path = `/assets/${encodeURIComponent(assetId)}`;
	const asset = await apiRequest(ctx, { method: 'GET', path, itemIndex }).catch(() => undefined);
	// A ready asset (or one that cannot be read) was not the cause: TwelveLabs' answer stands.
	if (!asset || asset.status === 'ready') throw refusal;
	const ready = await waitForAssetReady(ctx, assetId, { itemIndex, maxWaitMs: assetWaitMs, timeoutFix: assetWaitFix(assetWaitMs) });
	noteAssetDuration(facts, ready);
	return await send();
}
