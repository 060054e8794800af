import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { errorItem, stoppingError } from '../../TwelveLabs/execution/runPerItem';
import type { BatchResultLine, ResultContext } from '../../TwelveLabs/responses/batch';
import type { WaitSettings } from '../params/waitOptions';
import { waitForBatch } from './batchApi';
import type { BatchEntry } from './batchEntries';
import type { ResultsInclude } from './batchResults';
import { emitBatchResults } from './batchResults';
import type { SentBatch } from './batchSend';
import { stillRunningNote } from './batchWait.operation';

/** Output items that belong at an input item's place. */
export interface PlacedItems {
	itemIndex: number;
	items: INodeExecutionData[];
}

export interface OutcomeSettings {
	wait?: WaitSettings;
	include: ResultsInclude;
	splitIntoItems: boolean;
}

/**
 * Which input item each task of a batch came from. TwelveLabs answers one task per request in
 * request order; a custom ID, when there is one, is matched by value so an answer in another
 * order still pairs each task with its own video.
 */
export function entriesByTask(batch: SentBatch): Map<string, BatchEntry> {
	const byCustomId = new Map<string, BatchEntry>();
	for (const entry of batch.entries) if (typeof entry.request.custom_id === 'string') byCustomId.set(entry.request.custom_id, entry);
	const byTask = new Map<string, BatchEntry>();
	batch.created.items.forEach((task, position) => {
		const entry = (task.custom_id ? byCustomId.get(task.custom_id) : undefined) ?? batch.entries[position];
		if (entry) byTask.set(task.task_id, entry);
	});
	return byTask;
}

function paired(entries: BatchEntry[]): IPairedItemData[] {
	return entries.map((entry) => ({ item: entry.itemIndex }));
}

/** Without waiting: one item per batch, paired with all the input items it holds. */
function createdItem(batch: SentBatch): PlacedItems {
	const byTask = entriesByTask(batch);
	const { created } = batch;
	const json: IDataObject = {
		batchId: created.batch_id,
		status: created.status,
		totalItems: created.total_items,
		createdAt: created.created_at ?? null,
		expiresAt: created.expires_at ?? null,
		tasks: created.items.map((task) => ({ taskId: task.task_id, customId: task.custom_id, inputItem: byTask.get(task.task_id)?.itemIndex ?? null })),
	};
	return { itemIndex: batch.entries[0].itemIndex, items: [{ json, pairedItem: paired(batch.entries) }] };
}

function contextFor(entry: BatchEntry | undefined): Partial<ResultContext> {
	if (!entry) return {};
	const format = entry.request.response_format as IDataObject | undefined;
	return { sentRequest: entry.request, videoDurationSeconds: entry.facts.durationSeconds, jsonSchema: format?.type === 'json_schema' };
}

/** Waits for one batch, then reads its results: one item per video, at the place of the input item it came from. */
async function resultItems(ctx: IExecuteFunctions, batch: SentBatch, settings: OutcomeSettings, wait: WaitSettings): Promise<PlacedItems[]> {
	const first = batch.entries[0].itemIndex;
	const outcome = await waitForBatch(ctx, first, batch.created.batch_id, wait, true);
	const byTask = entriesByTask(batch);
	const placed = new Map<number, PlacedItems>();
	const extra = stillRunningNote(outcome.value, outcome);
	await emitBatchResults(
		ctx,
		first,
		outcome.value,
		{ include: settings.include, splitIntoItems: settings.splitIntoItems, contextOf: (line) => contextFor(byTask.get(line.task_id)), extra: { batchStatus: outcome.value.status, ...extra } },
		(line: BatchResultLine, items) => {
			const entry = byTask.get(line.task_id);
			// A task the create answer did not list cannot be traced to one video: it pairs with all of them.
			const itemIndex = entry?.itemIndex ?? first;
			const pairedItem = entry ? { item: entry.itemIndex } : paired(batch.entries);
			const slot = placed.get(itemIndex) ?? { itemIndex, items: [] };
			// The asset is worth keeping when the node made it from a URL or a file.
			const assetId = entry ? { assetId: entry.assetId } : {};
			slot.items.push(...items.map((json) => ({ json: { ...json, ...assetId }, pairedItem })));
			placed.set(itemIndex, slot);
		},
	);
	return [...placed.values()];
}

/**
 * The node's output for the batches it created: one item per batch, or, when waiting, one item
 * per video (per segment with Split Into Items). With Continue On Fail, a batch whose wait or
 * results fail gives each of its input items an error item; otherwise the node stops.
 */
export async function batchOutcomes(ctx: IExecuteFunctions, batches: SentBatch[], settings: OutcomeSettings): Promise<PlacedItems[]> {
	const { wait } = settings;
	if (!wait) return batches.map(createdItem);
	const continueOnFail = ctx.continueOnFail();
	const results = await Promise.all(
		batches.map(async (batch) => {
			try {
				return await resultItems(ctx, batch, settings, wait);
			} catch (error) {
				if (!continueOnFail) throw stoppingError(ctx, error, batch.entries[0].itemIndex);
				return batch.entries.map((entry) => ({ itemIndex: entry.itemIndex, items: [errorItem(error, entry.itemIndex)] }));
			}
		}),
	);
	return results.flat();
}
