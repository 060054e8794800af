import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { taskIdLocator } from '../params/taskId';
import { readWaitSettings, waitOptionFields } from '../params/waitOptions';
import { splitIntoItemsField, taskOutput } from './taskOutput';
import { waitForTask } from './waitForTask';

const properties: INodeProperties[] = [
	taskIdLocator({ description: 'The analysis task to wait for' }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptionFields(), splitIntoItemsField].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['wait'] } }, properties);

/** Waits until the task is ready, failed or canceled (or the maximum wait is over) and outputs it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const scope = { node: this.getNode(), itemIndex };
	const taskId = requireId(scope, 'Task', this.getNodeParameter('taskId', itemIndex, '', { extractValue: true }));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outcome = await waitForTask(this, itemIndex, taskId, readWaitSettings(scope, options));
	return taskOutput(outcome.value, { splitIntoItems: options.splitIntoItems === true, wait: outcome });
}
