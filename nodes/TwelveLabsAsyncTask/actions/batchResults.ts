import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FINISHED_ITEM_STATUSES } from '../../TwelveLabs/requests/batch';
import type { AnalyzeBatch, BatchResultLine, ResultContext } from '../../TwelveLabs/responses/batch';
import { batchResultOutput } from '../../TwelveLabs/responses/batch';
import { readBatchResults } from './batchApi';

export type ResultsInclude = 'all' | 'finished';

/** Which result lines become items, for an Options collection. */
export const includeResultsField: INodeProperties = {
	displayName: 'Include',
	name: 'include',
	type: 'options',
	options: [
		{
			name: 'All Videos With Their Status',
			value: 'all',
			description: 'One item per video: finished ones with their answer or error, others with their status (queued or processing)',
		},
		{
			name: 'Finished Videos Only',
			value: 'finished',
			description: 'Only videos that are ready, failed or canceled, e.g. to collect results while the batch runs',
		},
	],
	default: 'all',
	description: 'Which videos of the batch to output; results can be read while the batch is still running',
};

export function readInclude(options: IDataObject): ResultsInclude {
	return options.include === 'finished' ? 'finished' : 'all';
}

export interface ResultsReading {
	include: ResultsInclude;
	splitIntoItems: boolean;
	/** What the node knows about the line's video (the request it sent, the video's length). */
	contextOf?: (line: BatchResultLine) => Partial<ResultContext>;
	/** Added to every item, e.g. that the batch was still running when the wait ended. */
	extra?: IDataObject;
}

/**
 * The batch's results as output items, one per video (or per segment with Split Into Items),
 * handed to `emit` line by line as they are read from the stream.
 */
export async function emitBatchResults(
	ctx: IExecuteFunctions,
	itemIndex: number,
	batch: AnalyzeBatch,
	reading: ResultsReading,
	emit: (line: BatchResultLine, items: IDataObject[]) => void,
): Promise<void> {
	for await (const line of readBatchResults(ctx, itemIndex, batch.batch_id)) {
		if (reading.include === 'finished' && !FINISHED_ITEM_STATUSES.has(line.status)) continue;
		const context: ResultContext = { batchId: batch.batch_id, analysisMode: batch.analysis_mode, ...reading.contextOf?.(line) };
		const items = batchResultOutput(line, context, reading.splitIntoItems);
		emit(line, reading.extra ? items.map((item) => ({ ...item, ...reading.extra })) : items);
	}
}
