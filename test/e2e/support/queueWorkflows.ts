/**
 * Small workflows the queue-mode files build in code: a manual trigger, package nodes bound to a
 * credential, nodes chained in a line, a download-then-upload workflow, and a memory sampler for
 * the cluster's processes.
 */
import { CREDENTIAL_TYPE, PACKAGE_PREFIX } from '../../../scripts/lib/examples';
import type { Execution, WorkflowJson, WorkflowNode } from '../../../scripts/lib/n8n-api';
import type { QueueCluster } from '../../../scripts/lib/queueCluster';

export const manualTrigger: WorkflowNode = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** A node of this package at column `position`, using `credential`. */
export function packageNode(
	credential: { id: string; name: string },
	name: string,
	type: string,
	position: number,
	parameters: Record<string, unknown>,
): WorkflowNode {
	return {
		name,
		type: `${PACKAGE_PREFIX}${type}`,
		typeVersion: 1,
		position: [position * 240, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

/** The nodes connected one after another. */
export function chain(name: string, nodes: WorkflowNode[]): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Downloads `fileUrl` with the HTTP Request node (into the worker's binary store), then Uploads it as an asset. */
export function uploadWorkflow(credential: { id: string; name: string }, fileUrl: string, bytes: number): WorkflowJson {
	return chain(`Queue: upload ${bytes} bytes`, [
		manualTrigger,
		{
			name: 'Download',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [240, 0],
			parameters: { url: fileUrl, options: { response: { response: { responseFormat: 'file' } } } },
		},
		packageNode(credential, 'Upload', 'twelveLabsAsset', 2, { resource: 'asset', operation: 'upload', binaryPropertyName: 'data', waitUntilReady: true, options: {} }),
	]);
}

/** The id (`<mode>:<fileId>`) of the binary the Download node stored. */
export function downloadedBinaryId(execution: Execution): string {
	const downloaded = execution.data.resultData.runData.Download?.[0]?.data?.main?.[0]?.[0];
	return String(downloaded?.binary?.data?.id ?? '');
}

/** Runs `work` while sampling every process's resident memory (MiB, with task runners) every 200 ms. */
export async function sampledRss<T>(
	cluster: QueueCluster,
	work: () => Promise<T>,
): Promise<{ result: T; samples: Array<{ at: number; rss: Record<string, number> }> }> {
	const samples: Array<{ at: number; rss: Record<string, number> }> = [];
	const sample = () => samples.push({ at: Date.now(), rss: cluster.rssMiB() });
	sample();
	const timer = setInterval(sample, 200);
	try {
		const result = await work();
		sample();
		return { result, samples };
	} finally {
		clearInterval(timer);
	}
}
