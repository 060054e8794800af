import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ItemOperation } from '../TwelveLabs/execution/runPerItem';
import { runPerItem, selectOperation } from '../TwelveLabs/execution/runPerItem';
import { searchAssets } from '../TwelveLabs/methods/searchAssets';
import * as batchCancel from './actions/batchCancel.operation';
import * as batchCreate from './actions/batchCreate.operation';
import * as batchDelete from './actions/batchDelete.operation';
import * as batchGet from './actions/batchGet.operation';
import * as batchGetResults from './actions/batchGetResults.operation';
import * as batchList from './actions/batchList.operation';
import * as batchWait from './actions/batchWait.operation';
import * as cancel from './actions/cancel.operation';
import * as create from './actions/create.operation';
import * as del from './actions/delete.operation';
import * as get from './actions/get.operation';
import * as list from './actions/list.operation';
import * as wait from './actions/wait.operation';
import { searchTasks } from './methods/searchTasks';

const taskOperations: Record<string, ItemOperation> = {
	cancel: cancel.execute,
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	list: list.execute,
	wait: wait.execute,
};

/** Batch operations that run once per input item (Create Batch runs once for all items). */
const batchOperations: Record<string, ItemOperation> = {
	cancel: batchCancel.execute,
	delete: batchDelete.execute,
	get: batchGet.execute,
	getResults: batchGetResults.execute,
	list: batchList.execute,
	wait: batchWait.execute,
};

/** Items that wait for a task are waited for side by side, so N tasks take about as long as the slowest. */
const WAITING_CONCURRENCY = 5;

export class TwelveLabsAsyncTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Async Task',
		name: 'twelveLabsAsyncTask',
		icon: { light: 'file:../TwelveLabs/twelvelabs.svg', dark: 'file:../TwelveLabs/twelvelabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Analyze or segment long videos with TwelveLabs Pegasus as background tasks',
		defaults: { name: 'TwelveLabs Async Task' },
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
				options: [
					{ name: 'Analysis Task', value: 'task' },
					{ name: 'Batch', value: 'batch', description: 'Many videos analyzed in one request (Pegasus 1.5), results as items' },
				],
				default: 'task',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['task'] } },
				options: [
					{ name: 'Cancel', value: 'cancel', action: 'Cancel a task', description: 'Stop a queued or running task' },
					{
						name: 'Create',
						value: 'create',
						action: 'Create a task',
						description: 'Start an analysis or a segmentation of a video, and optionally wait for the result',
					},
					{ name: 'Delete', value: 'delete', action: 'Delete a task', description: 'Delete a finished task and its results' },
					{ name: 'Get', value: 'get', action: 'Get a task', description: 'Read a task’s status and, when ready, its result' },
					{ name: 'List', value: 'list', action: 'List tasks', description: 'List tasks, newest first' },
					{
						name: 'Wait',
						value: 'wait',
						action: 'Wait for a task',
						description: 'Wait until a task is ready, failed or canceled, and output its result',
					},
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['batch'] } },
				options: [
					{ name: 'Cancel', value: 'cancel', action: 'Cancel a batch', description: 'Stop a pending or processing batch' },
					{
						name: 'Create Batch',
						value: 'create',
						action: 'Create a batch',
						description: 'Analyze the videos of all input items in one batch, and optionally wait and return one item per video',
					},
					{ name: 'Delete', value: 'delete', action: 'Delete a batch', description: 'Delete a finished batch with its tasks and results' },
					{ name: 'Get', value: 'get', action: 'Get a batch', description: 'Read a batch’s status and item counts' },
					{
						name: 'Get Results',
						value: 'getResults',
						action: 'Get the results of a batch',
						description: 'One item per video with its answer, also while the batch runs',
					},
					{ name: 'List', value: 'list', action: 'List batches', description: 'List batches, newest first' },
					{
						name: 'Wait for Completion',
						value: 'wait',
						action: 'Wait for a batch',
						description: 'Wait until a batch is completed, canceled or expired',
					},
				],
				default: 'create',
			},
			...create.description,
			...get.description,
			...list.description,
			...del.description,
			...cancel.description,
			...wait.description,
			...batchCreate.description,
			...batchGet.description,
			...batchList.description,
			...batchCancel.description,
			...batchDelete.description,
			...batchWait.description,
			...batchGetResults.description,
		],
	};

	methods = { listSearch: { searchAssets, searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0, 'task') as string;
		if (resource === 'batch' && this.getNodeParameter('operation', 0) === 'create') {
			return await batchCreate.executeCreateBatch.call(this);
		}
		const { operation, run } = selectOperation(this, resource === 'batch' ? batchOperations : taskOperations);
		const waits =
			operation === 'wait' || (operation === 'create' && this.getNodeParameter('waitForCompletion', 0, false) === true);
		return await runPerItem(this, run, waits ? WAITING_CONCURRENCY : 1);
	}
}
