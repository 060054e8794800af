/**
 * Runs a poll trigger's `poll()` once through n8n-core's real PollContext.
 *
 * - mode 'trigger' (a scheduled poll of an active workflow): the poll runs through n8n-core's
 *   PollTriggerExecutor, with the staging hooks n8n 2.40's server gives the PollContext
 *   (`__runPoll`, `__commitCursor`, `__emit`): the node's static data is a private copy during
 *   the poll, committed when the poll emits items or returns null, and dropped when it throws.
 * - mode 'manual' ("Fetch test event"): the PollContext n8n-core's WorkflowExecute builds for a
 *   manual run; n8n never saves static data after a manual execution, so the static data
 *   returned is the one given, whatever the node did.
 *
 * Static data is the whole workflow static data (`{ global?: {...}, 'node:<name>'?: {...} }`),
 * JSON-copied in and out, as n8n persists it.
 */
import './env';

import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { ensureBinaryDataService } from './binary-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';
import type { HarnessOptions } from './types';

export interface PollOptions extends HarnessOptions {
	mode?: 'trigger' | 'manual';
	staticData?: IDataObject;
	/** What `getPollBudgetMs()` returns; default PollContext's own (5 minutes). */
	pollBudgetMs?: number;
}

export interface PollResult {
	items: INodeExecutionData[][] | null;
	staticData: IDataObject;
	error?: Error;
}

let pollCounter = 0;

const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function runPoll(node: INode, options: PollOptions): Promise<PollResult> {
	await ensureBinaryDataService();
	const mode = options.mode ?? 'trigger';
	const given = jsonCopy(options.staticData ?? {});
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes: [jsonCopy(node)],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1' },
		staticData: jsonCopy(given),
	});
	const workflowNode = workflow.getNode(node.name);
	if (workflowNode === null) throw new UnexpectedError(`Node "${node.name}" not in workflow`);
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(options.credentialTypes ?? [], {
			...options.credentials,
		}),
		executionId: `harness-poll-${++pollCounter}`,
		workflowId: workflow.id,
	});
	const { pollBudgetMs } = options;
	const getPollBudgetMs: IPollFunctions['getPollBudgetMs'] | undefined =
		pollBudgetMs === undefined ? undefined : () => pollBudgetMs;

	if (mode === 'manual') {
		// As WorkflowExecute.executePollNode does for a manual run.
		const context = new PollContext(
			workflow,
			workflowNode,
			additionalData,
			'manual',
			'manual',
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			getPollBudgetMs,
		);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.poll) throw new UnexpectedError(`Node type "${node.type}" has no poll()`);
		try {
			return { items: await nodeType.poll.call(context), staticData: given };
		} catch (error) {
			return { items: null, staticData: given, error: asError(error) };
		}
	}

	const nodeKey = `node:${node.name}`;
	let staged: IDataObject | undefined;
	let committed: IDataObject | undefined;
	let emitted: INodeExecutionData[][] | null = null;
	let failure: Error | undefined;
	const commit = () => {
		committed = jsonCopy({ ...workflow.staticData, [nodeKey]: staged ?? {} });
	};
	const context = new PollContext(
		workflow,
		workflowNode,
		additionalData,
		'trigger',
		// n8n 2.40's scheduler builds each scheduled poll's context as 'update'; 'activate' is the publish poll's.
		'update',
		(data) => {
			// n8n starts the workflow with these items, carrying the staged static data along.
			emitted = data;
			commit();
		},
		(error) => {
			failure = error;
		},
		async () => commit(),
		async (poll) => {
			staged = jsonCopy((workflow.staticData[nodeKey] as IDataObject | undefined) ?? {});
			return await poll();
		},
		() => {
			if (staged === undefined) {
				throw new UnexpectedError('Node static data read outside of a poll');
			}
			return staged;
		},
		getPollBudgetMs,
	);
	const executePoll = Container.get(PollTriggerExecutor).create(
		workflow,
		workflowNode,
		context,
		() => true,
	);
	await executePoll(false);
	return {
		items: emitted,
		staticData: committed ?? given,
		...(failure === undefined ? {} : { error: failure }),
	};
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
