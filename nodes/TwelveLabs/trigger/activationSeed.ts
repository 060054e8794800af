/**
 * The seed made by the poll that runs when a workflow is published, kept in this process until a
 * scheduled poll has committed state of its own.
 *
 * n8n 2.x does not keep the static data of that first poll when it emits nothing, so the first
 * scheduled poll would find no state and seed again, and a task finishing in between would be
 * taken for an old one and never emitted. The scheduled poll resumes from this seed instead. On
 * n8n 1.x the first poll's state is kept, and this memory is simply not needed.
 */
import type { TaskTriggerState } from './taskTriggerState';
import { copyState } from './taskTriggerState';

const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 500;

const seeds = new Map<string, { state: TaskTriggerState; atMs: number }>();

export function rememberSeed(key: string, state: TaskTriggerState, nowMs: number): void {
	seeds.delete(key);
	seeds.set(key, { state: copyState(state), atMs: nowMs });
	while (seeds.size > MAX_ENTRIES) {
		const oldest = seeds.keys().next().value;
		if (oldest === undefined) break;
		seeds.delete(oldest);
	}
}

/** The seed remembered for `key`, when it was made for the same filters and is not too old. */
export function recallSeed(key: string, watch: string, nowMs: number): TaskTriggerState | undefined {
	const entry = seeds.get(key);
	if (!entry || entry.state.watch !== watch || nowMs - entry.atMs > MAX_AGE_MS) return undefined;
	return copyState(entry.state);
}

/** The trigger has state of its own now. */
export function forgetSeed(key: string): void {
	seeds.delete(key);
}
