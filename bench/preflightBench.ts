/**
 * Pre-flight of a 2 GiB MP4 whose movie box (`moov`) sits at the end, behind its media data: the
 * worst case for a reader that cannot seek, since n8n's binary store hands files out as a stream.
 * The file is a real ffmpeg-made fixture (test/fixtures/video/moov-at-end-480x360-6s.mp4) whose
 * `mdat` is grown to 2 GiB with a 64-bit size (sparse, in .tmp/, deleted afterwards); the sample
 * offsets stay valid because the media data starts where it did. It is stored in n8n's
 * filesystem binary store, then pre-flighted by the functions Analyze and Async Task call
 * (readBinaryInput, binaryVideoFile, preflightVideo). Run by bench/assetUploadMemory.ts
 * (`npm run bench:upload`) after the upload rows, in a process of its own (`--row`); alone:
 *
 *   npx ts-node --transpile-only bench/preflightBench.ts
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { readBinaryInput } from '../nodes/TwelveLabs/execution/binaryInput';
import { binaryVideoFile } from '../nodes/TwelveLabs/preflight/binaryVideoFile';
import { preflightVideo } from '../nodes/TwelveLabs/preflight/preflightVideo';
import { SYNC_ANALYSIS } from '../nodes/TwelveLabs/preflight/videoRequirements';
import { startEmulator } from '../test/emulator';
import { chain, manualTrigger, runWorkflow } from '../test/harness';
import { harnessOptions, nodeTypes } from '../test/support/twelveLabs';
import { MiB, STORED_BINARY, benchNode, makeBinaryNode, sampler, sizes, stored, storedBinaryNode } from './uploadBench';

const ROOT = join(__dirname, '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'video', 'moov-at-end-480x360-6s.mp4');

/**
 * Writes the fixture with its `mdat` grown to `mdatBytes` of payload: `ftyp`, then the 8-byte
 * `free` and 8-byte `mdat` headers become one 16-byte 64-bit `mdat` header, the original media
 * data, a hole up to the new size, and the `moov`.
 */
function writeBigMoovAtEnd(path: string, mdatBytes: number): number {
	const fixture = readFileSync(FIXTURE);
	const free = fixture.indexOf('free') - 4;
	const mdatSize = fixture.readUInt32BE(free + 8);
	const media = fixture.subarray(free + 16, free + 8 + mdatSize);
	const moov = fixture.subarray(free + 8 + mdatSize);
	const header = Buffer.alloc(16);
	header.writeUInt32BE(1, 0);
	header.write('mdat', 4, 'latin1');
	header.writeBigUInt64BE(BigInt(16 + mdatBytes), 8);
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, fixture.subarray(0, free), 0, free, 0);
		writeSync(fd, header, 0, 16, free);
		writeSync(fd, media, 0, media.length, free + 16);
		writeSync(fd, moov, 0, moov.length, free + 16 + mdatBytes);
	} finally {
		closeSync(fd);
	}
	return free + 16 + mdatBytes + moov.length;
}

/** Stores the file at `path` in n8n's binary store under `label` (a download would). */
const STORE_FILE = 'n8n-nodes-bench.storeFile';
const storeFileNode: INodeType = {
	description: { ...makeBinaryNode.description, displayName: 'Store File', name: 'storeFile' },
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const path = this.getNodeParameter('label', 0) as string;
		const binary = await this.helpers.prepareBinaryData(createReadStream(path, { highWaterMark: MiB }), 'big-moov-at-end.mp4', 'video/mp4');
		stored.big = binary;
		return [this.getInputData()];
	},
};

/** The pre-flight Analyze runs on its binary input, and nothing else. */
const PREFLIGHT = 'n8n-nodes-bench.preflight';
const preflightNode: INodeType = {
	description: { ...makeBinaryNode.description, displayName: 'Preflight', name: 'preflight', properties: [] },
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const input = await readBinaryInput(this, 0, 'Input Binary Field', 'data');
		const video = await preflightVideo({ node: this.getNode(), itemIndex: 0 }, 'Input Binary Field', binaryVideoFile(this, 0, input), SYNC_ANALYSIS);
		return [[{ json: { video: { ...video } } }]];
	},
};

/** For comparison: the same stream read to its end and dropped, as any reader of a moov-at-end file must. */
const READ_STREAM = 'n8n-nodes-bench.readStream';
const readStreamNode: INodeType = {
	description: { ...makeBinaryNode.description, displayName: 'Read Stream', name: 'readStream', properties: [] },
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let bytes = 0;
		for await (const piece of await this.helpers.getBinaryStream(this.getInputData()[0].binary!.data.id!, MiB)) bytes += (piece as Buffer).length;
		return [[{ json: { bytes } }]];
	},
};

async function preflightRow(): Promise<string> {
	const folder = join(ROOT, '.tmp', `preflight-bench-${process.pid}`);
	mkdirSync(folder, { recursive: true });
	const emulator = await startEmulator();
	try {
		const size = writeBigMoovAtEnd(join(folder, 'big-moov-at-end.mp4'), 2048 * MiB);
		sizes.big = size;
		const options = harnessOptions(emulator, {
			nodeTypes: { ...nodeTypes, [STORE_FILE]: storeFileNode, [PREFLIGHT]: preflightNode, [READ_STREAM]: readStreamNode, [STORED_BINARY]: storedBinaryNode },
		});
		const made = await runWorkflow(chain(manualTrigger(), benchNode(STORE_FILE, 'Store', { label: join(folder, 'big-moov-at-end.mp4') })), options);
		if (made.status !== 'success') throw new Error(`storing the file: ${made.error?.message ?? made.status}`);
		const flight = async (type: string) => {
			sampler.start();
			const started = process.hrtime.bigint();
			const result = await runWorkflow(chain(manualTrigger(), benchNode(STORED_BINARY, 'File', { label: 'big' }), benchNode(type, 'Last')), options);
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const growth = sampler.stop();
			if (result.status !== 'success') throw new Error(`${type}: ${result.error?.message ?? result.status}`);
			return { ms, growth, video: JSON.stringify(result.output('Last')[0].json.video) };
		};
		const line = (run: { ms: number; growth: number }) => `${(run.ms / 1000).toFixed(2)} s, peak RSS growth ${(run.growth / MiB).toFixed(1)} MiB`;
		const lines = [`    ${(size / MiB / 1024).toFixed(2)} GiB MP4, moov at the end, from the filesystem store:`];
		// Alternating, so the page cache and the machine's load touch both alike.
		for (let round = 1; round <= 2; round++) {
			const preflight = await flight(PREFLIGHT);
			const bare = await flight(READ_STREAM);
			lines.push(`      round ${round}: pre-flight ${line(preflight)}; the same stream read bare ${line(bare)} (ratio ${(preflight.ms / bare.ms).toFixed(2)}x)`);
			if (round === 2) lines.push(`      found ${preflight.video}; requests sent: ${emulator.requests.length}`);
		}
		return lines.join('\n');
	} finally {
		await emulator.close();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** The pre-flight row, in a child process (a clean RSS baseline). */
export function preflightTable(): void {
	console.log('\n  Pre-flight of a binary video (header read from the stream, media data skipped, nothing uploaded):');
	const child = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', __filename, '--row'], { stdio: 'inherit' });
	if (child.status !== 0) console.log(`    the pre-flight row failed (exit ${String(child.status)})`);
}

if (require.main === module && process.argv[2] !== '--row') preflightTable();
else if (require.main === module) {
	preflightRow().then(
		(line) => console.log(line),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
