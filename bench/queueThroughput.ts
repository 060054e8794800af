/**
 * The scale figure for queue mode: 200 executions of a one-item Analyze workflow (Webhook ->
 * TwelveLabs Analyze, the emulator answering each request after 2 s), started through a webhook
 * process, run by 1 worker and then by 2 workers of the same concurrency. Each row is a cluster of
 * its own (Postgres, Redis, main, webhook process, workers; started and stopped here).
 *
 *   npm run bench:queue [-- <executions=200> <latencyMs=2000> <concurrency per worker=10>]
 *
 * Throughput = executions / (first webhook call -> last execution stopped); ideal = workers x
 * concurrency / latency. A few warm-up executions first (module loading on each worker), not
 * counted. Prints figures only; nothing is asserted.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CREDENTIAL_TYPE, PACKAGE_PREFIX } from '../scripts/lib/examples';
import type { N8nApi, WorkflowJson } from '../scripts/lib/n8n-api';
import { buildAndPack } from '../scripts/lib/package';
import { sleep } from '../scripts/lib/process';
import { ensureQueueServices, QueueCluster } from '../scripts/lib/queueCluster';
import { CACHE_DIR, ensureN8n, type N8nRuntime } from '../scripts/lib/runtime';
import { CURRENT } from '../scripts/lib/versions';
import { type Emulator, startEmulator } from '../test/emulator';
import { callWebhook, publish } from '../test/e2e/support/queueRuns';

const EXECUTIONS = Number(process.argv[2] ?? 200);
const LATENCY_MS = Number(process.argv[3] ?? 2000);
/** Per worker (`n8n worker --concurrency`); n8n's default is 10. */
const CONCURRENCY = Number(process.argv[4] ?? 10);
const FOLDER = path.join(CACHE_DIR, 'bench-queue');

interface ExecutionRow {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

function analyzeWorkflow(webhookPath: string, credential: { id: string; name: string }): WorkflowJson {
	return {
		name: `Bench: webhook -> Analyze (${Date.now()})`,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				// Answer at once: the caller does not hold a connection for each run.
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
				webhookId: webhookPath,
			},
			{
				name: 'Analyze',
				type: `${PACKAGE_PREFIX}twelveLabsAnalyze`,
				typeVersion: 1,
				position: [240, 0],
				parameters: { videoSource: 'url', videoUrl: '={{ $json.body.videoUrl }}', promptType: 'plain', prompt: 'Describe this video in one sentence.', simplify: true, options: {} },
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Analyze', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Every execution of the workflow (public API, without data). */
async function executions(api: N8nApi, workflowId: string): Promise<ExecutionRow[]> {
	const rows: ExecutionRow[] = [];
	let cursor: string | undefined;
	do {
		const page = await api.publicApi<{ data: ExecutionRow[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		rows.push(...page.data.map((row) => ({ ...row, id: String(row.id) })));
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}

async function allFinished(api: N8nApi, workflowId: string, count: number): Promise<ExecutionRow[]> {
	const deadline = Date.now() + 30 * 60_000;
	for (;;) {
		const rows = await executions(api, workflowId);
		if (rows.length >= count && rows.every((row) => row.stoppedAt && row.status !== 'running' && row.status !== 'new')) return rows;
		if (Date.now() > deadline) throw new Error(`${rows.length} of ${count} executions listed, ${rows.filter((row) => row.stoppedAt).length} stopped after 30 min`);
		await sleep(1_000);
	}
}

/** Calls the webhook `count` times at once; every call must be accepted. */
async function fire(url: string, webhookPath: string, count: number): Promise<void> {
	const answers = await Promise.all(
		Array.from({ length: count }, (_, index) => callWebhook(url, webhookPath, { videoUrl: `https://cdn.example.com/video-${index}.mp4` })),
	);
	const refused = answers.filter((answer) => answer.status !== 200);
	if (refused.length) throw new Error(`${refused.length} webhook calls refused, e.g. ${refused[0].status} ${refused[0].body.slice(0, 200)}`);
}

interface Row {
	workers: number;
	seconds: number;
	perMinute: number;
	ideal: number;
	failed: number;
	byWorker: number[];
	rss: Record<string, number>;
}

/**
 * A cluster, tried twice: a free port picked for a process can be taken by another program on
 * this machine before n8n binds it ("port ... is already in use").
 */
async function startCluster(runtime: N8nRuntime, tarball: string, workers: number): Promise<QueueCluster> {
	const options = { runtime, tarball, dir: path.join(FOLDER, `workers-${workers}`), workers, webhookProcesses: 1, workerConcurrency: CONCURRENCY };
	try {
		return await QueueCluster.start(options);
	} catch (error) {
		process.stdout.write(`[bench] cluster start failed, trying once more: ${String(error).split('\n')[0]}\n`);
		return await QueueCluster.start(options);
	}
}

async function measure(runtime: N8nRuntime, tarball: string, emulator: Emulator, workers: number): Promise<Row> {
	const cluster = await startCluster(runtime, tarball, workers);
	try {
		const api = await cluster.api();
		emulator.reset();
		const credential = await api.createCredential(`TwelveLabs emulator ${emulator.origin}`, CREDENTIAL_TYPE, {
			apiKey: emulator.apiKey,
			baseUrl: emulator.baseUrl,
			webhookSecret: '',
		});
		const webhookUrl = cluster.webhookUrls[0];

		const warmPath = randomUUID();
		const warm = await publish(api, analyzeWorkflow(warmPath, credential));
		await fire(webhookUrl, warmPath, 2 * workers);
		await allFinished(api, warm.id, 2 * workers);

		const benchPath = randomUUID();
		const bench = await publish(api, analyzeWorkflow(benchPath, credential));
		await callWebhook(webhookUrl, benchPath, { videoUrl: 'https://cdn.example.com/registered.mp4' });
		await allFinished(api, bench.id, 1);
		const before = new Set((await executions(api, bench.id)).map((row) => row.id));

		process.stdout.write(`[bench] ${workers} worker(s): firing ${EXECUTIONS} webhook calls\n`);
		const started = Date.now();
		await fire(webhookUrl, benchPath, EXECUTIONS);
		const rows = (await allFinished(api, bench.id, EXECUTIONS + before.size)).filter((row) => !before.has(row.id));
		const lastStop = Math.max(...rows.map((row) => Date.parse(row.stoppedAt ?? '')));
		const seconds = (lastStop - started) / 1000;
		const byWorker = Array.from({ length: workers }, () => 0);
		for (const row of rows) {
			const worker = cluster.workerOf(row.id);
			if (worker !== undefined) byWorker[worker] += 1;
		}
		if (emulator.violations.length) throw new Error(`emulator spec violations: ${emulator.violations.slice(0, 3).join('; ')}`);
		return {
			workers,
			seconds,
			perMinute: (rows.length / seconds) * 60,
			ideal: ((workers * CONCURRENCY) / (LATENCY_MS / 1000)) * 60,
			failed: rows.filter((row) => row.status !== 'success').length,
			byWorker,
			rss: cluster.rssMiB(),
		};
	} finally {
		await cluster.stop();
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	await ensureQueueServices();
	const runtime = await ensureN8n(CURRENT);
	// A copy of its own: an e2e run in this working tree may repack (delete) the shared one meanwhile.
	const packed = await buildAndPack();
	const tarball = path.join(FOLDER, path.basename(packed));
	fs.mkdirSync(FOLDER, { recursive: true });
	fs.copyFileSync(packed, tarball);
	const emulator = await startEmulator({ clock: 'realtime', latencyMs: LATENCY_MS });
	const rows: Row[] = [];
	try {
		for (const workers of [1, 2]) rows.push(await measure(runtime, tarball, emulator, workers));
	} finally {
		await emulator.close();
	}

	console.log(`\nQueue mode: ${EXECUTIONS} webhook-started executions of Webhook -> TwelveLabs Analyze (one item), emulator latency ${LATENCY_MS} ms,`);
	console.log(`n8n ${CURRENT.n8nVersion}, 1 webhook process, worker concurrency ${CONCURRENCY}; ideal = workers x ${CONCURRENCY} / ${LATENCY_MS / 1000} s`);
	console.log('  workers   wall s   executions/min   ideal/min   of ideal   failed   runs per worker   RSS MiB');
	for (const row of rows) {
		console.log(
			`  ${String(row.workers).padStart(7)}   ${row.seconds.toFixed(1).padStart(6)}   ${row.perMinute.toFixed(0).padStart(14)}   ${row.ideal.toFixed(0).padStart(9)}   ${(row.perMinute / row.ideal).toFixed(2).padStart(8)}   ${String(row.failed).padStart(6)}   ${row.byWorker.join(' / ').padStart(15)}   ${JSON.stringify(row.rss)}`,
		);
	}
	if (rows.length === 2) console.log(`  2 workers vs 1: ${(rows[1].perMinute / rows[0].perMinute).toFixed(2)}x (ideal 2x)`);
	console.log(`  bench wall time (both clusters, boot included): ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
