/**
 * Runs in a queue-mode cluster: a workflow started through main's REST API (a manual run, which
 * `OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS` hands to a worker) or through a webhook process, then its
 * execution read back from main once it has finished. Also a local file server for downloads of
 * any size (the sink serves 1 MiB only).
 */
import * as http from 'node:http';

import type { Execution, N8nApi, WorkflowJson } from '../../../scripts/lib/n8n-api';
import { sleep } from '../../../scripts/lib/process';
import { listExecutions } from './n8n';

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Polls main until the execution has finished; returns it with its data. */
export async function finishedExecution(api: N8nApi, executionId: string, timeoutMs = 150_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await api.getExecution(executionId);
		if (FINISHED.has(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still "${execution.status}" after ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

/**
 * Saves the workflow, runs it from its manual trigger through main's REST API, waits for the end
 * (an execution still unfinished after `timeoutMs` throws, naming its status).
 */
export async function runManually(api: N8nApi, workflow: WorkflowJson, timeoutMs?: number): Promise<Execution> {
	const saved = await api.createWorkflow({ ...workflow, name: `${workflow.name} (${Date.now()})` });
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`workflow "${workflow.name}" has no manual trigger`);
	const started = await api.call<{ executionId?: string }>('POST', `/rest/workflows/${saved.id}/run`, {
		triggerToStartFrom: { name: trigger.name },
	});
	if (!started?.executionId) throw new Error(`main started no execution of "${workflow.name}": ${JSON.stringify(started)}`);
	return await finishedExecution(api, String(started.executionId), timeoutMs);
}

/** Publishes a saved workflow (2.40: activate a version). */
export async function publish(api: N8nApi, workflow: WorkflowJson): Promise<{ id: string }> {
	const saved = await api.createWorkflow({ ...workflow, name: `${workflow.name} (${Date.now()})` });
	await api.call('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
	return saved;
}

/**
 * POSTs JSON to a production webhook of a process, retrying while it answers 404 (right after
 * publishing, a webhook is "not registered" for about half a second). Returns status and body.
 */
export async function callWebhook(baseUrl: string, webhookPath: string, body: unknown): Promise<{ status: number; body: string }> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const response = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) return { status: response.status, body: text };
		await sleep(250);
	}
}

/** The only execution of a workflow, once it has finished. */
export async function onlyExecution(api: N8nApi, workflowId: string, timeoutMs = 60_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await listExecutions(api, workflowId);
		if (executions.length > 1) throw new Error(`workflow ${workflowId} ran ${executions.length} times`);
		if (executions.length === 1) return await finishedExecution(api, executions[0].id, timeoutMs);
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} did not run within ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

export interface FileServer {
	/** URL of a generated video-like file of `bytes` bytes. */
	fileUrl(bytes: number): string;
	close(): Promise<void>;
}

/** Serves `/video/<bytes>.mp4`: an MP4 header (ftyp box) then deterministic bytes, streamed. */
export async function startFileServer(): Promise<FileServer> {
	const server = http.createServer((req, res) => {
		const match = /^\/video\/(\d+)\.mp4$/.exec(req.url ?? '');
		if (req.method !== 'GET' || !match) {
			res.writeHead(404).end();
			return;
		}
		const total = Number(match[1]);
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(total) });
		const chunk = Buffer.alloc(1024 * 1024);
		for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
		const header = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1')]);
		let sent = 0;
		const write = (): void => {
			while (sent < total) {
				const piece = sent === 0 ? Buffer.concat([header, chunk.subarray(header.length)]) : chunk;
				const part = piece.subarray(0, Math.min(piece.length, total - sent));
				sent += part.length;
				if (!res.write(part)) {
					res.once('drain', write);
					return;
				}
			}
			res.end();
		};
		write();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		fileUrl: (bytes) => `http://127.0.0.1:${port}/video/${bytes}.mp4`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
