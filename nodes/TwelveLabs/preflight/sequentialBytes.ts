/**
 * A file read front to back, as n8n's binary store hands it out: a stream that cannot seek. The
 * container reader asks for the few bytes it parses and skips the rest (the media data), so
 * memory holds one piece of the stream at a time however big the file is.
 */
export interface SequentialBytes {
	/** The next `length` bytes; fewer only at the end of the file. */
	read(length: number): Promise<Buffer>;
	/** Passes over the next `length` bytes; returns how many there were (fewer at the end). */
	skip(length: number): Promise<number>;
	/** Stops reading and frees the file. */
	close(): Promise<void>;
}

/** Bytes from a stream of pieces (n8n's `getBinaryStream`). */
export function bytesFromStream(stream: AsyncIterable<Buffer | string>): SequentialBytes {
	const iterator = stream[Symbol.asyncIterator]();
	let pending: Buffer = Buffer.alloc(0);
	let ended = false;

	/** Makes sure `pending` is not empty, unless the stream ended. */
	const fill = async (): Promise<boolean> => {
		while (pending.length === 0 && !ended) {
			const step = await iterator.next();
			if (step.done) ended = true;
			else pending = Buffer.isBuffer(step.value) ? step.value : Buffer.from(step.value);
		}
		return pending.length > 0;
	};

	return {
		async read(length) {
			const parts: Buffer[] = [];
			let have = 0;
			while (have < length && (await fill())) {
				const take = Math.min(length - have, pending.length);
				parts.push(pending.subarray(0, take));
				pending = pending.subarray(take);
				have += take;
			}
			return parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
		},
		async skip(length) {
			let skipped = 0;
			while (skipped < length && (await fill())) {
				const take = Math.min(length - skipped, pending.length);
				pending = pending.subarray(take);
				skipped += take;
			}
			return skipped;
		},
		async close() {
			pending = Buffer.alloc(0);
			// A stream that already failed may throw again here; its error was reported by `read`.
			await iterator.return?.().catch(() => undefined);
		},
	};
}

/** Bytes of a file already in memory (n8n's default binary mode): skipping costs nothing. */
export function bytesFromBuffer(buffer: Buffer): SequentialBytes {
	let position = 0;
	return {
		async read(length) {
			const piece = buffer.subarray(position, position + length);
			position += piece.length;
			return piece;
		},
		async skip(length) {
			const skipped = Math.min(length, buffer.length - position);
			position += skipped;
			return skipped;
		},
		async close() {},
	};
}
