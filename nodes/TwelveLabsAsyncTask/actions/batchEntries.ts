import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readGenerationOptions, readModel } from '../../TwelveLabs/params/modelOptions';
import { assetWaitFix } from '../../TwelveLabs/params/assetWait';
import { batchItemRequest, batchModel } from '../../TwelveLabs/requests/batch';
import { customIdField } from '../../TwelveLabs/requests/customId';
import { generationOptionsBody } from '../../TwelveLabs/requests/generationOptions';
import { requireAssetUrl } from '../../TwelveLabs/requests/assetUpload';
import { invalidParameter, requireId } from '../../TwelveLabs/requests/invalidParameter';
import { parameterText } from '../../TwelveLabs/params/parameterText';
import { waitForAssetReady } from '../../TwelveLabs/transport/assetReady';
import { iteratePages } from '../../TwelveLabs/transport/paginate';
import type { VideoFacts } from '../../TwelveLabs/upload/videoField';
import type { AnalysisMode } from './create.operation';
import { analysisFields } from './create.operation';

/** Where an item's video comes from; a batch takes assets only, so the others become assets first. */
export type BatchVideo = { kind: 'assetId'; assetId: string } | { kind: 'url'; url: string } | { kind: 'binary'; propertyName: string };

/** What happens to an item that fails: with Continue On Fail it becomes an error item; otherwise the node stops (it throws). */
export type SettleFailure = (itemIndex: number, error: unknown) => void;

/** One input item as a request of a batch. */
export interface BatchEntry {
	itemIndex: number;
	/** The `requests` entry (schema BatchItemRequest); its `video` is set once the asset is known. */
	request: IDataObject;
	video: BatchVideo;
	/** The asset the item's video is (given, or made from its URL or binary). */
	assetId: string;
	/** What the node learned about the video (its length, once an asset it waited for is ready). */
	facts: VideoFacts;
}

export function readAnalysisMode(ctx: IExecuteFunctions): AnalysisMode {
	const mode = ctx.getNodeParameter('analysisMode', 0, 'general') as AnalysisMode;
	if (mode !== 'general' && mode !== 'segmentation') {
		throw invalidParameter({ node: ctx.getNode(), itemIndex: 0 }, 'Analysis Mode', `"${String(mode)}" is not an analysis mode`, 'Choose General or Segmentation.');
	}
	return mode;
}

/**
 * Reads and checks one input item as a batch request, with the rules of Create (prompt,
 * structured output, segmentation, generation options, custom ID), plus the batch's own:
 * Pegasus 1.5 only, videos by asset ID. Nothing is sent.
 */
export async function readBatchEntry(ctx: IExecuteFunctions, itemIndex: number, mode: AnalysisMode): Promise<BatchEntry> {
	const scope = { node: ctx.getNode(), itemIndex };
	const model = batchModel(scope, readModel(ctx, itemIndex));
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const customId = customIdField(scope, ctx.getNodeParameter('customId', itemIndex, ''));
	const generation = generationOptionsBody(scope, model, mode, readGenerationOptions(ctx, itemIndex));
	const clipWindowSet = generation.start_time !== undefined || generation.end_time !== undefined;
	const analysis = await analysisFields(ctx, itemIndex, model, mode, options, clipWindowSet);
	const video = readBatchVideo(ctx, itemIndex);
	const request = batchItemRequest({ ...customId, ...analysis, ...generation });
	const entry: BatchEntry = { itemIndex, request, video, assetId: '', facts: {} };
	if (video.kind === 'assetId') useAsset(entry, video.assetId);
	return entry;
}

/** The item's video source, checked; nothing is sent. */
function readBatchVideo(ctx: IExecuteFunctions, itemIndex: number): BatchVideo {
	const scope = { node: ctx.getNode(), itemIndex };
	const source = ctx.getNodeParameter('videoSource', itemIndex, 'url') as string;
	switch (source) {
		case 'assetId':
			return { kind: 'assetId', assetId: requireId(scope, 'Asset', ctx.getNodeParameter('assetId', itemIndex, '', { extractValue: true })) };
		case 'url':
			return { kind: 'url', url: requireAssetUrl(scope, 'Video URL', ctx.getNodeParameter('videoUrl', itemIndex, '')) };
		case 'binary': {
			const propertyName = parameterText(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
			if (!propertyName) throw invalidParameter(scope, 'Input Binary Field', 'is empty', 'Enter the name of the binary field that holds the video, e.g. data.');
			return { kind: 'binary', propertyName };
		}
		default:
			throw invalidParameter(scope, 'Video Source', `"${source}" is not a video source`, 'Choose Asset, URL or Binary File.');
	}
}

/** Points the item's request at its asset. */
export function useAsset(entry: BatchEntry, assetId: string): void {
	entry.assetId = assetId;
	entry.request = { video: { type: 'asset_id', asset_id: assetId }, ...entry.request };
}

interface ListedAsset extends IDataObject {
	_id?: string;
	status?: string;
}

/** The statuses of the batch's assets, read 50 at a time (`GET /assets?asset_ids=…`); a missing one is unknown to TwelveLabs. */
async function assetStatuses(ctx: IExecuteFunctions, itemIndex: number, assetIds: string[]): Promise<Map<string, string>> {
	const statuses = new Map<string, string>();
	const unique = [...new Set(assetIds)];
	for (let start = 0; start < unique.length; start += 50) {
		const ids = unique.slice(start, start + 50);
		for await (const { items } of iteratePages<ListedAsset>(ctx, { method: 'GET', path: '/assets', qs: { asset_ids: ids }, itemIndex })) {
			for (const asset of items) if (typeof asset._id === 'string') statuses.set(asset._id, String(asset.status ?? ''));
		}
	}
	return statuses;
}

/** Whether TwelveLabs refused a batch because of one of its assets: 404 (unknown) or 409 (not ready yet). */
export function isAssetRefusal(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = String(error.httpCode);
	return status === '404' || status === '409';
}

/**
 * After TwelveLabs refused a batch for an asset (unknown, or not ready yet), finds which: assets
 * still processing are waited for (at most `assetWaitMs`), unknown and failed ones fail their
 * item (naming it and the Asset parameter). `settle` decides what a failed item does (Continue
 * On Fail: an error item; otherwise the node stops). Returns the entries that can be sent again.
 */
export async function readyEntries(
	ctx: IExecuteFunctions,
	entries: BatchEntry[],
	assetWaitMs: number,
	settle: SettleFailure,
): Promise<BatchEntry[]> {
	const statuses = await assetStatuses(ctx, entries[0].itemIndex, entries.map((entry) => entry.assetId));
	const ready: BatchEntry[] = [];
	await Promise.all(
		entries.map(async (entry) => {
			const scope = { node: ctx.getNode(), itemIndex: entry.itemIndex };
			const status = statuses.get(entry.assetId);
			try {
				if (status === undefined) {
					throw invalidParameter(scope, 'Asset', `TwelveLabs has no asset ${entry.assetId}`, 'Check the asset ID, and that the asset belongs to the account of this credential.');
				}
				if (status !== 'ready') {
					const asset = await waitForAssetReady(ctx, entry.assetId, { itemIndex: entry.itemIndex, maxWaitMs: assetWaitMs, timeoutFix: assetWaitFix(assetWaitMs) });
					if (typeof asset.duration === 'number') entry.facts.durationSeconds = asset.duration;
				}
				ready.push(entry);
			} catch (error) {
				settle(entry.itemIndex, error instanceof Error ? error : new NodeOperationError(ctx.getNode(), String(error), { itemIndex: entry.itemIndex }));
			}
		}),
	);
	return ready.sort((a, b) => a.itemIndex - b.itemIndex);
}
