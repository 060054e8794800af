/**
 * Request/response plumbing shared by the server and the route files: the route contract, the reply
 * helper (latency, status recording, response validation, both error body shapes), body reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock';
import type { MatchedOperation, SpecValidator } from './spec';
import type { State } from './state';
import type { Fault, RecordedRequest, TaskDurations } from './types';

export interface ResolvedOptions {
	apiKey: string;
	latencyMs: number;
	taskDurations: TaskDurations;
	assetProcessingMs: number;
	multipartChunkSize?: number;
	cancelExtension: boolean;
	batchResultsContentType: string;
}

/** What every route handler can reach. */
export interface EmulatorEnv {
	state: State;
	clock: Clock;
	spec: SpecValidator;
	options: ResolvedOptions;
	origin: string;
	violation(message: string): void;
}

export type ErrorStyle = 'flat' | 'nested';

export interface RouteContext {
	req: IncomingMessage;
	method: string;
	/** Path without /v1.3. */
	path: string;
	params: Record<string, string>;
	/** The spec operation (undefined for the non-API upload route). */
	matched?: MatchedOperation;
	/** Query coerced to the declared types. */
	query: Record<string, unknown>;
	/** Parsed JSON body (undefined when none, or when the route streams its body). */
	body: unknown;
	/** A fault the route itself must act on (cut-stream, malformed-line, truncate). */
	fault?: Fault;
	record: RecordedRequest;
	env: EmulatorEnv;
	reply: Reply;
}

export interface RouteDef {
	method: string;
	/** Template as in the spec (without /v1.3), e.g. '/assets/{asset_id}'. */
	path: string;
	/** Shape of this route's error bodies. */
	errors: ErrorStyle;
	/** The handler reads the request body itself (multipart, chunk PUT). */
	streamBody?: boolean;
	handle(ctx: RouteContext): Promise<void> | void;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorBody(style: ErrorStyle, code: string, message: string): unknown {
	return style === 'nested' ? { error: { code, message } } : { code, message };
}

/**
 * Writes responses. Every answer waits `latencyMs` first, records its status on the request record,
 * and (for JSON) is validated against the documented response schema unless it is a scripted fault.
 */
export class Reply {
	constructor(
		private readonly res: ServerResponse,
		private readonly record: RecordedRequest,
		private readonly env: EmulatorEnv,
		private readonly matched: MatchedOperation | undefined,
		readonly errorStyle: ErrorStyle,
	) {}

	get sent(): boolean {
		return this.res.headersSent || this.res.destroyed;
	}

	private async latency(): Promise<void> {
		if (this.env.options.latencyMs > 0) await sleep(this.env.options.latencyMs);
	}

	private checkResponse(status: number, body: unknown): void {
		if (!this.matched) return;
		for (const message of this.env.spec.validateResponse(this.matched, status, body)) {
			this.env.violation(
				`emulator response to ${this.matched.spec.method} ${this.matched.spec.template} breaks the spec: ${message}`,
			);
		}
	}

	async json(status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
		this.checkResponse(status, body);
		await this.send(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
	}

	async error(status: number, code: string, message: string): Promise<void> {
		await this.json(status, errorBody(this.errorStyle, code, message));
	}

	async empty(status: number, headers: Record<string, string> = {}): Promise<void> {
		await this.send(status, headers, '');
	}

	/** A raw answer that is not validated (scripted faults, the non-API upload route). */
	async send(status: number, headers: Record<string, string>, body: string | Buffer): Promise<void> {
		await this.latency();
		if (this.sent) return;
		this.record.status = status;
		const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
		this.res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
		this.res.end(payload);
	}

	/** Gives up on answering (the client went away mid-request). */
	abandon(): void {
		this.record.status = 0;
		this.res.destroy();
	}

	/** Starts a chunked NDJSON answer (declared as application/json, as the spec does). */
	async startStream(status = 200, contentType = 'application/json'): Promise<StreamWriter> {
		await this.latency();
		this.record.status = status;
		this.res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
		this.res.flushHeaders();
		return new StreamWriter(this.res, this.env, this.matched);
	}
}

export class StreamWriter {
	constructor(
		private readonly res: ServerResponse,
		private readonly env: EmulatorEnv,
		private readonly matched: MatchedOperation | undefined,
	) {}

	get closed(): boolean {
		return this.res.destroyed || this.res.writableEnded;
	}

	/** Writes one event as a line; validated against StreamAnalyzeResponse. */
	async event(event: unknown): Promise<void> {
		if (this.matched) {
			for (const message of this.env.spec.validateStreamEvent(event)) {
				this.env.violation(`emulator stream event of ${this.matched.spec.template} breaks the spec: ${message}`);
			}
		}
		await this.line(JSON.stringify(event));
	}

	/** Writes a raw line (used for the malformed-line fault); `ownChunk: false` lets lines share chunks. */
	async line(text: string, ownChunk = true): Promise<void> {
		if (this.closed) return;
		const ok = this.res.write(`${text}\n`);
		if (!ok) await new Promise<void>((resolve) => this.res.once('drain', resolve));
		// Let each line leave as its own chunk.
		if (ownChunk) await new Promise<void>((resolve) => setImmediate(resolve));
	}

	end(): void {
		if (!this.closed) this.res.end();
	}

	destroy(): void {
		this.res.socket?.destroy();
		this.res.destroy();
	}
}

/** Reads a whole (small) body into memory; rejects with 413 past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			if (!tooLarge) chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) reject(new ApiError(413, 'request_entity_too_large', `The request body exceeds ${limit} bytes.`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

/** Reads and discards whatever is left of the request body. */
export function drain(req: IncomingMessage): Promise<void> {
	return new Promise((resolve) => {
		if (req.readableEnded || req.destroyed) {
			resolve();
			return;
		}
		req.on('end', () => resolve());
		req.on('error', () => resolve());
		req.on('close', () => resolve());
		req.resume();
	});
}

export function hasBody(req: IncomingMessage): boolean {
	const length = req.headers['content-length'];
	if (length !== undefined) return Number(length) > 0;
	return req.headers['transfer-encoding'] !== undefined;
}

export function mediaType(req: IncomingMessage): string {
	return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Page slicing shared by every list route. Page numbers are 1-based. */
export function paginate<T>(items: T[], page: number, limit: number): {
	data: T[];
	page_info: { limit_per_page: number; page: number; total_page: number; total_results: number };
} {
	const start = (page - 1) * limit;
	return {
		data: items.slice(start, start + limit),
		page_info: {
			limit_per_page: limit,
			page,
			total_page: Math.ceil(items.length / limit),
			total_results: items.length,
		},
	};
}

/** Reads page/page_limit with the documented defaults and the prose-only limit (page_limit <= 50). */
export function pageParams(query: Record<string, unknown>, maxLimit = 50): { page: number; limit: number } {
	const page = query.page === undefined ? 1 : Number(query.page);
	const limit = query.page_limit === undefined ? 10 : Number(query.page_limit);
	if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'parameter_invalid', 'The page parameter must be an integer >= 1.');
	if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		throw new ApiError(400, 'parameter_invalid', `The page_limit parameter must be an integer between 1 and ${maxLimit}.`);
	}
	return { page, limit };
}
