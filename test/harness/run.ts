/**
 * Runs a workflow in-process the way n8n runs a manual execution ("Execute workflow"):
 * n8n-core's WorkflowExecute in mode 'manual', started from the trigger, with real
 * lifecycle hooks, credentials helper and HTTP helpers. Modelled on n8n's own node tests
 * (packages/nodes-base/test/nodes/ExecuteWorkflow.ts).
 */
import './env';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { ExecutionError, INode, INodeExecutionData, IRun, IWorkflowBase } from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { ensureBinaryDataService } from './binary-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';
import type { HarnessOptions, StreamChunk, WorkflowInput, WorkflowResult } from './types';

let executionCounter = 0;

export async function runWorkflow(
	input: WorkflowInput,
	options: HarnessOptions,
): Promise<WorkflowResult> {
	await ensureBinaryDataService();

	const executionId = `harness-execution-${++executionCounter}`;
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: deepCopy(input.nodes),
		connections: deepCopy(input.connections),
		settings: { executionOrder: 'v1', ...input.settings },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const chunks: StreamChunk[] = [];
	if (options.streaming === true) {
		hooks.addHandler('sendChunk', (chunk) => {
			chunks.push({
				type: chunk.type,
				itemIndex: chunk.metadata.itemIndex,
				content: chunk.content,
				nodeName: chunk.metadata.nodeName,
			});
		});
	}

	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(
			options.credentialTypes ?? [],
			{ ...options.credentials },
		),
		hooks,
		executionId,
		workflowId: workflowData.id,
		streaming: options.streaming,
	});

	const execution = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: findStartNode(workflow),
	});

	let canceled = false;
	const cancelTimer =
		options.cancelAfterMs === undefined
			? undefined
			: setTimeout(() => {
					canceled = true;
					execution.cancel();
				}, options.cancelAfterMs);
	let run: IRun;
	try {
		run = await execution;
	} finally {
		clearTimeout(cancelTimer);
	}
	if (canceled) {
		// What n8n's WorkflowRunner does with a stopped execution: the status comes from
		// ActiveExecutions ('canceled'), whatever the node that was aborted threw.
		run.status = 'canceled';
		run.finished = false;
	}

	return buildResult(run, chunks);
}

/** The trigger n8n would start from, else the first node without a parent (e.g. an itemsNode). */
function findStartNode(workflow: Workflow): INode | undefined {
	return (
		workflow.getStartNode() ??
		Object.values(workflow.nodes).find(
			(node) => !node.disabled && workflow.getParentNodes(node.name, 'main', 1).length === 0,
		)
	);
}

function buildResult(run: IRun, chunks: StreamChunk[]): WorkflowResult {
	const { runData } = run.data.resultData;
	const lastTask = (nodeName: string) => runData[nodeName]?.at(-1);
	return {
		status: run.status,
		error: toError(run.data.resultData.error),
		output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
			return lastTask(nodeName)?.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName: string): Error | undefined {
			return toError(lastTask(nodeName)?.error);
		},
		chunks,
		run,
	};
}

/** The engine stores real error instances, except on an internal failure (a plain copy). */
function toError(error: ExecutionError | undefined): Error | undefined {
	if (error === undefined) return undefined;
	if (error instanceof Error) return error;
	const copy = new Error((error as { message?: string }).message ?? 'Unknown error');
	return Object.assign(copy, error);
}
