import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { ItemOperation } from '../TwelveLabs/execution/runPerItem';
import { runPerItem } from '../TwelveLabs/execution/runPerItem';
import { searchAssets } from '../TwelveLabs/methods/searchAssets';
import * as get from './actions/get.operation';
import * as list from './actions/list.operation';

const operations: Record<string, ItemOperation> = {
	get: get.execute,
	list: list.execute,
};

export class TwelveLabsAsset implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Asset',
		name: 'twelveLabsAsset',
		icon: { light: 'file:../TwelveLabs/twelvelabs.svg', dark: 'file:../TwelveLabs/twelvelabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Manage the videos, audio and images stored in TwelveLabs',
		defaults: { name: 'TwelveLabs Asset' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Get', value: 'get', action: 'Get an asset', description: 'Retrieve one asset with its status and metadata' },
					{ name: 'List', value: 'list', action: 'List assets', description: 'List assets, newest first' },
				],
				default: 'get',
			},
			...get.description,
			...list.description,
		],
	};

	methods = { listSearch: { searchAssets } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[operation];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		}
		return await runPerItem(this, run);
	}
}
