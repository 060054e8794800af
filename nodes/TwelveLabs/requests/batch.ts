import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';
import { PEGASUS_1_5 } from './models';

/** TwelveLabs takes 1 to 1,000 requests per batch; more are sent as several batches. */
export const MAX_BATCH_REQUESTS = 1000;
/** At most this many batches of one account are active (pending, processing, canceling) at once. */
export const MAX_ACTIVE_BATCHES = 5;
export const ACTIVE_BATCH_STATUSES = ['pending', 'processing', 'canceling'];
/** A batch never changes again after these (it never becomes `failed`). */
export const TERMINAL_BATCH_STATUSES: ReadonlySet<string> = new Set(['completed', 'canceled', 'expired']);
/** Item statuses after which an item's result does not change. */
export const FINISHED_ITEM_STATUSES: ReadonlySet<string> = new Set(['ready', 'failed', 'canceled']);

/** Batch analysis runs on Pegasus 1.5 only; any other model is refused before anything is sent. */
export function batchModel(scope: ParameterScope, model: string): string {
	if (model !== PEGASUS_1_5) {
		throw invalidParameter(
			scope,
			'Model',
			`"${model}" cannot analyze in a batch; TwelveLabs runs batches on ${PEGASUS_1_5} only`,
			`Choose Pegasus 1.5, or use the Analysis Task resource (Create) for other models.`,
		);
	}
	return model;
}

/**
 * One entry of `requests` (schema BatchItemRequest) from the fields of a single analysis task
 * (`POST /analyze/tasks`), so a batch item is checked by the same rules as Create. Two things
 * differ: the batch's prompt is the object `{input_text, media_sources}` (a task's `prompt` text
 * or `prompt_v2`), and `analysis_mode` and `model_name` belong to the whole batch.
 */
export function batchItemRequest(taskFields: IDataObject): IDataObject {
	const { prompt, prompt_v2: structured, analysis_mode: _mode, model_name: _model, ...rest } = taskFields;
	const item: IDataObject = { ...rest };
	if (typeof prompt === 'string') item.prompt = { input_text: prompt };
	else if (structured && typeof structured === 'object') item.prompt = structured;
	return item;
}

/** Input items in order, in groups of at most `size`. */
export function inBatches<T>(entries: T[], size = MAX_BATCH_REQUESTS): T[][] {
	const groups: T[][] = [];
	for (let start = 0; start < entries.length; start += size) groups.push(entries.slice(start, start + size));
	return groups;
}

/**
 * The items of one batch whose `custom_id` an earlier item of the same batch already uses
 * (TwelveLabs refuses the whole batch for one), each with the error that names both items.
 */
export function duplicateCustomIds(
	scopeOf: (itemIndex: number) => ParameterScope,
	entries: Array<{ itemIndex: number; request: IDataObject }>,
): Map<number, Error> {
	const firstUse = new Map<string, number>();
	const duplicates = new Map<number, Error>();
	for (const { itemIndex, request } of entries) {
		const id = request.custom_id;
		if (typeof id !== 'string') continue;
		const earlier = firstUse.get(id);
		if (earlier === undefined) {
			firstUse.set(id, itemIndex);
			continue;
		}
		duplicates.set(
			itemIndex,
			invalidParameter(
				scopeOf(itemIndex),
				'Custom ID',
				`"${id}" is also the custom ID of item ${earlier + 1}; TwelveLabs needs each custom ID once per batch`,
				'Give every item its own custom ID (e.g. {{ $json.id }} or {{ $itemIndex }}), or leave Custom ID empty.',
			),
		);
	}
	return duplicates;
}
