import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { AssetSettings } from '../requests/assetUpload';
import { assetFormFields } from '../requests/assetUpload';
import { cancelSignalOf } from '../transport/context';
import type { ByteStream } from '../transport/request';
import { apiRequest } from '../transport/request';
import { DEFAULT_RETRY_POLICY, backoffDelayMs } from '../transport/retryPolicy';
import type { BinarySource } from './binarySource';
import { multipartForm } from './multipartForm';
import { readableFactoryFrom } from './readableBody';

/** Bytes read from the binary store at a time while streaming a direct upload. */
const READ_SIZE = 256 * 1024;
/** Idle time allowed on the socket: a big body may take a while for the API to accept. */
const DIRECT_UPLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Yields `head`, the file, `tail`; stops with an error if the file is not `size` bytes long. A
 * read that fails is handed to `onReadFailed` before it ends the body (and so the request).
 */
async function* formBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parts: { head: Buffer; file: ByteStream; size: number; tail: Buffer },
	onReadFailed: (bytesRead: number, cause: unknown) => Error,
): AsyncGenerator<Buffer> {
	yield parts.head;
	let sent = 0;
	const pieces = parts.file[Symbol.asyncIterator]();
	for (;;) {
		let step: IteratorResult<Buffer>;
		try {
			step = await pieces.next();
		} catch (error) {
			throw onReadFailed(sent, error);
		}
		if (step.done) break;
		sent += step.value.length;
		yield step.value;
	}
	if (sent !== parts.size) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The binary file changed while it was uploaded: ${sent} bytes read, ${parts.size} expected`,
			{ itemIndex },
		);
	}
	yield parts.tail;
}

/** A streamed upload refused with 429 is sent again (from a fresh stream) up to this many times. */
const RATE_LIMIT_RETRIES = 3;
const MAX_RATE_LIMIT_WAIT_MS = 120_000;

/** How long to wait before sending a streamed upload again, or undefined when it must not be. */
function rateLimitWaitMs(error: unknown, attempt: number): number | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== '429') return undefined;
	const asked = error.failure?.cause === 'rate-limited' ? error.failure.retryAfterMs : undefined;
	const wait = asked ?? backoffDelayMs(attempt, DEFAULT_RETRY_POLICY, Math.random());
	return wait <= MAX_RATE_LIMIT_WAIT_MS ? wait : undefined;
}

/**
 * `POST /assets` with method `direct`: the form is streamed, the file read from n8n's binary
 * store piece by piece; a binary held in memory is sent from its buffer. A streamed body
 * cannot be replayed by the transport, so a 429 (nothing was created) is retried here, from
 * a fresh stream of the file.
 */
export async function uploadDirect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: BinarySource,
	fileName: string,
	settings: AssetSettings,
): Promise<IDataObject> {
	const form = multipartForm(assetFormFields({ method: 'direct' }, { ...settings, filename: fileName }), {
		field: 'file',
		fileName,
		contentType: source.mimeType,
	});
	const headers = {
		'content-type': form.contentType,
		'content-length': String(form.head.length + source.size + form.tail.length),
	};
	const send = async (body: Buffer | ByteStream) =>
		await apiRequest(ctx, { method: 'POST', path: '/assets', body, headers, timeoutMs: DIRECT_UPLOAD_TIMEOUT_MS, itemIndex });

	for (let attempt = 0; ; attempt++) {
		const file = source.openStream ? await source.openStream(READ_SIZE) : undefined;
		const toReadable = file ? readableFactoryFrom(file) : undefined;
		if (!file || !toReadable) {
			// A binary held in memory (or a store whose streams are not Node Readables); the
			// transport retries a Buffer body itself.
			const buffer = file ? await collect(file, source.readFailed) : await source.readBuffer();
			return await send(Buffer.concat([form.head, buffer, form.tail]));
		}
		// The HTTP client sees a failed read only as a broken request body; the read's own
		// error is kept here to be the one the user sees.
		let readFailure: Error | undefined;
		const onReadFailed = (bytesRead: number, cause: unknown) => (readFailure = source.readFailed(bytesRead, cause));
		const body = toReadable(formBody(ctx, itemIndex, { head: form.head, file, size: source.size, tail: form.tail }, onReadFailed));
		let failure: unknown;
		try {
			return await send(body);
		} catch (error) {
			failure = readFailure ?? error;
		} finally {
			// Closes the file if the request ended before reading all of it.
			(body as { destroy?: () => void }).destroy?.();
		}
		const wait = attempt < RATE_LIMIT_RETRIES ? rateLimitWaitMs(failure, attempt) : undefined;
		if (wait === undefined) throw failure;
		await sleep(wait, cancelSignalOf(ctx));
	}
}

async function collect(stream: ByteStream, readFailed: BinarySource['readFailed']): Promise<Buffer> {
	const pieces: Buffer[] = [];
	let read = 0;
	try {
		for await (const piece of stream) {
			pieces.push(piece);
			read += piece.length;
		}
	} catch (error) {
		throw readFailed(read, error);
	}
	return Buffer.concat(pieces);
}
