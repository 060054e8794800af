/**
 * P1: 100 items through the TwelveLabs Analyze node against the emulator answering after 200 ms,
 * run as a real workflow (n8n-core in-process): the wall time against the ideal
 * `latency x items / concurrency`, and against a one-at-a-time run of the same node.
 *
 *   npx ts-node --transpile-only bench/analyzeConcurrency.ts [items] [latencyMs] [concurrency]
 *
 * Prints figures only (ratios from one run); the goal (within 1.25x of ideal) is not asserted.
 */

import { DEFAULT_CONCURRENCY } from '../nodes/TwelveLabsAnalyze/actions/analyze.operation';
import { startEmulator } from '../test/emulator';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../test/harness';
import { harnessOptions, twelveLabsNode } from '../test/support/twelveLabs';

const ITEMS = Number(process.argv[2] ?? 100);
const LATENCY_MS = Number(process.argv[3] ?? 200);
const CONCURRENCY = Number(process.argv[4] ?? DEFAULT_CONCURRENCY);

function workflow(items: number, concurrency: number) {
	return chain(
		manualTrigger(),
		itemsNode(
			'Videos',
			Array.from({ length: items }, (_, index) => ({ json: { url: `https://cdn.example.com/video-${index}.mp4` } })),
		),
		twelveLabsNode(
			'twelveLabsAnalyze',
			{
				videoSource: 'url',
				videoUrl: '={{ $json.url }}',
				prompt: 'Summarize the video in two sentences',
				options: { concurrency },
			},
			{ name: 'Analyze' },
		),
	);
}

async function main() {
	const emulator = await startEmulator({ latencyMs: LATENCY_MS });
	try {
		const timed = async (items: number, concurrency: number) => {
			emulator.reset();
			const started = process.hrtime.bigint();
			const result = await runWorkflow(workflow(items, concurrency), harnessOptions(emulator));
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const output = result.output('Analyze');
			if (result.status !== 'success' || output.length !== items || output.some((item) => !item.json.text)) {
				throw new Error(`run failed: ${result.status} ${result.error?.message ?? ''}`);
			}
			if (emulator.violations.length) throw new Error(`spec violations: ${emulator.violations.join('; ')}`);
			return ms;
		};

		await timed(Math.min(ITEMS, 10), CONCURRENCY); // warm-up: module loading, JIT, sockets
		const parallel = await timed(ITEMS, CONCURRENCY);
		const serial = await timed(ITEMS, 1);
		const ideal = (LATENCY_MS * ITEMS) / CONCURRENCY;
		const idealSerial = LATENCY_MS * ITEMS;

		console.log(`P1 Analyze concurrency: ${ITEMS} items, emulator latency ${LATENCY_MS} ms, Items in Parallel ${CONCURRENCY}`);
		console.log(`  parallel run        ${parallel.toFixed(0).padStart(6)} ms   ideal ${ideal.toFixed(0)} ms -> ${(parallel / ideal).toFixed(2)}x ideal`);
		console.log(`  one at a time       ${serial.toFixed(0).padStart(6)} ms   ideal ${idealSerial.toFixed(0)} ms -> ${(serial / idealSerial).toFixed(2)}x ideal`);
		console.log(`  speed-up            ${(serial / parallel).toFixed(2)}x (at most ${CONCURRENCY}x)`);
		console.log(`  goal: parallel within 1.25x of ideal -> ${(parallel / ideal).toFixed(2)}x`);
	} finally {
		await emulator.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
