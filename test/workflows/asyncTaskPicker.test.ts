/**
 * The editor's task picker, run as n8n runs a list search (n8n-core's LoadOptionsContext, the
 * credential applied, real HTTP to the emulator): what the user types is matched against what
 * each row shows, status included, and the field says how tasks come to be listed.
 */
import '../harness/env';

import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TwelveLabsApi } from '../../credentials/TwelveLabsApi.credentials';
import { useEmulator } from '../emulator/jest';
import { createAdditionalData } from '../harness/additional-data';
import { HarnessCredentialsHelper } from '../harness/credentials-helper';
import { HarnessNodeTypes } from '../harness/node-types';
import { CREDENTIAL_REF, PACKAGE, nodeTypes } from '../support/twelveLabs';

const emulator = useEmulator();
const ASYNC_TASK = `${PACKAGE}.twelveLabsAsyncTask`;

async function searchTasks(filter?: string): Promise<INodeListSearchResult> {
	const node: INode = {
		id: 'task-node',
		name: 'Async Task',
		type: ASYNC_TASK,
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation: 'get' },
		credentials: CREDENTIAL_REF,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new HarnessNodeTypes(nodeTypes) });
	const credentialsHelper = new HarnessCredentialsHelper([new TwelveLabsApi()], {
		twelveLabsApi: { apiKey: emulator().apiKey, baseUrl: emulator().baseUrl },
	});
	const context = new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData({ credentialsHelper, executionId: 'list-search', workflowId: workflow.id }),
		'parameters.taskId',
	);
	const search = nodeTypes[ASYNC_TASK].methods?.listSearch?.searchTasks;
	if (!search) throw new Error('the Async Task node has no searchTasks list search');
	return await search.call(context, filter);
}

function taskLocator(): INodeProperties {
	const found = nodeTypes[ASYNC_TASK].description.properties.find((property) => property.name === 'taskId');
	if (!found) throw new Error('no taskId parameter');
	return found;
}

describe('TwelveLabs Async Task: the task picker', () => {
	it('finds tasks by the status each row shows', async () => {
		const ready = emulator().state.addTask({ status: 'ready' });
		emulator().state.addTask({ status: 'processing' });
		const all = await searchTasks();
		expect(all.results).toHaveLength(2);
		expect(all.results.every((row) => / · (ready|processing)\b/.test(row.name))).toBe(true);

		const found = await searchTasks('Ready');
		expect(found.results.map((row) => row.value)).toEqual([ready.task_id]);
		expect((await searchTasks(ready.task_id.slice(0, 8))).results.map((row) => row.value)).toEqual([ready.task_id]);
	});

	it('an empty list comes with a hint of where tasks come from', async () => {
		expect((await searchTasks()).results).toEqual([]);
		const hint = taskLocator().hint ?? '';
		expect(hint).toMatch(/Create/);
		expect(hint).toMatch(/status/);
	});
});
