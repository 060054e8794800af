import type { IExecuteFunctions } from 'n8n-workflow';

import type { CreatedBatch } from '../../TwelveLabs/responses/batch';
import { apiRequest } from '../../TwelveLabs/transport/request';
import type { AnalysisMode } from './create.operation';
import type { BatchEntry } from './batchEntries';
import { isAssetRefusal, readyEntries } from './batchEntries';

/** A batch TwelveLabs created, with the input items it holds. */
export interface SentBatch {
	created: CreatedBatch;
	entries: BatchEntry[];
}

function explainCreateError(status: number): string | undefined {
	if (status === 504 || status === 408 || status >= 500) {
		return 'The request was not sent again, because TwelveLabs may have created the batch anyway: check the Batch resource\'s List operation before running the node again.';
	}
	return undefined;
}

async function post(ctx: IExecuteFunctions, entries: BatchEntry[], mode: AnalysisMode): Promise<CreatedBatch> {
	return await apiRequest<CreatedBatch>(ctx, {
		method: 'POST',
		path: '/analyze/batches',
		// `model_name` and `analysis_mode` hold for the whole batch; each request carries its own settings.
		body: {
			model_name: 'pegasus1.5',
			analysis_mode: mode === 'segmentation' ? 'time_based_metadata' : 'general',
			requests: entries.map((entry) => entry.request),
		},
		itemIndex: entries[0].itemIndex,
		explain: explainCreateError,
	});
}

/**
 * Creates one batch of `entries`. When TwelveLabs refuses it for an asset (unknown: 404, still
 * processing: 409), the assets are looked up, the processing ones waited for, the items of
 * unknown or failed ones settled as failures, and the rest sent once more. Any other refusal
 * settles every item of the batch. Returns undefined when no item is left to send.
 */
export async function createBatch(
	ctx: IExecuteFunctions,
	entries: BatchEntry[],
	mode: AnalysisMode,
	assetWaitMs: number,
	settle: (entry: BatchEntry, error: unknown) => void,
): Promise<SentBatch | undefined> {
	let sending = entries;
	for (let attempt = 0; sending.length; attempt++) {
		try {
			return { created: await post(ctx, sending, mode), entries: sending };
		} catch (error) {
			if (attempt > 0 || !isAssetRefusal(error)) {
				for (const entry of sending) settle(entry, error);
				return undefined;
			}
		}
		sending = await readyEntries(ctx, sending, assetWaitMs, settle);
	}
	return undefined;
}
