/**
 * P4: API requests per poll of the TwelveLabs Trigger, in an account holding 5,000 old finished
 * tasks, run through n8n-core's PollContext against the emulator (manual clock).
 *
 *   npx ts-node --transpile-only bench/triggerRequests.ts [oldTasks]
 *
 * For each case: the seed poll, a quiet poll (nothing changed), then a poll after some tracked
 * tasks finished, and a poll after tasks were created and finished between two polls.
 * Goals (printed, not asserted): 1 request for a quiet poll with nothing in flight; with tasks in
 * flight a cost that grows with them (pages of 50), not with the account's history; at most one
 * more request per finished task.
 *
 * Then the quiet-poll layouts of test/workflows/triggerQuietCost.test.ts (at most 50 tasks in
 * flight, placed at the head, under it, deep in history, spread, under a burst): the cost of a
 * quiet poll in each (goal: at most 4). Last, the same for the Batch Finished event (triggerBatchRequests.ts).
 */

import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../test/emulator';
import { startEmulator } from '../test/emulator';
import { runPoll } from '../test/harness';
import { harnessOptions, twelveLabsNode } from '../test/support/twelveLabs';
import { pollMeter } from './pollMeter';
import { QUIET_POLL_LAYOUTS, seedLayout } from '../test/trigger-support/layouts';
import { measureBatchPolls } from './triggerBatchRequests';

const OLD_TASKS = Number(process.argv[2] ?? 5_000);
const HOUR = 3_600_000;
const HISTORY_STEP_MS = 10_000;

interface Case {
	name: string;
	inFlight: number;
	/** Where the in-flight tasks sit in the list: the newest, or spread through the history. */
	placement: 'newest' | 'spread';
	/** How many of the in-flight tasks finish before the third poll. */
	finishing: number;
}

const CASES: Case[] = [
	{ name: 'nothing in flight', inFlight: 0, placement: 'newest', finishing: 0 },
	{ name: '10 in flight (newest)', inFlight: 10, placement: 'newest', finishing: 5 },
	{ name: '200 in flight (newest)', inFlight: 200, placement: 'newest', finishing: 20 },
	{ name: '10 in flight (spread through history)', inFlight: 10, placement: 'spread', finishing: 5 },
	{ name: '200 in flight (spread through history)', inFlight: 200, placement: 'spread', finishing: 20 },
];
const NEW_AND_FINISHED = 20;

function buildAccount(emulator: Emulator, testCase: Case): void {
	emulator.reset();
	const { state, clock } = emulator;
	const now = clock.now();
	const start = now - OLD_TASKS * HISTORY_STEP_MS - 60_000;
	for (let index = 0; index < OLD_TASKS; index++) {
		state.addTask({ status: index % 7 === 0 ? 'failed' : 'ready', created_at: start + index * HISTORY_STEP_MS });
	}
	for (let index = 0; index < testCase.inFlight; index++) {
		const createdAt =
			testCase.placement === 'newest'
				? now - 30_000 + index
				: start + Math.floor(((index + 0.5) * OLD_TASKS) / testCase.inFlight) * HISTORY_STEP_MS + 1;
		const finishesAt = index < testCase.finishing ? now + HOUR : now + 100 * HOUR;
		state.addTask({ created_at: createdAt, readyAfterMs: finishesAt - createdAt });
	}
}

function printTable(title: string, header: string[], rows: string[][]): void {
	const widths = header.map((name, column) => Math.max(name.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
	console.log(title);
	console.log(line(header));
	for (const row of rows) console.log(line(row));
}

async function measureLayouts(emulator: Emulator): Promise<string[][]> {
	const rows: string[][] = [];
	for (const layout of QUIET_POLL_LAYOUTS) {
		emulator.reset();
		const node = twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'] } as never, {
			name: 'Trigger',
			id: `bench-layout-${layout.name}`,
		});
		let staticData: IDataObject = {};
		const measure = async () => {
			emulator.requests.length = 0;
			const result = await runPoll(node, { ...harnessOptions(emulator), staticData });
			if (result.error) throw result.error;
			staticData = result.staticData;
			return emulator.requests.length;
		};
		const { createNew } = seedLayout(emulator, layout);
		const seed = await measure();
		createNew();
		emulator.clock.advance(60_000);
		const withNew = await measure();
		const quiet = [await measure(), await measure()];
		rows.push([layout.name, String(seed), String(withNew), String(Math.max(...quiet))]);
	}
	return rows;
}

async function main() {
	const emulator = await startEmulator();
	const rows: string[][] = [];
	let layoutRows: string[][] = [];
	let batchTable: Awaited<ReturnType<typeof measureBatchPolls>> | undefined;
	try {
		let nodeIndex = 0;
		for (const testCase of CASES) {
			buildAccount(emulator, testCase);
			const node = twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'] } as never, {
				name: 'Trigger',
				id: `bench-trigger-${++nodeIndex}`,
			});
			const meter = pollMeter(emulator, node);
			const measure = meter.poll;

			const seed = await measure();
			const quiet = await measure();
			emulator.clock.advance(HOUR + 1_000);
			const finished = await measure();
			if (finished.emitted !== testCase.finishing) throw new Error(`${testCase.name}: emitted ${finished.emitted}, expected ${testCase.finishing}`);
			const quietAgain = await measure();
			for (let index = 0; index < NEW_AND_FINISHED; index++) emulator.state.addTask({ readyAfterMs: 1_000 });
			emulator.clock.advance(60_000);
			const fresh = await measure();
			if (fresh.emitted !== NEW_AND_FINISHED) throw new Error(`${testCase.name}: emitted ${fresh.emitted} new tasks, expected ${NEW_AND_FINISHED}`);

			const perFinished = testCase.finishing > 0 ? ((finished.requests - quietAgain.requests) / testCase.finishing).toFixed(2) : '-';
			const perFresh = ((fresh.requests - quietAgain.requests) / NEW_AND_FINISHED).toFixed(2);
			rows.push([
				testCase.name,
				String(seed.requests),
				String(quiet.requests),
				`${finished.requests} (${testCase.finishing} done)`,
				perFinished,
				`${fresh.requests} (${NEW_AND_FINISHED} new)`,
				perFresh,
				String(JSON.stringify(meter.staticData()).length),
			]);
		}
		layoutRows = await measureLayouts(emulator);
		batchTable = await measureBatchPolls(emulator);
	} finally {
		await emulator.close();
	}

	printTable(
		`TwelveLabs Trigger: API requests per poll, account with ${OLD_TASKS} old finished tasks`,
		['case', 'seed', 'quiet poll', 'poll with finished', 'extra/finished', 'poll with new+finished', 'extra/new', 'state bytes'],
		rows,
	);
	console.log('');
	printTable(
		'Quiet polls with at most 50 tasks in flight, 400 finished tasks of history (goal: at most 4)',
		['layout', 'seed', 'poll finding the new', 'quiet poll'],
		layoutRows,
	);
	if (batchTable) {
		console.log('');
		printTable('Batch Finished: API requests per poll, 300 finished batches of history (goal: quiet 1, or 2 with old batches in flight)', batchTable.header, batchTable.rows);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
