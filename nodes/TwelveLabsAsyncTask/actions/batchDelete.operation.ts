import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../TwelveLabs/transport/request';
import { batchIdProperty, readBatchId } from '../params/batchId';
import { batchPath } from './batchApi';

const properties: INodeProperties[] = [batchIdProperty('The completed, canceled or expired batch to delete, with its tasks and results')];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['delete'] } }, properties);

function explain(status: number, code: string | undefined): string | undefined {
	if (status === 409 && (code === 'batch_not_terminal' || code === undefined)) {
		return 'The batch is still pending, processing or canceling. Cancel it (Cancel operation) and wait until it is canceled (Wait for Completion), or let it complete, then delete it. Deleting does not change what is billed.';
	}
	if (status === 404) return 'No batch has this ID: it may have been deleted already.';
	return undefined;
}

/** Deletes a finished batch with its tasks and results (`DELETE /analyze/batches/{id}`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const batchId = readBatchId(this, itemIndex);
	await apiRequest(this, { method: 'DELETE', path: batchPath(batchId), itemIndex, explain });
	return { batchId, deleted: true };
}
