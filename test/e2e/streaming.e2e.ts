/**
 * TwelveLabs Analyze behind a real n8n 2.40 Webhook set to Respond: Streaming. n8n answers such a
 * webhook with JSON lines, one per chunk: `{type, content?, metadata: {nodeId, nodeName, itemIndex,
 * runIndex, timestamp?}}` (plus `{"type":"keepalive"}` every 30 s). What a streaming client reads:
 *   - success: begin, the text as item chunks, end, for each item;
 *   - Continue On Fail on, one unknown asset among three: that item's begin, error, end (before,
 *     n8n answered it with nothing at all), the other two answer;
 *   - Continue On Fail off, the answer cut mid-way: begin, text, the item's error, its end, then
 *     n8n's own error for the failed node (before, the client read end and only then n8n's error).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { request } from 'undici';

import { type Emulator, startEmulator } from '../emulator';
import { PACKAGE_PREFIX, withCredential } from '../../scripts/lib/examples';
import type { WorkflowJson } from '../../scripts/lib/n8n-api';
import { sleep } from '../../scripts/lib/process';
import { emulatorCredential, type SharedN8n, sharedN8n } from './support/n8n';
import { E2E_OUTPUT } from './support/state';

const ANALYZE = 'Analyze';
const UNKNOWN_ASSET = '6a0f1e2d3c4b5a6978877665';

interface Chunk {
	type: string;
	content?: string;
	metadata?: { nodeName?: string; itemIndex?: number };
}

let n8n: SharedN8n;
let emulator: Emulator;
let credential: { id: string; name: string };
const published: string[] = [];

beforeAll(async () => {
	n8n = await sharedN8n();
	emulator = await startEmulator();
	credential = await emulatorCredential(n8n.api, emulator);
});

afterAll(async () => {
	for (const id of published) await n8n.api.call('POST', `/rest/workflows/${id}/deactivate`, {}).catch(() => undefined);
	await emulator?.close();
});

beforeEach(() => emulator.reset());

/** Webhook (streaming) -> Split Out (`body.assets`, one item each) -> Analyze by asset ID. */
function streamingWorkflow(webhookPath: string, continueOnFail: boolean): WorkflowJson {
	const workflow: WorkflowJson = {
		name: `Streaming check, Continue On Fail ${continueOnFail ? 'on' : 'off'} (${Date.now()})`,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: webhookPath,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'streaming', options: {} },
			},
			{
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.assets', options: {} },
			},
			{
				name: ANALYZE,
				type: `${PACKAGE_PREFIX}twelveLabsAnalyze`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					videoSource: 'assetId',
					assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' },
					prompt: 'Summarize the video',
					options: { concurrency: 1 },
				},
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: ANALYZE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	return withCredential(workflow, credential);
}

/** Publishes a streaming workflow; returns its webhook path. */
async function publish(continueOnFail: boolean): Promise<string> {
	const webhookPath = randomUUID();
	const saved = await n8n.api.createWorkflow(streamingWorkflow(webhookPath, continueOnFail));
	await n8n.api.call('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
	published.push(saved.id);
	return webhookPath;
}

/** POSTs the asset IDs and reads the whole streamed answer (n8n ends it when the run ends), kept as `<name>.jsonl` in the e2e output. */
async function callStreaming(name: string, webhookPath: string, assetIds: string[]): Promise<{ status: number; contentType: string; chunks: Chunk[] }> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const response = await request(`${n8n.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ assets: assetIds.map((assetId) => ({ assetId })) }),
		});
		const text = await response.body.text();
		// Right after publishing, the webhook may answer 404 "not registered" for a moment.
		if (response.statusCode === 404 && Date.now() < deadline) {
			await sleep(250);
			continue;
		}
		fs.writeFileSync(path.join(E2E_OUTPUT, `streaming-${name}.jsonl`), text);
		const chunks = text
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as Chunk)
			.filter((chunk) => chunk.type !== 'keepalive');
		return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), chunks };
	}
}

/** Analyze's chunks for one item, consecutive text chunks folded into one `text` mark. */
function marksOf(chunks: Chunk[], itemIndex: number): string[] {
	const marks: string[] = [];
	for (const chunk of chunks) {
		if (chunk.metadata?.nodeName !== ANALYZE || chunk.metadata.itemIndex !== itemIndex) continue;
		const mark = chunk.type === 'item' ? 'text' : chunk.type;
		if (mark !== 'text' || marks.at(-1) !== 'text') marks.push(mark);
	}
	return marks;
}

const textOf = (chunks: Chunk[], itemIndex: number) =>
	chunks.filter((chunk) => chunk.type === 'item' && chunk.metadata?.itemIndex === itemIndex).map((chunk) => chunk.content ?? '').join('');

describe('TwelveLabs Analyze behind a streaming webhook (n8n 2.40)', () => {
	test('success: each item streams begin, its text, end', async () => {
		const webhookPath = await publish(false);
		const asset = emulator.state.addAsset({ filename: 'harbor.mp4' });
		const answer = await callStreaming('success', webhookPath, [asset._id]);
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/application\/json/);
		expect(answer.chunks.map((chunk) => chunk.type)).not.toContain('error');
		expect(marksOf(answer.chunks, 0)).toEqual(['begin', 'text', 'end']);
		expect(textOf(answer.chunks, 0)).toMatch(/\S/);
		expect(emulator.violations).toEqual([]);
	});

	test('Continue On Fail on, an unknown asset among three: that item says why before its end, the others answer', async () => {
		const webhookPath = await publish(true);
		const known = [emulator.state.addAsset({ filename: 'a.mp4' }), emulator.state.addAsset({ filename: 'c.mp4' })];
		const answer = await callStreaming('continue-on-fail-unknown-asset', webhookPath, [known[0]._id, UNKNOWN_ASSET, known[1]._id]);
		expect(answer.status).toBe(200);
		expect(marksOf(answer.chunks, 0)).toEqual(['begin', 'text', 'end']);
		expect(marksOf(answer.chunks, 1)).toEqual(['begin', 'error', 'end']);
		expect(marksOf(answer.chunks, 2)).toEqual(['begin', 'text', 'end']);
		const errors = answer.chunks.filter((chunk) => chunk.type === 'error');
		expect(errors).toHaveLength(1);
		expect(errors[0].content).toMatch(/does not exist/);
		expect(errors[0].content).toMatch(/Check the asset ID/);
		expect(emulator.violations).toEqual([]);
	});

	test('Continue On Fail off, the answer cut mid-way: the item’s error before its end, then n8n’s own error', async () => {
		const webhookPath = await publish(false);
		const asset = emulator.state.addAsset({ filename: 'harbor.mp4' });
		emulator.faults.next({ method: 'POST', path: '/analyze' }, { kind: 'cut-stream', afterEvents: 4 });
		const answer = await callStreaming('stop-on-fail-cut-stream', webhookPath, [asset._id]);
		expect(answer.status).toBe(200);
		expect(textOf(answer.chunks, 0)).toMatch(/\S/);
		// Item 0's own frame, then n8n's error for the failed node (n8n always labels it item 0).
		expect(marksOf(answer.chunks, 0)).toEqual(['begin', 'text', 'error', 'end', 'error']);
		const [own, engines] = answer.chunks.filter((chunk) => chunk.type === 'error');
		expect(own.content).toMatch(/response stream was cut/);
		expect(engines.content).toBe('The answer from TwelveLabs did not arrive whole. Run the item again.');
		expect(answer.chunks.at(-1)).toEqual(engines);
	});
});
