import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TwelveLabsContext } from './context';
import { cancelSignalOf } from './context';
import { apiRequest } from './request';
import { waitUntilDone } from './waitUntilDone';

export interface AssetWaitOptions {
	itemIndex: number;
	/** Give up (with an error) after this long. */
	maxWaitMs: number;
	/** First pause between polls; later ones grow x1.5 up to 30 s. */
	initialIntervalMs?: number;
	/** What to do when the asset is still processing at the end; by default, the Asset node's fix. */
	timeoutFix?: string;
}

/**
 * Polls `GET /assets/{id}` until the asset is `ready` and returns it. An asset that ends
 * `failed` throws with TwelveLabs' reason; one still processing after `maxWaitMs` throws a
 * timeout; n8n's "stop execution" ends the wait at once.
 */
export async function waitForAssetReady(ctx: TwelveLabsContext, assetId: string, options: AssetWaitOptions): Promise<IDataObject> {
	const { itemIndex } = options;
	const node = ctx.getNode();
	const signal = cancelSignalOf(ctx);
	const path = `/assets/${encodeURIComponent(assetId)}`;

	let failure: unknown;
	let outcome: Awaited<ReturnType<typeof waitUntilDone<IDataObject>>> | undefined;
	try {
		outcome = await waitUntilDone(
			async () => await apiRequest(ctx, { method: 'GET', path, itemIndex }),
			(asset) => String(asset.status ?? ''),
			{ maxWaitMs: options.maxWaitMs, initialIntervalMs: options.initialIntervalMs ?? 1_000, maxIntervalMs: 30_000, signal },
		);
	} catch (error) {
		failure = error;
	}
	if (signal?.aborted) {
		throw new NodeOperationError(node, `The execution was stopped while waiting for asset ${assetId} to be ready`, { itemIndex });
	}
	if (failure !== undefined || outcome === undefined) throw failure;

	const asset = outcome.value;
	if (outcome.status === 'ready') return asset;
	const seconds = Math.round(outcome.waitedMs / 1000);
	if (!outcome.done) {
		throw new NodeOperationError(node, `Asset ${assetId} is still ${outcome.status || 'processing'} after ${seconds} s`, {
			itemIndex,
			description:
				options.timeoutFix ??
				'Raise Max Wait, or continue without waiting and check later with the Wait Until Ready or Get operation. Big files can take several minutes to process.',
		});
	}
	const reason = (asset.error as IDataObject | undefined)?.message;
	throw new NodeOperationError(
		node,
		`Asset ${assetId} ${outcome.status === 'failed' ? 'failed' : `ended ${outcome.status}`}: ${
			typeof reason === 'string' && reason ? reason : 'TwelveLabs gave no reason'
		}`,
		{
			itemIndex,
			description: `TwelveLabs could not process "${String(asset.filename ?? assetId)}". Check that the file is a playable video, audio or image file within TwelveLabs' limits, then upload it again.`,
		},
	);
}
