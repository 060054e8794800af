/**
 * Public types of the TwelveLabs API emulator. Other test code imports these through ./index.
 */

export interface TaskDurations {
	/** Emulated ms after creation at which a task moves queued -> pending. */
	pendingMs: number;
	/** Emulated ms after creation at which a task moves pending -> processing. */
	processingMs: number;
	/** Emulated ms after creation at which a task moves processing -> ready/failed. */
	readyMs: number;
}

export interface EmulatorOptions {
	/** Key every /v1.3 request must send in `x-api-key`. Default 'tl-test-key'. */
	apiKey?: string;
	/** Port on 127.0.0.1; default 0 (random). */
	port?: number;
	/** 'manual' (default): starts at 2026-01-01T00:00:00Z and moves only by advance(). 'realtime': follows Date.now(). */
	clock?: 'manual' | 'realtime';
	/** Real ms added before every response (benchmarks). Default 0. */
	latencyMs?: number;
	/** Analysis task lifecycle on the emulated clock. Default 1000/2000/5000 ms. */
	taskDurations?: TaskDurations;
	/** Emulated ms an asset stays `processing` before it turns ready/failed. Default 2000. */
	assetProcessingMs?: number;
	/** Force the multipart chunk size (bytes) instead of the server's choice (5 MiB up to 1 GiB). */
	multipartChunkSize?: number;
	/**
	 * Content-type of GET /analyze/batches/{id}/results: 'application/jsonl' (default, as the
	 * description says) or 'application/json' (as the response is declared).
	 */
	batchResultsContentType?: string;
	/** Routes that are not in the 2026-07-30 spec. */
	extensions?: { cancel?: boolean };
	/** An account rate limit over every authenticated /v1.3 request; none by default. */
	rateLimit?: RateLimitOptions;
}

/**
 * Which rate-limit headers every answer carries: `v1.2` the documented `X-Ratelimit-Limit`,
 * `-Remaining`, `-Used`, `-Reset` (epoch seconds); `v1.3` the reported
 * `X-RateLimit-Request-Remaining` and `-Request-Reset` (seconds from now, with decimals);
 * `both`; `none`.
 */
export type RateLimitHeaderStyle = 'v1.2' | 'v1.3' | 'both' | 'none';

export interface RateLimitOptions {
	/** Requests accepted per window; the rest are answered 429. */
	requests: number;
	/** Window length in real ms, a whole number of seconds. Default 60,000 (per minute). */
	windowMs?: number;
	/** Default 'v1.2'. */
	headers?: RateLimitHeaderStyle;
	/** Also send `Retry-After` (seconds) on a 429, which TwelveLabs does not document. Default false. */
	retryAfter?: boolean;
}

/** Counts for one route (`METHOD /template`), from the recorded requests. */
export interface RouteStats {
	requests: number;
	/** Answered 429. */
	rateLimited: number;
	/** Distinct bodies (what to analyze: the body without `stream`) received more than once. */
	sentMoreThanOnce: number;
	/** Distinct bodies answered 2xx more than once: work TwelveLabs did (and billed) again. */
	acceptedMoreThanOnce: number;
}

export interface RecordedFile {
	filename: string;
	size: number;
	contentType: string;
}

export interface RecordedMultipartBody {
	fields: Record<string, string>;
	file?: RecordedFile;
}

export interface RecordedRequest {
	method: string;
	/** Path without the /v1.3 prefix and without the query string. */
	path: string;
	/** The spec's path template it matched, e.g. '/assets/{asset_id}' (API routes only). */
	route?: string;
	query: Record<string, string | string[]>;
	/** Lower-case header names; a correct x-api-key is replaced by '<redacted>'. */
	headers: Record<string, string | string[]>;
	/** Parsed JSON, or multipart fields without file bytes. */
	body?: unknown;
	/** Status answered; 0 while unanswered or when the socket was destroyed without an answer. */
	status: number;
}

export type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'reset' }
	| { kind: 'delay'; ms: number }
	| { kind: 'cut-stream'; afterEvents: number }
	| { kind: 'malformed-line'; afterEvents: number }
	| { kind: 'truncate' }
	/** Token usage as thin as the document allows: none at all, or `output_tokens` only. */
	| { kind: 'sparse-usage'; usage: 'absent' | 'output-only' }
	/**
	 * POST /analyze/batches: the items whose custom_id or asset_id is listed end `failed` (at their
	 * normal finishing time) with `error: { code, message }` (default the document's example:
	 * `asset_unavailable`, 'The asset could not be read.'; `code: null` leaves the code out).
	 */
	| { kind: 'fail-items'; customIds?: string[]; assetIds?: string[]; code?: string | null; message?: string }
	/** GET /analyze/batches/{id}/results: answer with this content-type instead of the default. */
	| { kind: 'content-type'; contentType: string };

export interface FaultRoute {
	method: string;
	/** A template like '/assets/{asset_id}' or an exact path like '/analyze' (both without /v1.3). */
	path: string;
}

export interface FaultControl {
	next(route: FaultRoute, ...faults: Fault[]): void;
	pending(): number;
	clear(): void;
}

export interface EmulatorClock {
	now(): number;
	advance(ms: number): void;
}

export type AssetStatus = 'processing' | 'ready' | 'failed';
export type AssetMethod = 'direct' | 'url' | 'multipart';
export type UserMetadata = Record<string, unknown>;

/** The wire shape of an asset (`AssetDetail` in the spec). */
export interface Asset {
	_id: string;
	method: AssetMethod;
	status: AssetStatus;
	filename: string;
	file_type: string;
	created_at: string;
	user_metadata?: UserMetadata;
	hls?: { manifest_url?: string; status: 'pending' | 'processing' | 'ready' | 'error' };
	thumbnail?: { representative_url?: string; status: 'pending' | 'processing' | 'ready' | 'error' };
	technical_metadata?: Record<string, unknown>;
	size?: number;
	duration?: number;
	error?: { message: string };
}

/** What a test may pass to `state.addAsset`. */
export interface AssetSeed {
	_id?: string;
	method?: AssetMethod;
	/** Fixed status (default 'ready'); a seeded asset never changes status by itself, unless readyAfterMs is set. */
	status?: AssetStatus;
	/** Stay `processing` for this many emulated ms after created_at, then turn ready (or failed if status is 'failed'). */
	readyAfterMs?: number;
	filename?: string;
	file_type?: string;
	/** RFC3339 string or epoch ms; default: the emulated now. */
	created_at?: string | number;
	user_metadata?: UserMetadata;
	size?: number;
	duration?: number;
	/** Marks the asset as referenced by an indexed asset: DELETE without force answers 409. */
	usedByIndex?: boolean;
	url?: string;
}

export type TaskStatus = 'queued' | 'pending' | 'processing' | 'ready' | 'failed' | 'canceled';
export type AnalysisMode = 'general' | 'time_based_metadata';

export interface TaskSeed {
	/** Fixed status; without it the status follows the clock and taskDurations. */
	status?: TaskStatus;
	/**
	 * Without `status`: the task turns ready/failed this many emulated ms after created_at
	 * instead of taskDurations.readyMs (queued/pending/processing keep their bounds, capped at it),
	 * so tasks can finish in any order.
	 */
	readyAfterMs?: number;
	/** RFC3339 string or epoch ms; default: the emulated now. */
	created_at?: string | number;
	analysis_mode?: AnalysisMode;
	asset_id?: string;
	video_url?: string;
	/** `result.data` when ready. */
	result_data?: string;
	/** `error.message` when failed. */
	error_message?: string;
	custom_id?: string;
	prompt?: string;
	model_name?: string;
}

export interface TaskOutcomeDetail {
	data?: string;
	message?: string;
}

export type BatchStatus = 'pending' | 'processing' | 'canceling' | 'canceled' | 'completed' | 'expired';
export type BatchItemStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'canceled';

/** Wire shape of `AnalyzeBatchStatusResponse`. */
export interface AnalyzeBatch {
	batch_id: string;
	analysis_mode: AnalysisMode;
	model_name: string;
	status: BatchStatus;
	total_items: number;
	created_at: string;
	expires_at: string;
	completed_at?: string;
	canceled_at?: string;
	expired_at?: string;
	queued_items: number;
	processing_items: number;
	ready_items: number;
	failed_items: number;
	canceled_items: number;
}

/** One line of GET /analyze/batches/{id}/results (`BatchResultItem`). */
export interface BatchResultLine {
	task_id: string;
	custom_id: string | null;
	status: BatchItemStatus;
	data?: NonNullable<AnalyzeTask['result']>;
	error?: { code?: string; message: string };
}

/** Wire shape of `AnalyzeTaskResponse` (loosely typed: request params echo the request). */
export interface AnalyzeTask {
	task_id: string;
	custom_id: string | null;
	status: TaskStatus;
	created_at: string;
	completed_at?: string;
	video_source: Record<string, unknown> | null;
	request_params: Record<string, unknown> | null;
	result?: {
		generation_id: string;
		data: string;
		finish_reason: 'stop' | 'length';
		usage: { output_tokens: number; input_tokens?: number };
	};
	error?: { message: string };
}

export interface UploadChunkReceipt {
	/** Bytes received by the PUT. */
	bytes: number;
	/** md5 hex of the bytes (the ETag without quotes). */
	etag: string;
	receivedAt: number;
}

export interface UploadChunkReport {
	chunkSize: number;
	proof: string;
	reportedAt: number;
}

export interface UploadSession {
	uploadId: string;
	assetId: string;
	filename: string;
	type: 'video' | 'audio' | 'image';
	totalSize: number;
	chunkSize: number;
	totalChunks: number;
	createdAt: number;
	updatedAt: number;
	expiresAt: number;
	/** 'expired' is derived from the clock when reading; this holds active/completed/failed. */
	status: 'active' | 'completed' | 'failed';
	completedAt?: number;
	/** Chunks whose PUT finished, by 1-based index. */
	received: Map<number, UploadChunkReceipt>;
	/** Chunks reported through POST /assets/multipart-uploads/{id}, by 1-based index. */
	reported: Map<number, UploadChunkReport>;
	/** Total bytes received by all chunk PUTs, re-uploads included. */
	receivedBytes: number;
}
