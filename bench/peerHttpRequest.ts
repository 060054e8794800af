/**
 * The peer, side by side, in a real n8n 2.40 (installed into .n8n-runtime/ like the e2e suite):
 *
 * 1. The same N-item analysis (default 100 video URLs, the emulator answering each after
 *    `latencyMs`) through n8n's own HTTP Request node, configured as a user would (Header Auth
 *    credential with x-api-key, JSON body, `stream: false`), and through the TwelveLabs Analyze
 *    node, in one workflow run: each node's execution time and the ratio.
 * 2. Rate limits (bench/peerRateLimit.ts): N analyses under the emulator's account rate limit
 *    (10 requests per 1 s window) through the HTTP Request node (default settings, then Retry On
 *    Fail) and through the Analyze node: items that succeeded, requests, 429s, analyses sent more
 *    than once, wall time against the ideal.
 * 3. A large file (default 2 GiB) downloaded with the HTTP Request node and uploaded once with
 *    the HTTP Request node (multipart form, as a user would post it to /assets) and once with
 *    the TwelveLabs Asset node: peak memory (max RSS) of the n8n process that ran each.
 *
 *   npx ts-node --transpile-only bench/peerHttpRequest.ts [items=100] [latencyMs=200] [uploadMiB=2048]
 *   npx ts-node --transpile-only bench/peerHttpRequest.ts ratelimit [items=100] [perWindow=10] [windowSeconds=1] [headers=v1.2]
 * (`npm run bench:peer -- ratelimit` runs only section 2.)
 *
 * Prints figures only; nothing is asserted.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { DEMO_OWNER, N8nApi, type WorkflowJson } from '../scripts/lib/n8n-api';
import { N8nInstance } from '../scripts/lib/n8n-instance';
import { buildAndPack, installPackage } from '../scripts/lib/package';
import { ensureN8n } from '../scripts/lib/runtime';
import { CURRENT } from '../scripts/lib/versions';
import { type RateLimitHeaderStyle, startEmulator } from '../test/emulator';
import { analyzeNode, describeRun, execute, FOLDER, httpRequestAnalyzeNode, manual, type RunData, videoItems } from './peerRun';
import { type RateLimitBench, rateLimitSection } from './peerRateLimit';

const ONLY_RATE_LIMIT = process.argv[2] === 'ratelimit';
const args = ONLY_RATE_LIMIT ? process.argv.slice(3) : process.argv.slice(2);
const ITEMS = Number(args[0] ?? 100);
const LATENCY_MS = ONLY_RATE_LIMIT ? 200 : Number(args[1] ?? 200);
const UPLOAD_MIB = ONLY_RATE_LIMIT ? 0 : Number(args[2] ?? 2048);
const RATE_LIMIT: RateLimitBench = {
	items: ITEMS,
	perWindow: ONLY_RATE_LIMIT ? Number(args[1] ?? 10) : 10,
	windowSeconds: ONLY_RATE_LIMIT ? Number(args[2] ?? 1) : 1,
	latencyMs: LATENCY_MS,
	headers: (ONLY_RATE_LIMIT ? (args[3] ?? 'v1.2') : 'v1.2') as RateLimitHeaderStyle,
};
const MiB = 1024 * 1024;

/** Serves `size` bytes of a pattern at any path, streamed (nothing held in memory). */
async function fileServer(size: number): Promise<{ url: string; close: () => Promise<void> }> {
	const block = Buffer.alloc(MiB);
	for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
	const server = http.createServer(async (_req, res) => {
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
		for (let sent = 0; sent < size; sent += block.length) {
			const chunk = sent + block.length <= size ? block : block.subarray(0, size - sent);
			if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
		}
		res.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/video.mp4`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A preload that writes the process's peak RSS when it exits (n8n execute is one process per run). */
function peakRssPreload(): string {
	const file = path.join(FOLDER, 'peak-rss.js');
	fs.writeFileSync(
		file,
		"process.on('exit', () => require('node:fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));\n",
	);
	return file;
}

function analysisWorkflow(baseUrl: string, twelveLabs: { id: string; name: string }, headerAuth: { id: string; name: string }): WorkflowJson {
	const start = videoItems(ITEMS);
	return {
		id: 'benchPeerAnalyze',
		name: `Peer: ${ITEMS} analyses`,
		nodes: [...start.nodes, httpRequestAnalyzeNode(baseUrl, headerAuth), analyzeNode(twelveLabs)],
		connections: {
			...start.connections,
			'One item per video': { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }, { node: 'TwelveLabs Analyze', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function uploadWorkflow(id: string, fileUrl: string, upload: WorkflowJson['nodes'][number]): WorkflowJson {
	return {
		id,
		name: `Peer: upload with ${upload.name}`,
		nodes: [
			manual,
			{
				name: 'Download',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: { url: fileUrl, options: { response: { response: { responseFormat: 'file' } } } },
			},
			{ ...upload, position: [400, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] },
			Download: { main: [[{ node: upload.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function main(): Promise<void> {
	fs.rmSync(FOLDER, { recursive: true, force: true });
	fs.mkdirSync(FOLDER, { recursive: true });
	const runtime = await ensureN8n(CURRENT);
	const instance = new N8nInstance({ runtime, userFolder: FOLDER, logLevel: 'info', env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' } });
	await installPackage(instance.dataFolder, await buildAndPack(), runtime.env);
	const emulator = await startEmulator({ clock: 'realtime', latencyMs: LATENCY_MS, assetProcessingMs: 500 });
	const files = UPLOAD_MIB > 0 ? await fileServer(UPLOAD_MIB * MiB) : undefined;
	await instance.start();
	try {
		const api = new N8nApi(instance.url);
		await api.signIn(DEMO_OWNER);
		const twelveLabs = await api.createCredential('TwelveLabs', 'twelveLabsApi', { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' });
		const headerAuth = await api.createCredential('TwelveLabs header', 'httpHeaderAuth', { name: 'x-api-key', value: emulator.apiKey });

		process.stdout.write(`\nn8n ${CURRENT.n8nVersion}\n`);
		if (!ONLY_RATE_LIMIT) {
			const analysis = await execute(instance, analysisWorkflow(emulator.baseUrl, twelveLabs, headerAuth));
			const httpMs = analysis.data.resultData.runData['HTTP Request']?.[0]?.executionTime;
			const nodeMs = analysis.data.resultData.runData['TwelveLabs Analyze']?.[0]?.executionTime;
			process.stdout.write(`\n${ITEMS} analyses, emulator latency ${LATENCY_MS} ms:\n`);
			process.stdout.write(`  HTTP Request node:       ${describeRun(analysis, 'HTTP Request')}\n`);
			process.stdout.write(`  TwelveLabs Analyze node: ${describeRun(analysis, 'TwelveLabs Analyze')}\n`);
			if (httpMs && nodeMs) process.stdout.write(`  ratio HTTP Request / Analyze: ${(httpMs / nodeMs).toFixed(2)}x\n`);
		}

		await rateLimitSection(instance, api, RATE_LIMIT);

		if (files) {
			const preload = peakRssPreload();
			const peakOf = async (workflow: WorkflowJson): Promise<{ run: RunData; peak: number }> => {
				const peakFile = path.join(FOLDER, `${workflow.id}.peak`);
				const run = await execute(instance, workflow, { NODE_OPTIONS: `--require ${preload}`, PEAK_RSS_FILE: peakFile });
				return { run, peak: Number(fs.readFileSync(peakFile, 'utf8')) };
			};
			const baseline = await peakOf(uploadWorkflow('benchPeerDownloadOnly', files.url, { name: 'No upload', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} }));
			const viaHttp = await peakOf(
				uploadWorkflow('benchPeerUploadHttp', files.url, {
					name: 'HTTP Request upload',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [0, 0],
					parameters: {
						method: 'POST',
						url: `${emulator.baseUrl}/assets`,
						authentication: 'genericCredentialType',
						genericAuthType: 'httpHeaderAuth',
						sendBody: true,
						contentType: 'multipart-form-data',
						bodyParameters: {
							parameters: [
								{ name: 'method', value: 'direct' },
								{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
							],
						},
						options: {},
					},
					credentials: { httpHeaderAuth: headerAuth },
				}),
			);
			const viaNode = await peakOf(
				uploadWorkflow('benchPeerUploadNode', files.url, {
					name: 'TwelveLabs Asset upload',
					type: 'n8n-nodes-twelvelabs.twelveLabsAsset',
					typeVersion: 1,
					position: [0, 0],
					parameters: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data', options: {} },
					credentials: { twelveLabsApi: twelveLabs },
				}),
			);
			const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
			process.stdout.write(`\n${UPLOAD_MIB} MiB file, downloaded then uploaded (peak RSS of the n8n process of each run):\n`);
			const answered = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/assets').map((request) => request.status);
			process.stdout.write(`  download only:         peak ${mib(baseline.peak)}\n`);
			process.stdout.write(`  HTTP Request node:     peak ${mib(viaHttp.peak)}; upload ${describeRun(viaHttp.run, 'HTTP Request upload')} (TwelveLabs answered ${answered.join(', ') || 'nothing'})\n`);
			process.stdout.write(`  TwelveLabs Asset node: peak ${mib(viaNode.peak)}; upload ${describeRun(viaNode.run, 'TwelveLabs Asset upload')}\n`);
			process.stdout.write('  (TwelveLabs accepts a direct upload up to 200 MB; the Asset node switches to its multipart upload above that.)\n');
		}
		if (emulator.violations.length) process.stdout.write(`\nemulator spec violations:\n  ${emulator.violations.join('\n  ')}\n`);
	} finally {
		await instance.stop();
		await emulator.close();
		await files?.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
