import type { IExecuteFunctions } from 'n8n-workflow';

import { assetWaitFix } from '../../TwelveLabs/params/assetWait';
import { taskAnalysis } from '../../TwelveLabs/preflight/videoRequirements';
import { waitForAssetReady } from '../../TwelveLabs/transport/assetReady';
import { uploadBinaryAsAsset } from '../../TwelveLabs/upload/uploadBinaryAsAsset';
import { createAssetFromUrl } from '../../TwelveLabs/upload/urlAsset';
import type { BatchEntry, SettleFailure } from './batchEntries';
import { useAsset } from './batchEntries';

/** Videos turned into assets at once: uploads and downloads by TwelveLabs overlap, within reason. */
const ASSET_CONCURRENCY = 5;

/** Makes the item's URL or binary video an asset and waits until TwelveLabs has processed it. */
async function assetFor(ctx: IExecuteFunctions, entry: BatchEntry, assetWaitMs: number): Promise<void> {
	const { itemIndex, video } = entry;
	let assetId: string;
	if (video.kind === 'url') {
		const asset = await createAssetFromUrl(ctx, itemIndex, video.url);
		assetId = String(asset._id ?? asset.id);
	} else if (video.kind === 'binary') {
		const clipWindow = entry.request.start_time !== undefined || entry.request.end_time !== undefined;
		// The file's header is checked against what an analysis task takes before it is uploaded.
		const uploaded = await uploadBinaryAsAsset(ctx, itemIndex, video.propertyName, {
			parameterName: 'Input Binary Field',
			videoRequirements: taskAnalysis(clipWindow),
		});
		if (uploaded.video?.durationSeconds !== undefined) entry.facts.durationSeconds = uploaded.video.durationSeconds;
		assetId = uploaded.assetId;
	} else return;
	const ready = await waitForAssetReady(ctx, assetId, { itemIndex, maxWaitMs: assetWaitMs, timeoutFix: assetWaitFix(assetWaitMs) });
	if (typeof ready.duration === 'number') entry.facts.durationSeconds = ready.duration;
	useAsset(entry, assetId);
}

/**
 * Turns every URL and binary video into a ready asset, several at a time (a batch takes videos
 * by asset ID only). An item whose video cannot become an asset is settled as a failure (with
 * Continue On Fail an error item; otherwise the node stops); the others are returned.
 */
export async function withAssets(
	ctx: IExecuteFunctions,
	entries: BatchEntry[],
	assetWaitMs: number,
	settle: SettleFailure,
): Promise<BatchEntry[]> {
	const pending = entries.filter((entry) => entry.video.kind !== 'assetId');
	const failed = new Set<BatchEntry>();
	let next = 0;
	const worker = async () => {
		while (next < pending.length) {
			const entry = pending[next++];
			try {
				await assetFor(ctx, entry, assetWaitMs);
			} catch (error) {
				failed.add(entry);
				settle(entry.itemIndex, error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(ASSET_CONCURRENCY, pending.length) }, worker));
	return entries.filter((entry) => !failed.has(entry));
}
