/**
 * What the TwelveLabs Trigger remembers between polls, kept in the node's static data.
 *
 * The task list is ordered newest-created first and cannot be filtered by date, so the state has
 * two parts:
 * - the head of the list: every task created at or before `scannedToMs` has been seen (or predates
 *   activation); `recent` names the tasks seen in the last `RECENT_WINDOW_MS` before it, so a task
 *   that shows up late, or shares a timestamp with one already seen, is still recognised as new;
 * - `tracked`: tasks seen queued/pending/processing (or finished but not emitted yet). A task
 *   created long ago can finish after newer ones; it is found again through this list.
 * Both parts are capped, so the state stays small whatever the account's history.
 */

export const STATE_VERSION = 1;

/** How far below the newest task seen the trigger keeps looking for tasks that appear late. */
export const RECENT_WINDOW_MS = 60_000;
export const MAX_RECENT = 300;
export const MAX_TRACKED = 2_000;

/** A task id and its created_at in epoch ms. */
export type TaskMark = [id: string, createdAtMs: number];

export interface TaskTriggerState {
	version: typeof STATE_VERSION;
	/** The filters the state was built for; another value means start again. */
	watch: string;
	/** When the seed this state grew from was made (epoch ms; 0 for states older than this field). */
	seededAtMs: number;
	scannedToMs: number;
	/** Tasks created after this instant are recognised by id; older ones are all known. */
	floorMs: number;
	recent: TaskMark[];
	tracked: TaskMark[];
}

function isMark(value: unknown): value is TaskMark {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'string' &&
		value[0].length > 0 &&
		typeof value[1] === 'number' &&
		Number.isFinite(value[1])
	);
}

/** The stored state when it is intact and was built for these filters; otherwise undefined. */
export function parseState(raw: unknown, watch: string): TaskTriggerState | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const value = raw as Record<string, unknown>;
	if (value.version !== STATE_VERSION || value.watch !== watch) return undefined;
	const { scannedToMs, floorMs, recent, tracked } = value;
	const seededAtMs = typeof value.seededAtMs === 'number' && Number.isFinite(value.seededAtMs) ? value.seededAtMs : 0;
	if (typeof scannedToMs !== 'number' || !Number.isFinite(scannedToMs)) return undefined;
	if (typeof floorMs !== 'number' || !Number.isFinite(floorMs)) return undefined;
	if (!Array.isArray(recent) || !recent.every(isMark)) return undefined;
	if (!Array.isArray(tracked) || !tracked.every(isMark)) return undefined;
	return {
		version: STATE_VERSION,
		watch,
		seededAtMs,
		scannedToMs,
		floorMs,
		recent: recent.map(([id, at]) => [id, at]),
		tracked: tracked.map(([id, at]) => [id, at]),
	};
}

/** A JSON-safe copy, as static data stores it. */
export function copyState(state: TaskTriggerState): TaskTriggerState {
	return {
		...state,
		recent: state.recent.map(([id, at]) => [id, at]),
		tracked: state.tracked.map(([id, at]) => [id, at]),
	};
}
