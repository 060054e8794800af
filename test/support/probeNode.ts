/**
 * A test-only node that sends one TwelveLabs request through the core's transport, as a
 * shipped node would: it lets the transport's retry rules be checked on routes no shipped
 * node calls yet (creates), through n8n's real execution context and helpers.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runPerItem } from '../../nodes/TwelveLabs/execution/runPerItem';
import type { RetryMode, RetryPolicy } from '../../nodes/TwelveLabs/transport/retryPolicy';
import { DEFAULT_RETRY_POLICY } from '../../nodes/TwelveLabs/transport/retryPolicy';
import { apiRequest } from '../../nodes/TwelveLabs/transport/request';

export const PROBE_NODE_TYPE = 'n8n-nodes-twelvelabs-test.probe';

export class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Sends one TwelveLabs request through the shared transport',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '/indexes' },
			{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			{ displayName: 'Retry', name: 'retry', type: 'string', default: '' },
			{ displayName: 'Retry Policy (JSON, over the default)', name: 'policy', type: 'json', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, async function (itemIndex) {
			const body = this.getNodeParameter('body', itemIndex, '') as string | IDataObject;
			const retry = this.getNodeParameter('retry', itemIndex, '') as string;
			const policy = this.getNodeParameter('policy', itemIndex, '') as string;
			const answer = await apiRequest(this, {
				method: this.getNodeParameter('method', itemIndex) as 'GET',
				path: this.getNodeParameter('path', itemIndex) as string,
				body: typeof body === 'string' ? (body ? (JSON.parse(body) as IDataObject) : undefined) : body,
				retry: retry ? (retry as RetryMode) : undefined,
				policy: policy ? { ...DEFAULT_RETRY_POLICY, ...(JSON.parse(policy) as Partial<RetryPolicy>) } : undefined,
				itemIndex,
			});
			return { answer: answer ?? null };
		});
	}
}
