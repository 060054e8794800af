import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireId } from '../../TwelveLabs/requests/invalidParameter';

/** The batch an operation works on, typed or mapped from an earlier node (e.g. `{{ $json.batchId }}`). */
export function batchIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Batch ID',
		name: 'batchId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 68f4ddaf8aaa60d33df0e8ff',
		description,
	};
}

export function readBatchId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireId({ node: ctx.getNode(), itemIndex }, 'Batch ID', ctx.getNodeParameter('batchId', itemIndex, ''));
}
