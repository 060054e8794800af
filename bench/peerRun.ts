/**
 * What the peer benches share: running a workflow in a real n8n with `n8n execute` and reading
 * its run, and the start of every analysis workflow (100 video URLs as items).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { WorkflowJson } from '../scripts/lib/n8n-api';
import type { N8nInstance } from '../scripts/lib/n8n-instance';
import { CACHE_DIR } from '../scripts/lib/runtime';

export const FOLDER = path.join(CACHE_DIR, 'bench');
export const PROMPT = 'Summarize the video in two sentences';

export interface RunData {
	data: { resultData: { error?: { message?: string }; runData: Record<string, Array<{ executionTime: number; error?: { message?: string }; data?: { main?: unknown[][] } }>> } };
}

export async function execute(instance: N8nInstance, workflow: WorkflowJson, env: NodeJS.ProcessEnv = {}): Promise<RunData> {
	const file = path.join(FOLDER, `${workflow.id}.json`);
	fs.writeFileSync(file, JSON.stringify({ active: false, settings: {}, ...workflow }));
	await instance.cli(['import:workflow', `--input=${file}`]);
	let output: string;
	try {
		output = await instance.cli(['execute', `--id=${workflow.id}`, '--rawOutput'], env);
	} catch (error) {
		// A failed run exits 1; its run is still printed.
		output = (error as { stdout?: string }).stdout ?? String(error);
	}
	const start = output.search(/^\{/m);
	if (start < 0) throw new Error(`n8n execute printed no run:\n${output.slice(-2000)}`);
	const end = output.lastIndexOf('\n}');
	return JSON.parse(output.slice(start, end + 2)) as RunData;
}

export const manual = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

/** Manual trigger -> `count` items, each with a video URL in `urls`; connect the node under test to 'One item per video'. */
export function videoItems(count: number): { nodes: WorkflowJson['nodes']; connections: WorkflowJson['connections'] } {
	return {
		nodes: [
			manual,
			{
				name: 'Video URLs',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'u', name: 'urls', type: 'array', value: `={{ Array.from({ length: ${count} }, (_, i) => 'https://cdn.example.com/video-' + i + '.mp4') }}` },
						],
					},
					options: {},
				},
			},
			{ name: 'One item per video', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'urls', options: {} } },
		],
		connections: {
			Start: { main: [[{ node: 'Video URLs', type: 'main', index: 0 }]] },
			'Video URLs': { main: [[{ node: 'One item per video', type: 'main', index: 0 }]] },
		},
	};
}

export function describeRun(run: RunData, node: string): string {
	const runs = run.data.resultData.runData[node];
	if (!runs?.length) return `did not run (${run.data.resultData.error?.message ?? 'no error recorded'})`;
	const [first] = runs;
	const items = (first.data?.main?.[0] ?? []).length;
	return first.error ? `failed after ${first.executionTime} ms: ${first.error.message}` : `${items} items in ${first.executionTime} ms`;
}

type CredentialRef = { id: string; name: string };

/** n8n's HTTP Request node posting one analysis per item, as a user would set it up (Header Auth, JSON body, non-streamed). */
export function httpRequestAnalyzeNode(baseUrl: string, headerAuth: CredentialRef, extra: Partial<WorkflowJson['nodes'][number]> = {}): WorkflowJson['nodes'][number] {
	return {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600, -120],
		parameters: {
			method: 'POST',
			url: `${baseUrl}/analyze`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={\n  "model_name": "pegasus1.5",\n  "video": { "type": "url", "url": "{{ $json.urls }}" },\n  "prompt": "${PROMPT}",\n  "stream": false\n}`,
			options: {},
		},
		credentials: { httpHeaderAuth: headerAuth },
		...extra,
	};
}

/** The TwelveLabs Analyze node on the same items, default options. */
export function analyzeNode(twelveLabs: CredentialRef): WorkflowJson['nodes'][number] {
	return {
		name: 'TwelveLabs Analyze',
		type: 'n8n-nodes-twelvelabs.twelveLabsAnalyze',
		typeVersion: 1,
		position: [600, 120],
		parameters: { videoSource: 'url', videoUrl: '={{ $json.urls }}', promptType: 'plain', prompt: PROMPT, simplify: true, options: {} },
		credentials: { twelveLabsApi: twelveLabs },
	};
}
