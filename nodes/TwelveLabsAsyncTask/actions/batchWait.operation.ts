import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AnalyzeBatch } from '../../TwelveLabs/responses/batch';
import { batchItem } from '../../TwelveLabs/responses/batch';
import { batchIdProperty, readBatchId } from '../params/batchId';
import { readWaitSettings, waitOptionFields } from '../params/waitOptions';
import { waitForBatch } from './batchApi';
import type { WaitReport } from './taskOutput';

const properties: INodeProperties[] = [
	batchIdProperty('The batch to wait for, e.g. the batchId of a Create Batch output'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptionFields(),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['wait'] } }, properties);

/** The note on an item whose batch was still running when the wait ended. */
export function stillRunningNote(batch: AnalyzeBatch, wait: WaitReport): IDataObject {
	if (wait.done) return {};
	const seconds = Math.round(wait.waitedMs / 1000);
	return {
		stillRunning: true,
		message: `Batch ${batch.batch_id} is still ${batch.status} after ${seconds} s of waiting. Use Wait for Completion or Get Results with batch ID ${batch.batch_id} to pick up the results later.`,
	};
}

/** Waits until the batch is completed, canceled or expired (or the maximum wait is over) and outputs it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const batchId = readBatchId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outcome = await waitForBatch(this, itemIndex, batchId, readWaitSettings(scope, options));
	return { ...batchItem(outcome.value), ...stillRunningNote(outcome.value, outcome) };
}
