import { Readable } from 'node:stream';

import { readNdjson } from '../../nodes/TwelveLabs/transport/ndjson';
import { nodeNamed } from '../support/nodeStub';

const node = nodeNamed('TwelveLabs Analyze');
const isEnd = (value: unknown) => (value as { event_type?: string }).event_type === 'stream_end';

async function collect(chunks: Array<string | Buffer>, withEnd = true) {
	const values: unknown[] = [];
	for await (const value of readNdjson(Readable.from(chunks), { node, itemIndex: 2, isEnd: withEnd ? isEnd : undefined })) {
		values.push(value);
	}
	return values;
}

describe('NDJSON reader', () => {
	it('joins lines split across chunks, including inside a multi-byte character', async () => {
		const text = '{"event_type":"text_generation","text":"héllo 🎬"}\n{"event_type":"stream_end"}\n';
		const bytes = Buffer.from(text);
		const emoji = bytes.indexOf(Buffer.from('🎬'));
		const chunks = [bytes.subarray(0, 10), bytes.subarray(10, emoji + 2), bytes.subarray(emoji + 2)];
		expect(await collect(chunks)).toEqual([
			{ event_type: 'text_generation', text: 'héllo 🎬' },
			{ event_type: 'stream_end' },
		]);
	});

	it('skips blank lines and CRLF endings, and reads a last line without a newline', async () => {
		const values = await collect(['\n{"a":1}\r\n\r\n', '  \n{"event_type":"stream_end"}']);
		expect(values).toEqual([{ a: 1 }, { event_type: 'stream_end' }]);
	});

	it('names the malformed line', async () => {
		await expect(collect(['{"a":1}\n', '{"a":\n', '{"event_type":"stream_end"}\n'])).rejects.toMatchObject({
			message: expect.stringContaining('Line 2 of the TwelveLabs response stream is not valid JSON: {"a":'),
			context: { itemIndex: 2 },
		});
	});

	it('reports a stream that ends without its closing event', async () => {
		await expect(collect(['{"event_type":"stream_start"}\n{"event_type":"text_generation","text":"x"}\n'])).rejects.toThrow(
			'ended after 2 line(s) without its closing event',
		);
	});

	it('reports a stream that breaks mid-way', async () => {
		async function* broken() {
			yield Buffer.from('{"event_type":"stream_start"}\n');
			throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		}
		const read = async () => {
			for await (const _ of readNdjson(broken(), { node, isEnd })) {
				// draining
			}
		};
		await expect(read()).rejects.toThrow('The TwelveLabs response stream was cut after 1 line(s): aborted');
	});

	it('stops reading at the closing event', async () => {
		expect(await collect(['{"event_type":"stream_end"}\n{"ignored":true}\n'])).toEqual([{ event_type: 'stream_end' }]);
	});

	it('does not require a closing event when none is named', async () => {
		expect(await collect(['{"a":1}\n{"b":2}'], false)).toEqual([{ a: 1 }, { b: 2 }]);
	});
});
