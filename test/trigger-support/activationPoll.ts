/**
 * The two polls the harness's runPoll does not model, built on the same n8n-core pieces:
 *
 * - `runActivationPoll`: the poll n8n runs when a workflow is published
 *   (`executePollTrigger(true)` in n8n-core's active-workflow-triggers): the node's static data is
 *   staged as in a scheduled poll, committed when the poll emits, and NOT committed when it returns
 *   null (as with n8n 2.x's durable poll cursors); the workflow's global static data is not
 *   staged and is kept, as n8n saves the workflow's static data after publishing; an error fails
 *   the activation (it is thrown, not emitted).
 * - `runManualPollLive`: "Fetch test event", returning the workflow's static data as the node left
 *   it in memory (the harness returns the given data), so a test can see that nothing was written.
 */
import '../harness/env';

import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import { createAdditionalData } from '../harness/additional-data';
import { ensureBinaryDataService } from '../harness/binary-data';
import { HarnessCredentialsHelper } from '../harness/credentials-helper';
import { HarnessNodeTypes } from '../harness/node-types';
import type { HarnessOptions } from '../harness';

export interface ActivationPollResult {
	items: INodeExecutionData[][] | null;
	/** The workflow's static data as n8n keeps it after the activation poll. */
	staticData: IDataObject;
	error?: Error;
}

let counter = 0;
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function setUp(node: INode, options: HarnessOptions & { staticData?: IDataObject }, active: boolean) {
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes: [jsonCopy(node)],
		connections: {},
		active,
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1' },
		staticData: jsonCopy(options.staticData ?? {}),
	});
	const workflowNode = workflow.getNode(node.name);
	if (workflowNode === null) throw new UnexpectedError(`Node "${node.name}" not in workflow`);
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(options.credentialTypes ?? [], { ...options.credentials }),
		executionId: `trigger-poll-${++counter}`,
		workflowId: workflow.id,
	});
	return { workflow, workflowNode, additionalData };
}

/**
 * `activation`: 'activate' when the workflow is published (default), 'init' for the poll n8n runs
 * for each published workflow when it starts (after a restart), 'update' for a new version published.
 */
export async function runActivationPoll(
	node: INode,
	options: HarnessOptions & { staticData?: IDataObject; activation?: WorkflowActivateMode },
): Promise<ActivationPollResult> {
	await ensureBinaryDataService();
	const { workflow, workflowNode, additionalData } = setUp(node, options, true);
	const nodeKey = `node:${node.name}`;
	let staged: IDataObject | undefined;
	let items: INodeExecutionData[][] | null = null;
	const commit = () => {
		workflow.staticData[nodeKey] = jsonCopy(staged ?? {});
	};
	const context = new PollContext(
		workflow,
		workflowNode,
		additionalData,
		'trigger',
		options.activation ?? 'activate',
		(data) => {
			items = data;
			commit();
		},
		(error) => {
			throw error;
		},
		async () => commit(),
		async (poll) => {
			staged = jsonCopy((workflow.staticData[nodeKey] as IDataObject | undefined) ?? {});
			return await poll();
		},
		() => {
			if (staged === undefined) throw new UnexpectedError('Node static data read outside of a poll');
			return staged;
		},
	);
	const executePoll = Container.get(PollTriggerExecutor).create(workflow, workflowNode, context, () => true);
	try {
		await executePoll(true);
	} catch (error) {
		return { items: null, staticData: jsonCopy(workflow.staticData), error: error as Error };
	}
	return { items, staticData: jsonCopy(workflow.staticData) };
}

export async function runManualPollLive(
	node: INode,
	options: HarnessOptions & { staticData?: IDataObject },
): Promise<{ items: INodeExecutionData[][] | null; staticData: IDataObject }> {
	await ensureBinaryDataService();
	const { workflow, workflowNode, additionalData } = setUp(node, options, false);
	const context = new PollContext(workflow, workflowNode, additionalData, 'manual', 'manual');
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.poll) throw new UnexpectedError(`Node type "${node.type}" has no poll()`);
	const items = await nodeType.poll.call(context);
	return { items, staticData: jsonCopy(workflow.staticData) };
}
