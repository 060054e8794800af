/**
 * The Asset node's upload by binary mode: n8n's filesystem mode (streams) beside its
 * `database` mode (queue mode's default), which reads a file whole and cannot read one over
 * 256 MiB back at all. n8n-core has no database manager (it lives in n8n's server package), so
 * the database mode is the test harness's stand-in, which reads a file as n8n's
 * DatabaseManager does through Postgres (hex text, then one Buffer): the node's side only, a
 * real Postgres backend grows as much again. Run by bench/assetUploadMemory.ts; each row runs
 * in a process of its own (`--row MODE SIZE_MIB`).
 */
import { spawnSync } from 'node:child_process';

import type { IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { MAX_WHOLE_READ_BYTES } from '../nodes/TwelveLabs/upload/binaryStorage';
import { startEmulator } from '../test/emulator';
import { chain, manualTrigger, runWorkflow } from '../test/harness';
import { STAND_IN_BINARY_TYPE, standInBinaryNode, standInBinaryNodeType } from '../test/support/standInBinaryNode';
import { harnessOptions, nodeTypes, twelveLabsNode } from '../test/support/twelveLabs';
import { MAKE_BINARY, MiB, STORED_BINARY, benchNode, makeBinaryNode, sampler, storedBinaryNode } from './uploadBench';

/** Reads the input binary whole through n8n's helper (what a database-mode upload costs) and drops it. */
const READ_WHOLE = 'n8n-nodes-bench.readWhole';
const readWholeNode: INodeType = {
	description: { ...makeBinaryNode.description, displayName: 'Read Whole', name: 'readWhole', properties: [] },
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const bytes = (await this.helpers.getBinaryDataBuffer(0, 'data')).length;
		return [[{ json: { bytes } }]];
	},
};

const benchNodeTypes = {
	...nodeTypes,
	[MAKE_BINARY]: makeBinaryNode,
	[STORED_BINARY]: storedBinaryNode,
	[READ_WHOLE]: readWholeNode,
	[STAND_IN_BINARY_TYPE]: standInBinaryNodeType,
};

type StoreMode = 'filesystem' | 'database';

/**
 * One row of the by-mode table, in a process of its own: memory a phase took from the
 * allocator stays with the process and would hide the growth of the rows after it.
 */
async function storeModeRow(mode: StoreMode, sizeMiB: number): Promise<string> {
	const emulator = await startEmulator();
	const options = harnessOptions(emulator, { nodeTypes: benchNodeTypes });
	const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
	const size = sizeMiB * MiB;
	const asset = twelveLabsNode('twelveLabsAsset', { operation: 'upload' }, { name: 'Asset' });
	const file =
		mode === 'database'
			? standInBinaryNode('File', { mode: 'database', size })
			: benchNode(STORED_BINARY, 'File', { label: 'file' });
	/** One run from a GC'd baseline: its peak RSS growth, wall time, and how it ended. */
	const run = async (last: INode) => {
		emulator.reset();
		sampler.start();
		const started = process.hrtime.bigint();
		const result = await runWorkflow(chain(manualTrigger(), file, last), options);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		return { growth: sampler.stop(), ms, error: result.nodeError(last.name), requests: emulator.requests.length };
	};
	const label = `    ${String(sizeMiB).padStart(3)} MiB  ${mode.padEnd(10)}`;
	try {
		if (mode === 'filesystem') {
			const made = await runWorkflow(chain(manualTrigger(), benchNode(MAKE_BINARY, 'Make', { size, label: 'file' })), options);
			if (made.status !== 'success') throw new Error(`storing the binary: ${made.error?.message ?? made.status}`);
		}
		await run(twelveLabsNode('twelveLabsAsset', { operation: 'get', assetId: { __rl: true, mode: 'id', value: 'warm-up' } }, { name: 'Warm' }));
		const upload = await run(asset);
		if (!upload.error) {
			const session = [...emulator.state.uploads.values()][0];
			const direct = emulator.requests.find((request) => request.path === '/assets')?.body as { file?: { size: number } } | undefined;
			const sent = session?.receivedBytes ?? direct?.file?.size;
			if (sent !== size) throw new Error(`${mode} ${sizeMiB} MiB: the emulator received ${String(sent)} bytes`);
			return `${label} uploaded (${session ? 'multipart' : 'direct'}): peak RSS growth ${mib(upload.growth)}  (${(upload.ms / 1000).toFixed(1)} s)`;
		}
		const read = await run(benchNode(READ_WHOLE, 'Read'));
		const readOutcome = read.error
			? `n8n's own read of it fails: "${read.error.message}"`
			: `reading it whole, as an upload from there must: peak RSS growth ${mib(read.growth)}`;
		return `${label} refused at once: ${upload.ms.toFixed(0)} ms for the whole run, ${upload.requests} requests; ${readOutcome}\n      "${upload.error.message}"`;
	} finally {
		await emulator.close();
	}
}

/** The by-mode table: each row in a child process. */
export function storeModeTable(): void {
	console.log(
		`\n  By binary mode: filesystem beside n8n's database mode, which reads a file whole (the node takes at most ${(MAX_WHOLE_READ_BYTES / MiB).toFixed(0)} MiB from it).`,
	);
	console.log("  The database mode is the test harness's in-process stand-in for n8n's DatabaseManager (n8n-core has none); a real Postgres backend grows as much again.");
	const rows: Array<[StoreMode, number]> = [
		['filesystem', 100],
		['database', 100],
		['filesystem', 250],
		['database', 250],
		['database', 300],
	];
	for (const [mode, sizeMiB] of rows) {
		const child = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', __filename, '--row', mode, String(sizeMiB)], {
			stdio: 'inherit',
		});
		if (child.status !== 0) console.log(`    ${sizeMiB} MiB ${mode}: the row failed (exit ${String(child.status)})`);
	}
}

if (require.main === module && process.argv[2] === '--row') {
	storeModeRow(process.argv[3] as StoreMode, Number(process.argv[4])).then(
		(line) => console.log(line),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
