import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchIdProperty, readBatchId } from '../params/batchId';
import { getBatch } from './batchApi';
import { emitBatchResults, includeResultsField, readInclude } from './batchResults';
import { splitIntoItemsField } from './taskOutput';

const properties: INodeProperties[] = [
	batchIdProperty('The batch whose results to read, e.g. the batchId of a Create Batch output'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [includeResultsField, splitIntoItemsField],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['getResults'] } }, properties);

/**
 * One item per video of the batch (`GET /analyze/batches/{id}/results`), its answer parsed as
 * the task operations parse it; also while the batch runs. The batch is read first for its
 * analysis mode (segmentation answers are segments) and status.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const batchId = readBatchId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const batch = await getBatch(this, itemIndex, batchId);
	const output: IDataObject[] = [];
	await emitBatchResults(
		this,
		itemIndex,
		batch,
		{ include: readInclude(options), splitIntoItems: options.splitIntoItems === true, extra: { batchStatus: batch.status } },
		(_line, items) => output.push(...items),
	);
	return output;
}
