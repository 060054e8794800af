import type { ByteStream } from '../transport/request';

/** One chunk's bytes; `release` gives its memory back for the next chunk. */
export interface Chunk {
	index: number;
	data: Buffer;
	release: () => void;
}

/** Chunks of a file in order, at most `slots` of them held at once. */
export interface ChunkSource {
	/** The next chunk (`length` bytes); waits while every slot is taken. */
	next(index: number, length: number): Promise<Chunk>;
	/** Stops reading and frees the file. */
	close(): Promise<void>;
}

/** Waits for a free slot among `slots`. */
class Slots<T> {
	private readonly free: T[] = [];
	private readonly waiting: Array<(slot: T) => void> = [];
	private created = 0;

	constructor(
		private readonly slots: number,
		private readonly create: () => T,
	) {}

	async take(): Promise<T> {
		const slot = this.free.pop();
		if (slot !== undefined) return slot;
		if (this.created < this.slots) {
			this.created++;
			return this.create();
		}
		return await new Promise<T>((resolve) => this.waiting.push(resolve));
	}

	give(slot: T): void {
		const waiter = this.waiting.shift();
		if (waiter) waiter(slot);
		else this.free.push(slot);
	}
}

/** What a chunk source throws when the file is shorter than announced, or its read fails. */
export interface ReadErrors {
	shortFile: (read: number) => Error;
	readFailed: (read: number, cause: unknown) => Error;
}

/**
 * Chunks read in order from a stream into a fixed pool of `slots` buffers of `chunkSize`
 * bytes: however big the file, memory holds at most `slots` chunks.
 */
export function streamChunks(stream: ByteStream, chunkSize: number, slots: number, errors: ReadErrors): ChunkSource {
	const iterator = stream[Symbol.asyncIterator]();
	const buffers = new Slots(slots, () => Buffer.allocUnsafe(chunkSize));
	let leftover: Buffer | undefined;
	let read = 0;
	let received = 0;
	/** The next piece of the stream, or the error for a read that failed. */
	const pull = async (): Promise<IteratorResult<Buffer> | Error> => {
		try {
			const step = await iterator.next();
			if (!step.done) received += step.value.length;
			return step;
		} catch (error) {
			return errors.readFailed(received, error);
		}
	};

	return {
		async next(index, length) {
			const buffer = await buffers.take();
			let filled = 0;
			while (filled < length) {
				let piece = leftover;
				leftover = undefined;
				if (!piece) {
					const step = await pull();
					if (step instanceof Error || step.done) {
						buffers.give(buffer);
						throw step instanceof Error ? step : errors.shortFile(read + filled);
					}
					piece = step.value;
				}
				const take = Math.min(piece.length, length - filled);
				piece.copy(buffer, filled, 0, take);
				filled += take;
				if (take < piece.length) leftover = piece.subarray(take);
			}
			read += filled;
			let released = false;
			return {
				index,
				data: buffer.subarray(0, length),
				release: () => {
					if (released) return;
					released = true;
					buffers.give(buffer);
				},
			};
		},
		async close() {
			// An errored stream may throw again here; the read error was already thrown by `next`.
			await iterator.return?.().catch(() => undefined);
		},
	};
}

/** Chunks of a binary already in memory: views of it, `slots` of them in flight at once. */
export function bufferChunks(file: Buffer, chunkSize: number, slots: number): ChunkSource {
	const tokens = new Slots(slots, () => true);
	return {
		async next(index, length) {
			const token = await tokens.take();
			const start = (index - 1) * chunkSize;
			let released = false;
			return {
				index,
				data: file.subarray(start, start + length),
				release: () => {
					if (released) return;
					released = true;
					tokens.give(token);
				},
			};
		},
		async close() {},
	};
}
