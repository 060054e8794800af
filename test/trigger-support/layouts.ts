/**
 * Accounts for measuring what the TwelveLabs Trigger's polls cost: a history of finished tasks and
 * up to 50 tasks in flight, placed where a layout says. Shared by the quiet-poll test and
 * bench/triggerRequests.ts.
 */
import type { Emulator } from '../emulator';

export interface QuietLayout {
	name: string;
	/** In flight before the trigger is seeded, and where they sit in the list (newest first). */
	old: number;
	/** under-burst: just below a burst of 150 finished tasks created within a fraction of a second. */
	placement: 'newest' | 'below-head' | 'deep' | 'spread' | 'under-burst';
	/** Created after the seed (the next poll finds them at the head); still in flight. */
	fresh: number;
}

export const QUIET_POLL_LAYOUTS: QuietLayout[] = [
	{ name: '50 in flight, the newest', old: 50, placement: 'newest', fresh: 0 },
	{ name: '50 new', old: 0, placement: 'newest', fresh: 50 },
	{ name: '40 new + 5 old deep in history', old: 5, placement: 'deep', fresh: 40 },
	{ name: '46 new + 4 old deep in history', old: 4, placement: 'deep', fresh: 46 },
	{ name: '45 new + 5 old just below the head', old: 5, placement: 'below-head', fresh: 45 },
	{ name: '40 new + 5 old under a burst of finished tasks', old: 5, placement: 'under-burst', fresh: 40 },
	{ name: '30 old under a burst of finished tasks', old: 30, placement: 'under-burst', fresh: 0 },
	{ name: '20 new + 30 old just below the head', old: 30, placement: 'below-head', fresh: 20 },
	{ name: '25 new + 25 old spread through history', old: 25, placement: 'spread', fresh: 25 },
	{ name: '50 old spread through history', old: 50, placement: 'spread', fresh: 0 },
	{ name: '50 old deep in history', old: 50, placement: 'deep', fresh: 0 },
	{ name: '4 old deep in history', old: 4, placement: 'deep', fresh: 0 },
	{ name: '3 old deep in history', old: 3, placement: 'deep', fresh: 0 },
];

const HISTORY_STEP_MS = 10_000;
const IN_FLIGHT_FOR_MS = 100 * 3_600_000;

/**
 * Seeds the account: `history` finished tasks, then the layout's old tasks in flight. Returns
 * `createNew`, which adds the layout's fresh tasks at the current instant.
 */
export function seedLayout(emulator: Emulator, layout: QuietLayout, history = 400): { createNew: () => void } {
	const { state, clock } = emulator;
	const now = clock.now();
	const top = now - 60_000;
	const burst = layout.placement === 'under-burst' ? { from: 10, size: 150 } : undefined;
	// created_at of the history task at `fromTop` (0: the newest); a burst squeezes 150 tasks into 150 ms.
	const historyAt = (fromTop: number): number => {
		if (!burst || fromTop < burst.from) return top - fromTop * HISTORY_STEP_MS;
		const burstTop = top - (burst.from - 1) * HISTORY_STEP_MS - 1;
		if (fromTop < burst.from + burst.size) return burstTop - (fromTop - burst.from);
		return burstTop - 30_000 - (fromTop - burst.from - burst.size) * HISTORY_STEP_MS;
	};
	for (let fromTop = history - 1; fromTop >= 0; fromTop--) {
		state.addTask({ status: fromTop % 7 === 0 ? 'failed' : 'ready', created_at: historyAt(fromTop) });
	}
	const oldAt = (index: number): number => {
		switch (layout.placement) {
			case 'newest':
				return now - 5_000 - index;
			case 'below-head':
				return historyAt(55 + index) - 1;
			case 'deep':
				return historyAt(history - 40 + Math.floor(index / 2)) - 1 - (index % 2);
			case 'spread':
				return historyAt(Math.floor(((index + 0.5) * history) / layout.old)) - 1;
			case 'under-burst':
				return historyAt(burst ? burst.from + burst.size : 0) + 10_000 - index;
		}
	};
	for (let index = 0; index < layout.old; index++) {
		const createdAt = oldAt(index);
		state.addTask({ created_at: createdAt, readyAfterMs: now + IN_FLIGHT_FOR_MS - createdAt });
	}
	return {
		createNew: () => {
			for (let index = 0; index < layout.fresh; index++) state.addTask({ readyAfterMs: IN_FLIGHT_FOR_MS });
		},
	};
}
