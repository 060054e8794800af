/**
 * Batch analysis: 1,000 videos through one Create Batch + Wait for Completion + Get Results,
 * against 1,000 Async Task Create + Wait for Completion tasks, on the emulator (real clock, the
 * same emulated processing time and poll interval for both), nodes run in-process through the
 * harness over HTTP.
 *
 *   npx ts-node --transpile-only bench/batchAnalysis.ts [videos] [processingMs] [pollSeconds]
 *
 * Prints API requests sent (per route, as the emulator counts them), wall time, and the peak RSS
 * (and V8 heap) growth of the Get Results run that reads every result. Goals (printed, not asserted): the batch
 * path sends at most 1% of the task path's requests; results read at <= 64 MiB RSS growth.
 * The emulator runs in this process too, so the RSS figure includes it serving the results.
 */

import type { INode, INodeParameters } from 'n8n-workflow';

import { MAX_BATCH_REQUESTS } from '../nodes/TwelveLabs/requests/batch';
import type { Emulator } from '../test/emulator';
import { startEmulator } from '../test/emulator';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../test/harness';
import { harnessOptions, twelveLabsNode } from '../test/support/twelveLabs';
import { MiB, sampler } from './uploadBench';

const VIDEOS = Math.min(Number(process.argv[2] ?? 1_000), MAX_BATCH_REQUESTS);
const PROCESSING_MS = Number(process.argv[3] ?? 3_000);
const POLL_SECONDS = Number(process.argv[4] ?? 0.25);
const WAIT = { pollInterval: POLL_SECONDS, maxWait: 3_600 };
const PROMPT = 'Summarize the webinar in two sentences';

interface Phase {
	requests: number;
	ms: number;
	output: number;
	growth?: number;
	heapGrowth?: number;
}

/** Peak V8 heap + ArrayBuffer growth: more sensitive than RSS, which keeps pages freed by earlier runs. */
function heapSampler() {
	const used = () => {
		const memory = process.memoryUsage();
		return memory.heapUsed + memory.arrayBuffers;
	};
	const baseline = used();
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
	return () => {
		clearInterval(timer);
		return Math.max(peak, used()) - baseline;
	};
}

function asyncTask(name: string, parameters: INodeParameters): INode {
	return twelveLabsNode('twelveLabsAsyncTask', parameters, { name, id: `bench-${name}` });
}

function videos(emulator: Emulator) {
	return itemsNode(
		'Videos',
		Array.from({ length: VIDEOS }, (_, index) => ({
			json: { assetId: emulator.state.addAsset({ filename: `webinar-${index}.mp4` })._id, id: `webinar-${index}` },
		})),
	);
}

const assetLocator = { __rl: true, mode: 'id', value: '={{ $json.assetId }}' };

/** Runs one workflow and returns the requests it sent, its wall time and the last node's items. */
async function phase(emulator: Emulator, nodes: INode[], last: string, measureRss = false): Promise<Phase & { items: Array<{ json: Record<string, unknown> }> }> {
	const before = emulator.requests.length;
	if (measureRss) sampler.start();
	const heapGrowth = measureRss ? heapSampler() : undefined;
	const started = process.hrtime.bigint();
	const result = await runWorkflow(chain(...nodes), harnessOptions(emulator));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const growth = measureRss ? sampler.stop() : undefined;
	const heap = heapGrowth?.();
	if (result.status !== 'success') throw new Error(`${last}: ${result.status} ${result.error?.message ?? ''}`);
	if (emulator.violations.length) throw new Error(`spec violations: ${emulator.violations.join('; ')}`);
	const items = result.output(last);
	return { requests: emulator.requests.length - before, ms, output: items.length, growth, heapGrowth: heap, items };
}

function routeCounts(emulator: Emulator): string {
	return Object.entries(emulator.routeStats())
		.map(([route, stats]) => `${route} ${stats.requests}`)
		.join(', ');
}

function readyCount(items: Array<{ json: Record<string, unknown> }>): number {
	return items.filter((item) => item.json.status === 'ready').length;
}

async function batchPath(emulator: Emulator) {
	emulator.reset();
	const create = await phase(
		emulator,
		[
			manualTrigger(),
			videos(emulator),
			asyncTask('Create Batch', { resource: 'batch', operation: 'create', videoSource: 'assetId', assetId: assetLocator, customId: '={{ $json.id }}', prompt: PROMPT }),
			asyncTask('Wait', { resource: 'batch', operation: 'wait', batchId: '={{ $json.batchId }}', options: WAIT }),
		],
		'Wait',
	);
	const batchId = String(create.items[0].json.batchId);
	const results = await phase(
		emulator,
		[manualTrigger(), asyncTask('Get Results', { resource: 'batch', operation: 'getResults', batchId })],
		'Get Results',
		true,
	);
	if (readyCount(results.items) !== VIDEOS) throw new Error(`batch path: ${readyCount(results.items)} of ${VIDEOS} results ready`);
	return { create, results, routes: routeCounts(emulator) };
}

async function taskPath(emulator: Emulator) {
	emulator.reset();
	const run = await phase(
		emulator,
		[
			manualTrigger(),
			videos(emulator),
			asyncTask('Create', { resource: 'task', operation: 'create', videoSource: 'assetId', assetId: assetLocator, prompt: PROMPT, options: { customId: '={{ $json.id }}' } }),
			asyncTask('Wait', { resource: 'task', operation: 'wait', taskId: { __rl: true, mode: 'id', value: '={{ $json.taskId }}' }, options: WAIT }),
		],
		'Wait',
	);
	if (readyCount(run.items) !== VIDEOS) throw new Error(`task path: ${readyCount(run.items)} of ${VIDEOS} tasks ready`);
	return { run, routes: routeCounts(emulator) };
}

async function main() {
	const emulator = await startEmulator({
		clock: 'realtime',
		taskDurations: { pendingMs: PROCESSING_MS / 4, processingMs: PROCESSING_MS / 2, readyMs: PROCESSING_MS },
		assetProcessingMs: 0,
	});
	try {
		const batch = await batchPath(emulator);
		const tasks = await taskPath(emulator);
		const batchRequests = batch.create.requests + batch.results.requests;
		const batchMs = batch.create.ms + batch.results.ms;
		const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

		console.log(`Batch analysis: ${VIDEOS} videos (assets), emulated processing ${PROCESSING_MS} ms per video, poll interval ${POLL_SECONDS} s (both paths)`);
		console.log(`  batch: Create Batch + Wait   ${String(batch.create.requests).padStart(5)} requests  ${seconds(batch.create.ms)}`);
		console.log(`         Get Results           ${String(batch.results.requests).padStart(5)} requests  ${seconds(batch.results.ms)}  ${batch.results.output} items (${(JSON.stringify(batch.results.items).length / MiB).toFixed(1)} MiB as JSON), peak RSS growth ${(batch.results.growth! / MiB).toFixed(1)} MiB over ${(sampler.baseline / MiB).toFixed(0)} MiB, peak heap growth ${(batch.results.heapGrowth! / MiB).toFixed(1)} MiB`);
		console.log(`         total                 ${String(batchRequests).padStart(5)} requests  ${seconds(batchMs)}   (${batch.routes})`);
		console.log(`  tasks: Create + Wait         ${String(tasks.run.requests).padStart(5)} requests  ${seconds(tasks.run.ms)}   (${tasks.routes})`);
		console.log(`  goal: batch requests <= 1% of the task path's -> ${((100 * batchRequests) / tasks.run.requests).toFixed(2)}%`);
		console.log(`  goal: results read at <= 64 MiB RSS growth -> ${(batch.results.growth! / MiB).toFixed(1)} MiB`);
		console.log(`  wall time: batch ${seconds(batchMs)} vs tasks ${seconds(tasks.run.ms)} (${(tasks.run.ms / batchMs).toFixed(1)}x)`);
	} finally {
		await emulator.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
