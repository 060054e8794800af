import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AnalyzeBatch } from '../../TwelveLabs/responses/batch';
import { batchItem } from '../../TwelveLabs/responses/batch';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { batchIdProperty, readBatchId } from '../params/batchId';
import { batchPath } from './batchApi';

const properties: INodeProperties[] = [batchIdProperty('The pending or processing batch to cancel')];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['cancel'] } }, properties);

const FINISHED: Record<string, string> = {
	batch_completed: 'completed',
	batch_canceled: 'canceled',
	batch_expired: 'expired',
};

function explain(status: number, code: string | undefined): string | undefined {
	if (status === 409) {
		const state = code ? FINISHED[code] : undefined;
		return `The batch has already ${state ? `ended (${state})` : 'ended'}, so there is nothing to cancel. Its finished items stay readable with Get Results.`;
	}
	if (status === 404) return 'No batch has this ID: check it, or it may have been deleted.';
	return undefined;
}

/**
 * Asks TwelveLabs to cancel a batch (`POST /analyze/batches/{id}/cancel`): queued items are
 * canceled, items being processed finish. The batch is `canceling` until then, `canceled` after.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const batchId = readBatchId(this, itemIndex);
	// Canceling twice asks for the same thing, so a transient failure may be retried.
	const batch = await apiRequest<AnalyzeBatch>(this, { method: 'POST', path: batchPath(batchId, '/cancel'), retry: 'safe', itemIndex, explain });
	return { ...batchItem(batch), canceled: true };
}
