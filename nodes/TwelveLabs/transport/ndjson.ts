import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export type NdjsonFailure = 'stream_malformed_line' | 'stream_cut' | 'stream_incomplete';

export interface NdjsonOptions {
	/** The node the stream is read for, and the item, so errors point at them. */
	node: INode;
	itemIndex?: number;
	/** The event that closes the stream. Without it the stream counts as cut short. */
	isEnd?: (value: unknown) => boolean;
}

export function streamError(options: NdjsonOptions, code: NdjsonFailure, message: string, lineNumber: number) {
	return new NodeApiError(
		options.node,
		{ code, message, line: lineNumber },
		{
			message,
			description:
				code === 'stream_malformed_line'
					? 'TwelveLabs sent a line that is not JSON. Run the item again; if it repeats, report it to TwelveLabs.'
					: 'The answer from TwelveLabs did not arrive whole. Run the item again.',
			itemIndex: options.itemIndex,
			failure: { cause: 'temporarily-unavailable' },
		},
	);
}

function parseLine(line: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(line) };
	} catch {
		return { ok: false };
	}
}

/**
 * Reads newline-delimited JSON from a byte stream, one batch per chunk received: every value
 * whose line completed in that chunk, whatever way the lines are split across chunks
 * (multi-byte characters included); blank lines are skipped. Batches keep the cost of the
 * async iteration per chunk instead of per line (an analysis streams one line per fragment).
 */
export async function* readNdjsonBatches(
	stream: AsyncIterable<Uint8Array | string>,
	options: NdjsonOptions,
): AsyncGenerator<unknown[], void, undefined> {
	const decoder = new TextDecoder('utf-8');
	let pending = '';
	let lineNumber = 0;
	let ended = false;

	/** Parses the complete lines of `pending`; a malformed line comes back after the values before it. */
	function parseLines(final: boolean): { values: unknown[]; error?: NodeApiError } {
		const values: unknown[] = [];
		let start = 0;
		let newline = pending.indexOf('\n');
		while (newline !== -1 || (final && start < pending.length)) {
			const stop = newline === -1 ? pending.length : newline;
			lineNumber++;
			const line = pending.slice(start, stop).trim();
			start = stop + 1;
			if (line) {
				const parsed = parseLine(line);
				if (!parsed.ok) {
					const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
					const message = `Line ${lineNumber} of the TwelveLabs response stream is not valid JSON: ${shown}`;
					return { values, error: streamError(options, 'stream_malformed_line', message, lineNumber) };
				}
				values.push(parsed.value);
				if (options.isEnd?.(parsed.value)) {
					ended = true;
					return { values };
				}
			}
			newline = start < pending.length ? pending.indexOf('\n', start) : -1;
		}
		pending = start >= pending.length ? '' : pending.slice(start);
		return { values };
	}

	const iterator = stream[Symbol.asyncIterator]();
	for (;;) {
		let next: IteratorResult<Uint8Array | string>;
		try {
			next = await iterator.next();
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw streamError(
				options,
				'stream_cut',
				`The TwelveLabs response stream was cut after ${lineNumber} line(s): ${detail}`,
				lineNumber,
			);
		}
		if (next.done) break;
		const chunk = next.value;
		pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		const { values, error } = parseLines(false);
		if (values.length) yield values;
		if (error) throw error;
		if (ended) {
			await iterator.return?.();
			return;
		}
	}
	pending += decoder.decode();
	const { values, error } = parseLines(true);
	if (values.length) yield values;
	if (error) throw error;
	if (options.isEnd && !ended) {
		throw streamError(
			options,
			'stream_incomplete',
			`The TwelveLabs response stream ended after ${lineNumber} line(s) without its closing event: the answer is incomplete`,
			lineNumber,
		);
	}
}

/** Reads newline-delimited JSON from a byte stream, one value at a time (see readNdjsonBatches). */
export async function* readNdjson(
	stream: AsyncIterable<Uint8Array | string>,
	options: NdjsonOptions,
): AsyncGenerator<unknown, void, undefined> {
	for await (const values of readNdjsonBatches(stream, options)) yield* values;
}
