import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItem } from '../../TwelveLabs/responses/batch';
import { batchIdProperty, readBatchId } from '../params/batchId';
import { getBatch } from './batchApi';

const properties: INodeProperties[] = [batchIdProperty('The batch to read, e.g. the batchId of a Create Batch output')];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['get'] } }, properties);

/** Reads one batch now: its status and how many of its items are queued, processing, ready, failed or canceled. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return batchItem(await getBatch(this, itemIndex, readBatchId(this, itemIndex)));
}
