import type { NdjsonOptions } from './ndjson';
import { readNdjson, streamError } from './ndjson';

type Chunk = Uint8Array | string;

/** The stream again, with the chunks already read in front. */
async function* withFront(front: Chunk[], rest: AsyncIterator<Chunk>): AsyncGenerator<Chunk, void, undefined> {
	yield* front;
	for (;;) {
		const next = await rest.next();
		if (next.done) return;
		yield next.value;
	}
}

/**
 * The elements of a JSON array read as a stream: each element's text is held only until it is
 * complete (strings and nesting tracked), so a long array never sits whole in memory.
 */
async function* readArrayElements(stream: AsyncIterable<Chunk>, options: NdjsonOptions): AsyncGenerator<unknown, void, undefined> {
	const decoder = new TextDecoder('utf-8');
	let depth = 0;
	let inString = false;
	let escaped = false;
	let element = '';
	let count = 0;
	const finish = function* (): Generator<unknown, void, undefined> {
		const text = element.trim();
		element = '';
		if (!text) return;
		count++;
		yield parseElement(text, count, options);
	};
	const iterator = stream[Symbol.asyncIterator]();
	for (;;) {
		let next: IteratorResult<Chunk>;
		try {
			next = await iterator.next();
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw streamError(options, 'stream_cut', `The TwelveLabs response was cut after ${count} record(s): ${detail}`, count);
		}
		if (next.done) break;
		const chunk = next.value;
		const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let start = 0;
		for (let index = 0; index < text.length; index++) {
			const character = text[index];
			if (inString) {
				if (escaped) escaped = false;
				else if (character === '\\') escaped = true;
				else if (character === '"') inString = false;
				continue;
			}
			if (character === '"') inString = true;
			else if (character === '[' || character === '{') {
				depth++;
				// The array's own bracket opens the list: elements start after it.
				if (depth === 1) start = index + 1;
			} else if (character === ']' || character === '}') {
				depth--;
				if (depth === 0) {
					element += text.slice(start, index);
					yield* finish();
					start = index + 1;
				}
			} else if (character === ',' && depth === 1) {
				element += text.slice(start, index);
				yield* finish();
				start = index + 1;
			}
		}
		if (depth >= 1) element += text.slice(start);
	}
	if (depth > 0) {
		throw streamError(options, 'stream_incomplete', `The TwelveLabs response ended inside its JSON array, after ${count} record(s)`, count);
	}
}

function parseElement(text: string, index: number, options: NdjsonOptions): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
		throw streamError(options, 'stream_malformed_line', `Record ${index} of the TwelveLabs response is not valid JSON: ${shown}`, index);
	}
}

/** A parsed value that holds records: a list, or an object whose `data` is the list (a list route's shape). */
function* records(value: unknown, isRecord: (value: unknown) => boolean): Generator<unknown, void, undefined> {
	if (Array.isArray(value)) yield* value;
	else if (!isRecord(value) && typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data)) {
		yield* (value as { data: unknown[] }).data;
	} else yield value;
}

/**
 * Records of a response that is documented as JSON Lines but may come as JSON: one JSON value
 * per line (JSON Lines, whatever the content type says), a JSON array of records (streamed
 * element by element), or a single value holding them (a record, a list, or `{data: [...]}`).
 * `isRecord` tells a record from a wrapper. Memory stays bounded by the largest record.
 */
export async function* readJsonRecords(
	stream: AsyncIterable<Chunk>,
	options: NdjsonOptions & { isRecord: (value: unknown) => boolean },
): AsyncGenerator<unknown, void, undefined> {
	const iterator = stream[Symbol.asyncIterator]();
	const front: Chunk[] = [];
	let first: string | undefined;
	const decoder = new TextDecoder('utf-8');
	while (first === undefined) {
		const next = await iterator.next();
		if (next.done) return;
		front.push(next.value);
		const text = typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
		first = text.trimStart()[0];
	}
	const whole = withFront(front, iterator);
	if (first === '[') {
		yield* readArrayElements(whole, options);
		return;
	}
	for await (const value of readNdjson(whole, options)) yield* records(value, options.isRecord);
}
