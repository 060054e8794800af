import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ItemOperation } from '../TwelveLabs/execution/runPerItem';
import { runPerItem, selectOperation } from '../TwelveLabs/execution/runPerItem';
import { searchAssets } from '../TwelveLabs/methods/searchAssets';
import * as createFromUrl from './actions/createFromUrl.operation';
import * as deleteAsset from './actions/delete.operation';
import * as get from './actions/get.operation';
import * as list from './actions/list.operation';
import * as updateUserMetadata from './actions/updateUserMetadata.operation';
import * as upload from './actions/upload.operation';
import * as waitUntilReady from './actions/waitUntilReady.operation';

const operations: Record<string, ItemOperation> = {
	createFromUrl: createFromUrl.execute,
	delete: deleteAsset.execute,
	get: get.execute,
	list: list.execute,
	updateUserMetadata: updateUserMetadata.execute,
	upload: upload.execute,
	waitUntilReady: waitUntilReady.execute,
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
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Asset', value: 'asset' }],
				default: 'asset',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create From URL',
						value: 'createFromUrl',
						action: 'Create an asset from a URL',
						description: 'Have TwelveLabs fetch a video, audio or image from a public URL',
					},
					{ name: 'Delete', value: 'delete', action: 'Delete an asset', description: 'Delete an asset for good' },
					{ name: 'Get', value: 'get', action: 'Get an asset', description: 'Retrieve one asset with its status and metadata' },
					{ name: 'List', value: 'list', action: 'List assets', description: 'List assets, newest first' },
					{
						name: 'Update User Metadata',
						value: 'updateUserMetadata',
						action: 'Update the user metadata of an asset',
						description: 'Merge, replace or clear the keys and values stored with an asset',
					},
					{
						name: 'Upload',
						value: 'upload',
						action: 'Upload a file as an asset',
						description: 'Upload a binary file from the input item (up to 10 GB, streamed)',
					},
					{
						name: 'Wait Until Ready',
						value: 'waitUntilReady',
						action: 'Wait until an asset is ready',
						description: 'Wait until TwelveLabs has processed an asset',
					},
				],
				default: 'get',
			},
			...createFromUrl.description,
			...deleteAsset.description,
			...get.description,
			...list.description,
			...updateUserMetadata.description,
			...upload.description,
			...waitUntilReady.description,
		],
	};

	methods = { listSearch: { searchAssets } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, selectOperation(this, operations).run);
	}
}
