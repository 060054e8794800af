import { sleep } from 'n8n-workflow';

/** Statuses after which a task or asset never changes again. Anything else keeps waiting. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['ready', 'failed', 'canceled']);

export interface WaitOptions {
	/** Give up after this long; the last state read is returned with `done: false`. */
	maxWaitMs: number;
	initialIntervalMs?: number;
	maxIntervalMs?: number;
	/** n8n's cancel signal: a stopped execution stops waiting at once. */
	signal?: AbortSignal;
	terminalStatuses?: ReadonlySet<string>;
	/** Injected for tests of the schedule; defaults to the wall clock. */
	now?: () => number;
}

export interface WaitOutcome<T> {
	done: boolean;
	status: string;
	value: T;
	waitedMs: number;
	polls: number;
}

function throwIfAborted(signal: AbortSignal | undefined) {
	if (signal?.aborted) {
		throw signal.reason instanceof Error ? signal.reason : new Error('The execution was canceled');
	}
}

/**
 * Polls `read` until `statusOf` says a terminal status or `maxWaitMs` runs out, waiting
 * longer between polls as time goes on (x1.5 per poll, capped), never past the deadline.
 */
export async function waitUntilDone<T>(
	read: () => Promise<T>,
	statusOf: (value: T) => string,
	options: WaitOptions,
): Promise<WaitOutcome<T>> {
	const now = options.now ?? Date.now;
	const terminal = options.terminalStatuses ?? TERMINAL_STATUSES;
	const maxInterval = options.maxIntervalMs ?? 30_000;
	let interval = options.initialIntervalMs ?? 2_000;
	const started = now();
	let polls = 0;

	for (;;) {
		throwIfAborted(options.signal);
		const value = await read();
		polls++;
		const status = String(statusOf(value) ?? '');
		const waitedMs = now() - started;
		if (terminal.has(status)) return { done: true, status, value, waitedMs, polls };
		const remaining = options.maxWaitMs - waitedMs;
		if (remaining <= 0) return { done: false, status, value, waitedMs, polls };
		await sleep(Math.min(interval, remaining), options.signal);
		interval = Math.min(maxInterval, Math.round(interval * 1.5));
	}
}
