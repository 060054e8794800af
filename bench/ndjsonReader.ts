/**
 * P3: the NDJSON reader on a 100 MB analysis stream, against a bare split + JSON.parse loop.
 *
 *   npx ts-node --transpile-only bench/ndjsonReader.ts [megabytes]
 *
 * The stream is what POST /analyze sends (stream_start, text_generation fragments, stream_end),
 * delivered in 64 KiB chunks like a socket, cut at arbitrary bytes (lines and UTF-8 characters
 * split across chunks). The readers run in turn for several rounds; the best run of each is compared.
 * Prints figures only; the goal (reader within 1.5x of the bare loop) is not asserted.
 */
import type { INode } from 'n8n-workflow';

import { readAnalyzeStream } from '../nodes/TwelveLabsAnalyze/analyzeStream';
import { readNdjson, readNdjsonBatches } from '../nodes/TwelveLabs/transport/ndjson';

const MEGABYTES = Number(process.argv[2] ?? 100);
const CHUNK_BYTES = 64 * 1024;
const RUNS = 5;

const node: INode = {
	id: 'bench',
	name: 'Bench',
	type: 'n8n-nodes-twelvelabs.twelveLabsAnalyze',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The stream's bytes, in socket-sized chunks. */
function buildStream(totalBytes: number): { chunks: Buffer[]; lines: number; textLength: number } {
	const words = ['the', 'presenter', 'walks', 'into', 'frame', 'café', 'naïve', 'über', '—', 'chart', 'summarizes', '数字'];
	const lines: string[] = [JSON.stringify({ event_type: 'stream_start', metadata: { generation_id: 'gen-bench' } })];
	let size = lines[0].length + 1;
	let seed = 7;
	let textLength = 0;
	while (size < totalBytes) {
		seed = (seed * 1103515245 + 12345) >>> 0;
		const fragment = `${words[seed % words.length]} ${words[(seed >>> 8) % words.length]} `;
		textLength += fragment.length;
		const line = JSON.stringify({ event_type: 'text_generation', text: fragment });
		lines.push(line);
		size += Buffer.byteLength(line) + 1;
	}
	lines.push(
		JSON.stringify({
			event_type: 'stream_end',
			finish_reason: 'stop',
			metadata: { generation_id: 'gen-bench', usage: { output_tokens: lines.length, input_tokens: 1000 } },
		}),
	);
	const all = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
	const chunks: Buffer[] = [];
	for (let offset = 0; offset < all.length; offset += CHUNK_BYTES) chunks.push(all.subarray(offset, offset + CHUNK_BYTES));
	return { chunks, lines: lines.length, textLength };
}

/** Yields the chunks asynchronously, as a response body does. */
async function* asStream(chunks: Buffer[]): AsyncGenerator<Buffer> {
	for (const chunk of chunks) yield chunk;
}

/** The baseline: decode, split on newlines carrying the remainder, JSON.parse every line. */
async function bareLoop(chunks: Buffer[]): Promise<number> {
	const decoder = new TextDecoder('utf-8');
	let rest = '';
	let count = 0;
	for await (const chunk of asStream(chunks)) {
		const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n');
		rest = parts.pop() ?? '';
		for (const line of parts) {
			if (line) {
				JSON.parse(line);
				count++;
			}
		}
	}
	if (rest) {
		JSON.parse(rest);
		count++;
	}
	return count;
}

async function reader(chunks: Buffer[]): Promise<number> {
	let count = 0;
	const isEnd = (value: unknown) => (value as { event_type?: string }).event_type === 'stream_end';
	for await (const _event of readNdjson(asStream(chunks), { node, isEnd })) count++;
	return count;
}

async function batchReader(chunks: Buffer[]): Promise<number> {
	let count = 0;
	const isEnd = (value: unknown) => (value as { event_type?: string }).event_type === 'stream_end';
	for await (const values of readNdjsonBatches(asStream(chunks), { node, isEnd })) count += values.length;
	return count;
}

async function analyzeStream(chunks: Buffer[]): Promise<number> {
	const result = await readAnalyzeStream(asStream(chunks), { node, itemIndex: 0 });
	return result.text.length;
}

interface Contender {
	name: string;
	run: () => Promise<number>;
	expected: number;
	fastest: number;
}

/** Runs the contenders in turn, round after round, so a busy machine slows them alike; keeps each one's best. */
async function race(contenders: Contender[]): Promise<void> {
	for (let round = 0; round < RUNS; round++) {
		for (const contender of contenders) {
			const started = process.hrtime.bigint();
			const result = await contender.run();
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (result !== contender.expected) throw new Error(`${contender.name}: got ${result}, expected ${contender.expected}`);
			contender.fastest = Math.min(contender.fastest, ms);
		}
	}
}

async function main() {
	const { chunks, lines, textLength } = buildStream(MEGABYTES * 1024 * 1024);
	const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
	console.log(`P3 NDJSON reader: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${lines.toLocaleString('en-US')} lines, ${chunks.length} chunks of 64 KiB, best of ${RUNS} runs`);

	const contenders: Contender[] = [
		{ name: 'bare split + JSON.parse loop', run: () => bareLoop(chunks), expected: lines, fastest: Infinity },
		{ name: 'readNdjsonBatches (what the node reads)', run: () => batchReader(chunks), expected: lines, fastest: Infinity },
		{ name: 'readAnalyzeStream (batches -> answer)', run: () => analyzeStream(chunks), expected: textLength, fastest: Infinity },
		{ name: 'readNdjson (one value per iteration)', run: () => reader(chunks), expected: lines, fastest: Infinity },
	];
	await race(contenders);
	const [bare, batches, analyze] = contenders.map((contender) => contender.fastest);

	const row = (name: string, ms: number) =>
		console.log(`  ${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${((bytes / 1024 / 1024) / (ms / 1000)).toFixed(0).padStart(4)} MiB/s  ${(ms / bare).toFixed(2)}x bare`);
	for (const contender of contenders) row(contender.name, contender.fastest);
	console.log(`  goal: the node's reader within 1.50x of the bare loop -> readNdjsonBatches ${(batches / bare).toFixed(2)}x, readAnalyzeStream ${(analyze / bare).toFixed(2)}x`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
