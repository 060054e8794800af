/**
 * In-memory state: assets, analysis tasks, multipart upload sessions, indexes. Statuses are derived
 * from the emulated clock when read, so tests move time with `clock.advance()` only.
 */
import type { Clock } from './clock';
import { newGenerationId, newId, newSignature } from './ids';
import { batchToWire, sortedBatches } from './batch-state';
import type {
	AnalysisMode,
	AnalyzeBatch,
	AnalyzeTask,
	Asset,
	AssetMethod,
	AssetSeed,
	AssetStatus,
	TaskDurations,
	TaskOutcomeDetail,
	TaskSeed,
	TaskStatus,
	UploadSession,
	UserMetadata,
} from './types';

/** The helpers tests use to seed and inspect state (synchronous). */
export interface EmulatorState {
	addAsset(seed?: AssetSeed): Asset;
	getAsset(id: string): Asset | undefined;
	/** Newest first. */
	listAssets(): Asset[];
	addTask(seed?: TaskSeed): AnalyzeTask;
	getTask(id: string): AnalyzeTask | undefined;
	/** Newest first. */
	listTasks(): AnalyzeTask[];
	/** What the task ends as when its time comes. */
	setTaskOutcome(taskId: string, outcome: 'ready' | 'failed', detail?: TaskOutcomeDetail): void;
	/** The task finishes now (ready, or its set outcome), whatever its timing said. */
	finishTaskNow(taskId: string): void;
	/** The task (following the clock) finishes `readyAfterMs` emulated ms after its creation. */
	setTaskReadyAfter(taskId: string, readyAfterMs: number): void;
	/** Queues the outcome of the next created task (one call per task, consumed in order). */
	nextTaskOutcome(outcome: 'ready' | 'failed', detail?: TaskOutcomeDetail): void;
	/** A batch as GET /analyze/batches/{id} shows it. */
	getBatch(id: string): AnalyzeBatch | undefined;
	/** Newest first. */
	listBatches(): AnalyzeBatch[];
	/** Multipart upload sessions by upload_id. */
	readonly uploads: Map<string, UploadSession>;
	/** Marks a multipart session failed (its asset fails too). */
	failUpload(uploadId: string): void;
}

export interface AssetRecord {
	id: string;
	method: AssetMethod;
	filename: string;
	fileType: string;
	createdAt: number;
	order: number;
	userMetadata?: UserMetadata;
	size?: number;
	duration: number;
	url?: string;
	usedByIndex: boolean;
	/** A seeded asset keeps this status. */
	fixedStatus?: AssetStatus;
	/** Emulated time when processing ends; undefined while an upload is still incomplete. */
	readyAt?: number;
	willFail: boolean;
	enableHls: boolean;
	enableThumbnail: boolean;
}

export interface TaskResult {
	data: string;
	finishReason: 'stop' | 'length';
	outputTokens: number;
	inputTokens: number;
	/** error.message shown with a truncated (finish_reason 'length') result. */
	truncationMessage?: string;
}

export interface TaskRecord {
	id: string;
	customId: string | null;
	createdAt: number;
	order: number;
	fixedStatus?: TaskStatus;
	/** Emulated ms after createdAt at which this task finishes (default taskDurations.readyMs). */
	readyAfterMs?: number;
	canceledAt?: number;
	analysisMode: AnalysisMode;
	videoSource: Record<string, unknown> | null;
	requestParams: Record<string, unknown> | null;
	outcome: 'ready' | 'failed';
	result: TaskResult;
	generationId: string;
	errorMessage: string;
	/** `error.code` of a failed batch item (the document makes it optional). */
	errorCode?: string;
	/** The batch that owns this task (cancel and delete go through the batch). */
	batchId?: string;
	/** The owning batch's expiry: a task still unfinished then is canceled. */
	expiresAt?: number;
}

export interface BatchRecord {
	id: string;
	createdAt: number;
	order: number;
	analysisMode: AnalysisMode;
	modelName: string;
	/** One task per request, in the order of the request's `requests`. */
	taskIds: string[];
	cancelRequestedAt?: number;
}

export interface UploadUrl {
	uploadId: string;
	chunkIndex: number;
	expiresAt: number;
	used: boolean;
}

interface QueuedOutcome {
	outcome: 'ready' | 'failed';
	detail?: TaskOutcomeDetail;
}

export const DEFAULT_FAILURE_MESSAGE = 'The video could not be analyzed.';
const TERMINAL: TaskStatus[] = ['ready', 'failed', 'canceled'];

export function isTerminal(status: TaskStatus): boolean {
	return TERMINAL.includes(status);
}

function toMs(value: string | number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	if (!Number.isFinite(ms)) throw new TypeError(`invalid timestamp ${String(value)}`);
	return ms;
}

export function fileTypeFor(filename: string, fallback = 'video/mp4'): string {
	const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
	const types: Record<string, string> = {
		mp4: 'video/mp4',
		mov: 'video/quicktime',
		mkv: 'video/x-matroska',
		webm: 'video/webm',
		avi: 'video/x-msvideo',
		mp3: 'audio/mpeg',
		wav: 'audio/wav',
		m4a: 'audio/mp4',
		flac: 'audio/flac',
		jpg: 'image/jpeg',
		jpeg: 'image/jpeg',
		png: 'image/png',
		webp: 'image/webp',
		gif: 'image/gif',
	};
	return (ext && types[ext]) || fallback;
}

export class State implements EmulatorState {
	readonly assets = new Map<string, AssetRecord>();
	readonly tasks = new Map<string, TaskRecord>();
	readonly uploads = new Map<string, UploadSession>();
	/** Presigned chunk URLs by signature. */
	readonly uploadUrls = new Map<string, UploadUrl>();
	/** Batches by batch_id; their items are tasks in `tasks` (see batch-state.ts). */
	readonly batches = new Map<string, BatchRecord>();
	private outcomes: QueuedOutcome[] = [];
	private sequence = 0;
	readonly indexCreatedAt: number;

	constructor(
		readonly clock: Clock,
		private readonly durations: TaskDurations,
		readonly assetProcessingMs: number,
	) {
		this.indexCreatedAt = clock.now();
	}

	reset(): void {
		this.assets.clear();
		this.tasks.clear();
		this.uploads.clear();
		this.uploadUrls.clear();
		this.batches.clear();
		this.outcomes = [];
		this.sequence = 0;
	}

	nextOrder(): number {
		this.sequence += 1;
		return this.sequence;
	}

	// ---------- assets ----------

	addAsset(seed: AssetSeed = {}): Asset {
		const filename = seed.filename ?? 'video.mp4';
		const record: AssetRecord = {
			id: seed._id ?? newId(),
			method: seed.method ?? 'direct',
			filename,
			fileType: seed.file_type ?? fileTypeFor(filename),
			createdAt: toMs(seed.created_at, this.clock.now()),
			order: this.nextOrder(),
			userMetadata: seed.user_metadata,
			size: seed.size ?? 10_485_760,
			duration: seed.duration ?? 120,
			url: seed.url,
			usedByIndex: seed.usedByIndex ?? false,
			fixedStatus: seed.readyAfterMs === undefined ? (seed.status ?? 'ready') : undefined,
			willFail: seed.status === 'failed',
			enableHls: false,
			enableThumbnail: false,
		};
		if (seed.readyAfterMs !== undefined) record.readyAt = record.createdAt + seed.readyAfterMs;
		this.assets.set(record.id, record);
		return this.assetToWire(record);
	}

	/** An asset created through the API: `processing`, then ready/failed on the clock. */
	createAsset(fields: Omit<AssetRecord, 'id' | 'createdAt' | 'order'>): AssetRecord {
		const record: AssetRecord = { ...fields, id: newId(), createdAt: this.clock.now(), order: this.nextOrder() };
		this.assets.set(record.id, record);
		return record;
	}

	getAsset(id: string): Asset | undefined {
		const record = this.assets.get(id);
		return record && this.assetToWire(record);
	}

	listAssets(): Asset[] {
		return this.sortedAssets().map((r) => this.assetToWire(r));
	}

	sortedAssets(): AssetRecord[] {
		return [...this.assets.values()].sort((a, b) => b.createdAt - a.createdAt || b.order - a.order);
	}

	assetStatus(record: AssetRecord): AssetStatus {
		if (record.fixedStatus) return record.fixedStatus;
		if (record.readyAt === undefined || this.clock.now() < record.readyAt) return 'processing';
		return record.willFail ? 'failed' : 'ready';
	}

	assetToWire(record: AssetRecord): Asset {
		const status = this.assetStatus(record);
		const asset: Asset = {
			_id: record.id,
			method: record.method,
			status,
			filename: record.filename,
			file_type: record.fileType,
			created_at: this.clock.iso(record.createdAt),
		};
		if (record.userMetadata && Object.keys(record.userMetadata).length > 0) asset.user_metadata = { ...record.userMetadata };
		const kind = record.fileType.split('/')[0];
		if (record.enableHls && kind !== 'image') {
			asset.hls =
				status === 'ready'
					? { status: 'ready', manifest_url: `https://hls.emulator.invalid/${record.id}/stream.m3u8` }
					: { status: status === 'failed' ? 'error' : 'processing' };
		}
		if (record.enableThumbnail) {
			asset.thumbnail =
				status === 'ready'
					? { status: 'ready', representative_url: `https://thumbs.emulator.invalid/${record.id}.jpg` }
					: { status: status === 'failed' ? 'error' : 'processing' };
		}
		if (record.size !== undefined) asset.size = record.size;
		if (status === 'ready') {
			if (kind !== 'image') asset.duration = record.duration;
			asset.technical_metadata = technicalMetadata(record, kind);
		}
		if (status === 'failed') {
			asset.error = { message: `The file ${record.filename} could not be processed.` };
		}
		return asset;
	}

	// ---------- tasks ----------

	addTask(seed: TaskSeed = {}): AnalyzeTask {
		const mode = seed.analysis_mode ?? 'general';
		let videoSource: Record<string, unknown>;
		if (seed.asset_id !== undefined) {
			videoSource = { type: 'asset_id', asset_id: seed.asset_id, system_metadata: { duration: 120 } };
		} else {
			videoSource = {
				type: 'url',
				url: seed.video_url ?? 'https://example.com/video.mp4',
				system_metadata: { duration: 120 },
			};
		}
		const prompt = seed.prompt ?? (mode === 'general' ? 'Describe the video.' : undefined);
		const requestParams: Record<string, unknown> = { analysis_mode: mode, temperature: 0.2, max_tokens: 4096 };
		if (prompt !== undefined) requestParams.prompt = prompt;
		const data = seed.result_data ?? 'The video shows a seeded scene.';
		const record = this.createTask({
			customId: seed.custom_id ?? null,
			createdAt: toMs(seed.created_at, this.clock.now()),
			fixedStatus: seed.status,
			analysisMode: mode,
			videoSource,
			requestParams,
			result: {
				data,
				finishReason: 'stop',
				outputTokens: Math.max(1, Math.ceil(data.length / 4)),
				inputTokens: 1200,
			},
		});
		if (seed.error_message !== undefined) record.errorMessage = seed.error_message;
		if (seed.status === 'failed') record.outcome = 'failed';
		if (seed.readyAfterMs !== undefined) {
			if (!(Number.isFinite(seed.readyAfterMs) && seed.readyAfterMs >= 0)) throw new RangeError('addTask: readyAfterMs must be a number >= 0');
			record.readyAfterMs = seed.readyAfterMs;
		}
		return this.taskToWire(record);
	}

	createTask(
		fields: Pick<TaskRecord, 'customId' | 'analysisMode' | 'videoSource' | 'requestParams' | 'result'> &
			Partial<Pick<TaskRecord, 'createdAt' | 'fixedStatus'>>,
	): TaskRecord {
		const queued = this.outcomes.shift();
		const record: TaskRecord = {
			id: newId(),
			customId: fields.customId,
			createdAt: fields.createdAt ?? this.clock.now(),
			order: this.nextOrder(),
			fixedStatus: fields.fixedStatus,
			analysisMode: fields.analysisMode,
			videoSource: fields.videoSource,
			requestParams: fields.requestParams,
			outcome: queued?.outcome ?? 'ready',
			result: fields.result,
			generationId: newGenerationId(),
			errorMessage: DEFAULT_FAILURE_MESSAGE,
		};
		if (queued) this.applyOutcome(record, queued.outcome, queued.detail);
		this.tasks.set(record.id, record);
		return record;
	}

	getTask(id: string): AnalyzeTask | undefined {
		const record = this.tasks.get(id);
		return record && this.taskToWire(record);
	}

	listTasks(): AnalyzeTask[] {
		return this.sortedTasks().map((r) => this.taskToWire(r));
	}

	sortedTasks(): TaskRecord[] {
		return [...this.tasks.values()].sort((a, b) => b.createdAt - a.createdAt || b.order - a.order);
	}

	setTaskOutcome(taskId: string, outcome: 'ready' | 'failed', detail?: TaskOutcomeDetail): void {
		const record = this.tasks.get(taskId);
		if (!record) throw new Error(`setTaskOutcome: no task ${taskId}`);
		this.applyOutcome(record, outcome, detail);
		if (record.fixedStatus !== undefined && isTerminal(record.fixedStatus)) record.fixedStatus = outcome;
	}

	finishTaskNow(taskId: string): void {
		const record = this.tasks.get(taskId);
		if (!record) throw new Error(`finishTaskNow: no task ${taskId}`);
		if (isTerminal(this.taskStatus(record))) throw new Error(`finishTaskNow: task ${taskId} has already finished`);
		record.fixedStatus = undefined;
		record.readyAfterMs = Math.max(0, this.clock.now() - record.createdAt);
	}

	setTaskReadyAfter(taskId: string, readyAfterMs: number): void {
		const record = this.tasks.get(taskId);
		if (!record) throw new Error(`setTaskReadyAfter: no task ${taskId}`);
		if (!(Number.isFinite(readyAfterMs) && readyAfterMs >= 0)) throw new RangeError('setTaskReadyAfter: readyAfterMs must be a number >= 0');
		record.fixedStatus = undefined;
		record.readyAfterMs = readyAfterMs;
	}

	nextTaskOutcome(outcome: 'ready' | 'failed', detail?: TaskOutcomeDetail): void {
		this.outcomes.push({ outcome, detail });
	}

	private applyOutcome(record: TaskRecord, outcome: 'ready' | 'failed', detail?: TaskOutcomeDetail): void {
		record.outcome = outcome;
		if (detail?.data !== undefined) {
			record.result = {
				...record.result,
				data: detail.data,
				finishReason: 'stop',
				truncationMessage: undefined,
				outputTokens: Math.max(1, Math.ceil(detail.data.length / 4)),
			};
		}
		if (detail?.message !== undefined) record.errorMessage = detail.message;
	}

	/** Emulated time at which the task reaches a terminal status on its own (Infinity: never). */
	finishedAt(record: TaskRecord): number {
		if (record.canceledAt !== undefined) return record.canceledAt;
		if (record.fixedStatus !== undefined) return isTerminal(record.fixedStatus) ? record.createdAt : Number.POSITIVE_INFINITY;
		return record.createdAt + this.readyMsOf(record);
	}

	/** A batch task unfinished when its batch expires is canceled at the expiry. */
	private expiredUnfinished(record: TaskRecord): boolean {
		return record.expiresAt !== undefined && this.clock.now() >= record.expiresAt && this.finishedAt(record) >= record.expiresAt;
	}

	taskStatus(record: TaskRecord): TaskStatus {
		if (record.canceledAt !== undefined || this.expiredUnfinished(record)) return 'canceled';
		if (record.fixedStatus !== undefined) return record.fixedStatus;
		const elapsed = this.clock.now() - record.createdAt;
		const readyMs = this.readyMsOf(record);
		if (elapsed < Math.min(this.durations.pendingMs, readyMs)) return 'queued';
		if (elapsed < Math.min(this.durations.processingMs, readyMs)) return 'pending';
		if (elapsed < readyMs) return 'processing';
		return record.outcome;
	}

	private readyMsOf(record: TaskRecord): number {
		return record.readyAfterMs ?? this.durations.readyMs;
	}

	taskToWire(record: TaskRecord): AnalyzeTask {
		const status = this.taskStatus(record);
		const task: AnalyzeTask = {
			task_id: record.id,
			custom_id: record.customId,
			status,
			created_at: this.clock.iso(record.createdAt),
			video_source: record.videoSource ? structuredClone(record.videoSource) : null,
			request_params: record.requestParams ? structuredClone(record.requestParams) : null,
		};
		const canceledAt = record.canceledAt ?? record.expiresAt;
		if (status === 'canceled' && canceledAt !== undefined) {
			task.completed_at = this.clock.iso(canceledAt);
		} else if (status === 'ready' || status === 'failed') {
			const completed = record.fixedStatus !== undefined ? record.createdAt : record.createdAt + this.readyMsOf(record);
			task.completed_at = this.clock.iso(completed);
		}
		if (status === 'ready') {
			task.result = {
				generation_id: record.generationId,
				data: record.result.data,
				finish_reason: record.result.finishReason,
				usage: { output_tokens: record.result.outputTokens, input_tokens: record.result.inputTokens },
			};
			if (record.result.truncationMessage) task.error = { message: record.result.truncationMessage };
		}
		if (status === 'failed') task.error = { message: record.errorMessage };
		return task;
	}

	cancelTask(record: TaskRecord): void {
		record.canceledAt = this.clock.now();
	}

	// ---------- batches ----------

	getBatch(id: string): AnalyzeBatch | undefined {
		const record = this.batches.get(id);
		return record && batchToWire(this, record);
	}

	listBatches(): AnalyzeBatch[] {
		return sortedBatches(this).map((r) => batchToWire(this, r));
	}

	// ---------- multipart uploads ----------

	failUpload(uploadId: string): void {
		const session = this.uploads.get(uploadId);
		if (!session) throw new Error(`failUpload: no upload session ${uploadId}`);
		session.status = 'failed';
		session.updatedAt = this.clock.now();
		const asset = this.assets.get(session.assetId);
		if (asset) {
			asset.willFail = true;
			asset.readyAt = this.clock.now();
		}
	}

	uploadStatus(session: UploadSession): 'active' | 'completed' | 'failed' | 'expired' {
		if (session.status === 'active' && this.clock.now() >= session.expiresAt) return 'expired';
		return session.status;
	}

	/** A fresh single-use presigned URL signature for one chunk. */
	issueUploadUrl(uploadId: string, chunkIndex: number, expiresAt: number): string {
		const sig = newSignature();
		this.uploadUrls.set(sig, { uploadId, chunkIndex, expiresAt, used: false });
		return sig;
	}
}

function technicalMetadata(record: AssetRecord, kind: string): Record<string, unknown> {
	const base: Record<string, unknown> = {
		file_size_bytes: record.size ?? 0,
		file_mime_type: record.fileType,
	};
	if (kind === 'image') {
		return { ...base, image_width: 1280, image_height: 720, image_format: record.fileType.split('/')[1] ?? 'jpeg' };
	}
	if (kind === 'audio') {
		return {
			...base,
			has_audio: true,
			audio_codec: 'aac',
			audio_sample_rate: 48000,
			audio_channels: 2,
			audio_duration_seconds: record.duration,
			total_audio_streams: 1,
			total_video_streams: 0,
		};
	}
	return {
		...base,
		file_container_format: 'mp4',
		video_codec: 'h264',
		video_width: 1280,
		video_height: 720,
		video_fps: 30,
		video_duration_seconds: record.duration,
		has_audio: true,
		audio_codec: 'aac',
		total_video_streams: 1,
		total_audio_streams: 1,
	};
}
