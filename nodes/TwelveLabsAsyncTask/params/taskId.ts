import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../../TwelveLabs/params/idLocator';

/** An analysis task picked from the newest tasks or typed as an ID. */
export function taskIdLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return idLocator(
		{
			displayName: 'Task',
			name: 'taskId',
			noun: 'task',
			searchListMethod: 'searchTasks',
			firstMode: 'id',
			description: 'The analysis task, e.g. the taskId of a Create output',
		},
		{
			hint: 'The list shows this account\'s newest analysis tasks, once a Create operation (or any other client of this API key) has started one. Type to filter by ID, custom ID or status, e.g. ready.',
			...overrides,
		},
	);
}
