/**
 * The test files' view of the shared n8n (started by the global setup): an API client logged in
 * as the owner, its CLI on the same user folder, a credential pointing at an emulator, and
 * workflow runs through `import:workflow` + `execute --id`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Emulator } from '../../emulator';
import { CREDENTIAL_TYPE } from '../../../scripts/lib/examples';
import { DEMO_OWNER, type Execution, N8nApi, type WorkflowJson } from '../../../scripts/lib/n8n-api';
import { N8nInstance } from '../../../scripts/lib/n8n-instance';
import { ensureN8n } from '../../../scripts/lib/runtime';
import { CURRENT } from '../../../scripts/lib/versions';
import { E2E_OUTPUT, readState } from './state';

export interface SharedN8n {
	api: N8nApi;
	/** The same n8n's user folder, for CLI commands (not started: `cli()` only). */
	cli: N8nInstance;
	url: string;
	/** The server's log so far. */
	log(): string;
}

export async function sharedN8n(): Promise<SharedN8n> {
	const state = readState();
	const runtime = await ensureN8n(CURRENT);
	const api = new N8nApi(state.url);
	await api.login(DEMO_OWNER);
	const cli = new N8nInstance({ runtime, userFolder: state.userFolder, logLevel: 'info' });
	return {
		api,
		cli,
		url: state.url,
		log: () => fs.readFileSync(path.join(state.userFolder, 'n8n.log'), 'utf8'),
	};
}

export async function emulatorCredential(api: N8nApi, emulator: Emulator, name = `TwelveLabs emulator ${emulator.origin}`): Promise<{ id: string; name: string }> {
	return await api.createCredential(name, CREDENTIAL_TYPE, { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' });
}

let sequence = 0;

/** A workflow id for `import:workflow` (n8n ids are 16 alphanumerics). */
export function newWorkflowId(): string {
	sequence += 1;
	return `e2e${Date.now().toString(36)}${sequence.toString(36)}`.padEnd(16, '0').slice(0, 16);
}

/** Imports with `n8n import:workflow`; returns the id. */
export async function importWorkflow(n8n: SharedN8n, workflow: WorkflowJson): Promise<string> {
	const id = workflow.id ?? newWorkflowId();
	const dir = path.join(E2E_OUTPUT, 'workflows');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${id}.json`);
	fs.writeFileSync(file, JSON.stringify({ active: false, ...workflow, id }, null, 2));
	await n8n.cli.cli(['import:workflow', `--input=${file}`]);
	return id;
}

/** Runs a workflow with `n8n execute --id` and reads the execution it stored. */
export async function executeWorkflow(n8n: SharedN8n, id: string): Promise<{ execution: Execution; output: string }> {
	const before = new Set((await listExecutions(n8n.api, id)).map((execution) => execution.id));
	let output = '';
	let failure: unknown;
	try {
		output = await n8n.cli.cli(['execute', `--id=${id}`]);
	} catch (error) {
		// A failed run makes the command exit 1; its stored execution says why.
		failure = error;
	}
	const created = (await listExecutions(n8n.api, id)).filter((execution) => !before.has(execution.id));
	if (created.length !== 1) {
		throw new Error(`expected one new execution of workflow ${id}, found ${created.length}${failure ? `; execute failed: ${String(failure)}` : ''}`);
	}
	return { execution: await n8n.api.getExecution(created[0].id), output };
}

export async function listExecutions(api: N8nApi, workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await api.call<{ results: Array<{ id: string; status: string }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	return answer.results.map((execution) => ({ ...execution, id: String(execution.id) }));
}

/** Output items (JSON) of a node's first run, first output. */
export function outputOf(execution: Execution, node: string): Array<Record<string, unknown>> {
	const runs = execution.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run; ran: ${Object.keys(execution.data.resultData.runData).join(', ')}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

/** What went wrong in a run, for assertion messages. */
export function errorsOf(execution: Execution): string[] {
	const errors: string[] = [];
	if (execution.data.resultData.error?.message) errors.push(execution.data.resultData.error.message);
	for (const [node, runs] of Object.entries(execution.data.resultData.runData)) {
		for (const run of runs) if (run.error) errors.push(`${node}: ${run.error.message ?? ''} ${run.error.description ?? ''}`.trim());
	}
	return errors;
}
