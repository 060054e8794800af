import { Readable } from 'node:stream';

import { readJsonRecords } from '../../nodes/TwelveLabs/transport/jsonRecords';
import { isBatchResultLine } from '../../nodes/TwelveLabs/responses/batch';
import { nodeNamed } from '../support/nodeStub';

const node = nodeNamed('TwelveLabs Async Task');

async function collect(chunks: Array<string | Buffer>) {
	const values: unknown[] = [];
	for await (const value of readJsonRecords(Readable.from(chunks), { node, itemIndex: 0, isRecord: isBatchResultLine })) values.push(value);
	return values;
}

/** Every way of cutting `text` into two chunks, bytes included (multi-byte characters split too). */
function everySplit(text: string): Buffer[][] {
	const bytes = Buffer.from(text);
	return Array.from({ length: bytes.length - 1 }, (_, index) => [bytes.subarray(0, index + 1), bytes.subarray(index + 1)]);
}

const lines = [
	{ task_id: 't1', custom_id: 'a', status: 'ready', data: { data: 'He said "[no], {really}" 🎬\n', finish_reason: 'stop' } },
	{ task_id: 't2', custom_id: null, status: 'failed', error: { message: 'The asset could not be read.' } },
	{ task_id: 't3', custom_id: 'c', status: 'queued' },
];

describe('Batch results reader (JSON Lines or JSON)', () => {
	it('reads JSON Lines, however the stream is cut', async () => {
		const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
		for (const chunks of everySplit(text)) expect(await collect(chunks)).toEqual(lines);
	});

	it('reads a JSON array, compact or pretty-printed, element by element, however the stream is cut', async () => {
		for (const text of [JSON.stringify(lines), `\n ${JSON.stringify(lines, null, 2)}\n`]) {
			for (const chunks of everySplit(text)) expect(await collect(chunks)).toEqual(lines);
		}
	});

	it('reads one record, and a list wrapped as {data: [...]}', async () => {
		expect(await collect([JSON.stringify(lines[0])])).toEqual([lines[0]]);
		expect(await collect([JSON.stringify({ data: lines, page_info: {} })])).toEqual(lines);
	});

	it('an empty body or an empty array has no records', async () => {
		expect(await collect([])).toEqual([]);
		expect(await collect(['  \n'])).toEqual([]);
		expect(await collect(['[ ]'])).toEqual([]);
	});

	it('an array cut short or a broken element fails with a stream error, not garbage', async () => {
		await expect(collect([JSON.stringify(lines).slice(0, 60)])).rejects.toThrow(/ended inside its JSON array/);
		await expect(collect(['[{"task_id":"t1"},{"task_id":}]'])).rejects.toThrow(/Record 2 of the TwelveLabs response is not valid JSON/);
	});
});
