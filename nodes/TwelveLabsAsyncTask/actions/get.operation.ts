import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { taskIdLocator } from '../params/taskId';
import { splitIntoItemsField, taskOutput } from './taskOutput';
import { getTask } from './waitForTask';

const properties: INodeProperties[] = [
	taskIdLocator({ description: 'The analysis task to read' }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [splitIntoItemsField],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['get'] } }, properties);

/** Reads one task now, whatever its status, with its parsed result when it is ready. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const taskId = requireId({ node: this.getNode(), itemIndex }, 'Task', this.getNodeParameter('taskId', itemIndex, '', { extractValue: true }));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return taskOutput(await getTask(this, itemIndex, taskId), { splitIntoItems: options.splitIntoItems === true });
}
