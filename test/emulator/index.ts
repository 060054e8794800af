/**
 * TwelveLabs API v1.3 emulator for tests: a real HTTP server on 127.0.0.1 with in-memory state,
 * validated against the official OpenAPI document, with an emulated clock and scripted faults.
 *
 *   const emu = await startEmulator();
 *   await fetch(`${emu.baseUrl}/assets`, { headers: { 'x-api-key': emu.apiKey } });
 *   expect(emu.violations).toEqual([]);
 *   await emu.close();
 */
import { Clock } from './clock';
import { Faults } from './faults';
import type { EmulatorEnv, ResolvedOptions } from './http';
import { analyzeRoutes } from './routes/analyze';
import { batchRoutes } from './routes/analyze-batches';
import { taskRoutes } from './routes/analyze-tasks';
import { assetCreateRoutes } from './routes/asset-create';
import { assetRoutes } from './routes/assets';
import { indexRoutes } from './routes/indexes';
import { multipartRoutes } from './routes/multipart';
import { uploadRoute } from './routes/upload';
import { AccountRateLimit, resolveRateLimit, routeStats } from './rate-limit';
import { EmulatorServer } from './server';
import { SpecValidator } from './spec';
import { type EmulatorState, State } from './state';
import type { EmulatorClock, EmulatorOptions, FaultControl, RecordedRequest, RouteStats } from './types';

export type { EmulatorState } from './state';
export type {
	AnalyzeBatch,
	AnalyzeTask,
	BatchItemStatus,
	BatchResultLine,
	BatchStatus,
	Asset,
	AssetSeed,
	EmulatorClock,
	EmulatorOptions,
	Fault,
	FaultControl,
	FaultRoute,
	RateLimitHeaderStyle,
	RateLimitOptions,
	RecordedRequest,
	RouteStats,
	TaskDurations,
	TaskSeed,
	TaskStatus,
	UploadSession,
} from './types';

export interface Emulator {
	/** 'http://127.0.0.1:<port>/v1.3' */
	baseUrl: string;
	/** 'http://127.0.0.1:<port>' */
	origin: string;
	apiKey: string;
	clock: EmulatorClock;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	/** Spec violations seen, in requests and in the emulator's own responses. */
	violations: string[];
	faults: FaultControl;
	state: EmulatorState;
	/**
	 * Runs `listener` on each request once it is recorded, before it is answered (to change the
	 * state between two requests of a client); returns its removal. reset() removes every listener.
	 */
	onRequest(listener: (request: RecordedRequest) => void): () => void;
	/** Per route (`METHOD /template`): requests, 429s, and bodies sent / answered more than once. */
	routeStats(): Record<string, RouteStats>;
	/**
	 * Clears state, requests, violations, faults, request listeners and the rate-limit window;
	 * the clock goes back to its start.
	 */
	reset(): void;
	close(): Promise<void>;
}

const specCache = new Map<boolean, SpecValidator>();
function specFor(cancelExtension: boolean): SpecValidator {
	let spec = specCache.get(cancelExtension);
	if (!spec) {
		spec = new SpecValidator(cancelExtension);
		specCache.set(cancelExtension, spec);
	}
	return spec;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const resolved: ResolvedOptions = {
		apiKey: options.apiKey ?? 'tl-test-key',
		latencyMs: options.latencyMs ?? 0,
		taskDurations: options.taskDurations ?? { pendingMs: 1000, processingMs: 2000, readyMs: 5000 },
		assetProcessingMs: options.assetProcessingMs ?? 2000,
		multipartChunkSize: options.multipartChunkSize,
		cancelExtension: options.extensions?.cancel ?? true,
		batchResultsContentType: options.batchResultsContentType ?? 'application/jsonl',
	};
	const { pendingMs, processingMs, readyMs } = resolved.taskDurations;
	if (!(pendingMs >= 0 && processingMs >= pendingMs && readyMs >= processingMs)) {
		throw new RangeError('taskDurations must satisfy 0 <= pendingMs <= processingMs <= readyMs');
	}
	if (resolved.multipartChunkSize !== undefined && !(Number.isInteger(resolved.multipartChunkSize) && resolved.multipartChunkSize > 0)) {
		throw new RangeError('multipartChunkSize must be a positive integer');
	}
	const clock = new Clock(options.clock ?? 'manual');
	const state = new State(clock, resolved.taskDurations, resolved.assetProcessingMs);
	const violations: string[] = [];
	const requests: RecordedRequest[] = [];
	const faults = new Faults();
	const listeners = new Set<(request: RecordedRequest) => void>();
	const limit = resolveRateLimit(options.rateLimit);
	const rateLimit = limit ? new AccountRateLimit(limit) : undefined;
	const env: EmulatorEnv = {
		state,
		clock,
		spec: specFor(resolved.cancelExtension),
		options: resolved,
		origin: 'http://127.0.0.1',
		violation: (message) => {
			violations.push(message);
		},
	};
	const server = new EmulatorServer({
		env,
		faults,
		requests,
		apiRoutes: [...indexRoutes, ...assetRoutes, ...assetCreateRoutes, ...multipartRoutes, ...analyzeRoutes, ...taskRoutes, ...batchRoutes],
		uploadRoute,
		rateLimit,
		rateLimitText: limit ? `${limit.requests} request${limit.requests === 1 ? '' : 's'} per ${limit.windowMs / 1000} s` : undefined,
		onRequest: (record) => {
			for (const listener of [...listeners]) listener(record);
		},
	});
	const port = await server.listen(options.port ?? 0);
	const origin = `http://127.0.0.1:${port}`;
	env.origin = origin;
	return {
		baseUrl: `${origin}/v1.3`,
		origin,
		apiKey: resolved.apiKey,
		clock,
		requests,
		violations,
		faults,
		state,
		onRequest(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		routeStats: () => routeStats(requests),
		reset() {
			listeners.clear();
			rateLimit?.reset();
			state.reset();
			requests.length = 0;
			violations.length = 0;
			faults.clear();
			clock.reset();
		},
		close: () => server.close(),
	};
}
