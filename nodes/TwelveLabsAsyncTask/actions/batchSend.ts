import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ACTIVE_BATCH_STATUSES, MAX_ACTIVE_BATCHES } from '../../TwelveLabs/requests/batch';
import type { AnalyzeBatch, CreatedBatch } from '../../TwelveLabs/responses/batch';
import { cancelSignalOf } from '../../TwelveLabs/transport/context';
import type { ListResponse } from '../../TwelveLabs/transport/paginate';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { DEFAULT_RETRY_POLICY } from '../../TwelveLabs/transport/retryPolicy';
import { waitUntilDone } from '../../TwelveLabs/transport/waitUntilDone';
import type { WaitSettings } from '../params/waitOptions';
import { MAX_POLL_INTERVAL_MS } from '../params/waitOptions';
import type { AnalysisMode } from './create.operation';
import type { BatchEntry, SettleFailure } from './batchEntries';
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

/**
 * A 429 of the create comes back at once instead of being waited out by the transport: it may
 * mean the account's 5 active batches, which the rate-limit wait cannot tell apart and would
 * wait out only for minutes while pausing every other request of the credential.
 */
const NO_RATE_LIMIT_WAIT = { ...DEFAULT_RETRY_POLICY, maxRateLimitWaitMs: 0 };

async function post(ctx: IExecuteFunctions, entries: BatchEntry[], mode: AnalysisMode, firstTry: boolean): Promise<CreatedBatch> {
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
		...(firstTry ? { policy: NO_RATE_LIMIT_WAIT } : {}),
	});
}

function isRateLimited(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '429';
}

/** The account's active batches (pending, processing, canceling), newest first, up to 50. */
async function activeBatches(ctx: IExecuteFunctions, itemIndex: number): Promise<AnalyzeBatch[]> {
	const answer = await apiRequest<ListResponse<AnalyzeBatch>>(ctx, {
		method: 'GET',
		path: '/analyze/batches',
		qs: { status: ACTIVE_BATCH_STATUSES, page: 1, page_limit: 50 },
		itemIndex,
	});
	return Array.isArray(answer?.data) ? answer.data : [];
}

/**
 * After a 429: when the account has its 5 active batches, waits (the batch wait's backoff, up to
 * Max Wait, n8n's stop signal) until one of them ends, and says plainly why it cannot start when
 * none does. Returns false when fewer are active: then the 429 was the request rate limit.
 */
async function waitForBatchSlot(ctx: IExecuteFunctions, itemIndex: number, settings: WaitSettings): Promise<boolean> {
	const active = await activeBatches(ctx, itemIndex);
	if (active.length < MAX_ACTIVE_BATCHES) return false;
	const signal = cancelSignalOf(ctx);
	let latest = active;
	const outcome = await waitUntilDone(
		async () => (latest = await activeBatches(ctx, itemIndex)),
		(batches) => (batches.length < MAX_ACTIVE_BATCHES ? 'free' : 'full'),
		{
			maxWaitMs: settings.maxWaitMs,
			initialIntervalMs: settings.initialIntervalMs,
			maxIntervalMs: Math.max(settings.initialIntervalMs, MAX_POLL_INTERVAL_MS),
			signal,
			terminalStatuses: new Set(['free']),
		},
	).catch((error: unknown) => {
		if (signal?.aborted) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was stopped while waiting for a free batch slot', { itemIndex, description: 'No batch was created.' });
		}
		throw error;
	});
	if (outcome.done) return true;
	const ids = latest.map((batch) => `${batch.batch_id} (${batch.status})`).join(', ');
	throw new NodeOperationError(
		ctx.getNode(),
		`The batch cannot start: the account already has ${latest.length} active batches, and TwelveLabs allows ${MAX_ACTIVE_BATCHES}`,
		{
			itemIndex,
			description: `Waited ${Math.round(outcome.waitedMs / 1000)} s (Max Wait) for one of them to finish: ${ids}. Raise Max Wait, cancel one of them (Batch → Cancel), or run the workflow again later. No batch was created.`,
		},
	);
}

/**
 * Creates one batch of `entries`. When TwelveLabs refuses it for an asset (unknown: 404, still
 * processing: 409), the assets are looked up, the processing ones waited for, the items of
 * unknown or failed ones settled as failures, and the rest sent once more. A 429 with 5 active
 * batches waits for a slot (`slotWait`). Any other refusal settles every item of the batch.
 * Returns undefined when no item is left to send.
 */
export async function createBatch(
	ctx: IExecuteFunctions,
	entries: BatchEntry[],
	mode: AnalysisMode,
	assetWaitMs: number,
	slotWait: WaitSettings,
	settle: SettleFailure,
): Promise<SentBatch | undefined> {
	let sending = entries;
	let assetsChecked = false;
	let slotWaited = false;
	let firstTry = true;
	while (sending.length) {
		try {
			return { created: await post(ctx, sending, mode, firstTry), entries: sending };
		} catch (error) {
			firstTry = false;
			try {
				if (isRateLimited(error) && !slotWaited) {
					slotWaited = true;
					// A slot freed (or the 429 was the rate limit, which the transport now waits out): send again.
					await waitForBatchSlot(ctx, sending[0].itemIndex, slotWait);
					continue;
				}
			} catch (slotError) {
				for (const entry of sending) settle(entry.itemIndex, slotError);
				return undefined;
			}
			if (assetsChecked || !isAssetRefusal(error)) {
				for (const entry of sending) settle(entry.itemIndex, error);
				return undefined;
			}
		}
		assetsChecked = true;
		sending = await readyEntries(ctx, sending, assetWaitMs, settle);
	}
	return undefined;
}
