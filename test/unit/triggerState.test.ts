/** The TwelveLabs Trigger's pure poll state machine, fed list pages by hand (no server). */
import type { AnalyzeTask } from '../../nodes/TwelveLabs/responses/task';
import type { ListedTask } from '../../nodes/TwelveLabs/trigger/pollRound';
import { DIRECT_RETRIEVE_MAX, listedTask, PollRound } from '../../nodes/TwelveLabs/trigger/pollRound';
import type { TaskTriggerState } from '../../nodes/TwelveLabs/trigger/taskTriggerState';
import { MAX_RECENT, MAX_TRACKED, parseState, RECENT_WINDOW_MS } from '../../nodes/TwelveLabs/trigger/taskTriggerState';

const WATCH = '{"asset_id":null,"analysis_mode":null}';
const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** A task created `minute` minutes after T0. */
const task = (id: string, minute: number, status: string): ListedTask => ({ id, status, createdAtMs: T0 + minute * MINUTE });

function full(entry: ListedTask, completedMinute = 1_000): AnalyzeTask {
	return {
		task_id: entry.id,
		status: entry.status,
		created_at: new Date(entry.createdAtMs).toISOString(),
		completed_at: new Date(T0 + completedMinute * MINUTE).toISOString(),
		custom_id: null,
	};
}

/** Newest first, as the API lists. */
const newestFirst = (tasks: ListedTask[]) => [...tasks].sort((a, b) => b.createdAtMs - a.createdAtMs);

function seedWith(inFlight: ListedTask[], head: ListedTask[], headIsLast = true): TaskTriggerState {
	const round = PollRound.seed(WATCH, ['ready', 'failed']);
	round.addStatusPage(inFlight);
	round.markStatusListsRead();
	expect(round.addHeadPage(newestFirst(head), headIsLast)).toBe(false);
	expect(round.toRetrieve()).toEqual([]);
	const result = round.finish();
	expect(result.emit).toEqual([]);
	return result.state;
}

describe('listedTask', () => {
	it('reads id, status and created_at; an entry without an id is skipped', () => {
		expect(listedTask({ task_id: 'a', status: 'ready', created_at: '2026-01-01T00:00:00Z' })).toEqual({
			id: 'a',
			status: 'ready',
			createdAtMs: T0,
		});
		expect(listedTask({ status: 'ready' })).toBeUndefined();
		expect(listedTask(null)).toBeUndefined();
		expect(listedTask({ task_id: 'b' })?.createdAtMs).toBeNaN();
	});
});

describe('seeding', () => {
	it('remembers what is in flight and the head, and emits nothing', () => {
		const state = seedWith(
			[task('old-queued', 1, 'queued'), task('new-processing', 99, 'processing')],
			[task('new-processing', 99, 'processing'), task('done', 98, 'ready'), task('failed', 97, 'failed')],
		);
		expect(state.tracked.map(([id]) => id).sort()).toEqual(['new-processing', 'old-queued']);
		expect(state.scannedToMs).toBe(T0 + 99 * MINUTE);
		expect(state.floorMs).toBe(T0 + 99 * MINUTE - RECENT_WINDOW_MS);
	});

	it('when the head page is not the last, everything below it counts as old', () => {
		const head = Array.from({ length: 50 }, (_, i) => task(`t${i}`, 200 - i * 0.01, 'ready'));
		const state = seedWith([], head, false);
		expect(state.floorMs).toBe(Math.min(...head.map((t) => t.createdAtMs)));
	});

	it('an empty account seeds so that every later task is new', () => {
		const state = seedWith([], []);
		const round = PollRound.resume(state, ['ready']);
		expect(round.addHeadPage([task('first', 0, 'ready')], true)).toBe(false);
		expect(round.toRetrieve()).toEqual(['first']);
	});

	it('a task seen in flight that finishes during the seed is emitted by the next poll', () => {
		const round = PollRound.seed(WATCH, ['ready']);
		round.addStatusPage([task('racing', 10, 'processing')]);
		round.markStatusListsRead();
		round.addHeadPage([task('racing', 10, 'ready')], true);
		const { state } = round.finish();
		expect(state.tracked).toEqual([['racing', T0 + 10 * MINUTE]]);

		const next = PollRound.resume(state, ['ready']);
		next.addHeadPage([task('racing', 10, 'ready')], true);
		expect(next.toRetrieve()).toEqual(['racing']);
		next.addRetrieved(full(task('racing', 10, 'ready')));
		expect(next.finish().emit.map((t) => t.task_id)).toEqual(['racing']);
	});
});

describe('resuming', () => {
	const base = () =>
		seedWith([task('a', 50, 'processing')], [task('a', 50, 'processing'), task('z', 40, 'ready')]);

	it('a quiet poll reads one page and asks for nothing', () => {
		const round = PollRound.resume(base(), ['ready', 'failed']);
		expect(round.addHeadPage([task('a', 50, 'processing'), task('z', 40, 'ready')], false)).toBe(false);
		expect(round.needsStatusLists()).toBe(false);
		expect(round.toRetrieve()).toEqual([]);
		const { state, emit } = round.finish();
		expect(emit).toEqual([]);
		expect(state.tracked).toEqual([['a', T0 + 50 * MINUTE]]);
	});

	it('a task created and finished between polls is found at the head and emitted once', () => {
		let state = base();
		const fresh = task('fresh', 60, 'ready');
		const round = PollRound.resume(state, ['ready']);
		expect(round.addHeadPage([fresh, task('a', 50, 'processing')], false)).toBe(false);
		expect(round.toRetrieve()).toEqual(['fresh']);
		round.addRetrieved(full(fresh));
		const first = round.finish();
		expect(first.emit.map((t) => t.task_id)).toEqual(['fresh']);
		state = first.state;

		const again = PollRound.resume(state, ['ready']);
		again.addHeadPage([fresh, task('a', 50, 'processing')], false);
		expect(again.toRetrieve()).toEqual([]);
		expect(again.finish().emit).toEqual([]);
	});

	it('walks more pages while the last entry is still new', () => {
		const round = PollRound.resume(base(), ['ready']);
		const page1 = Array.from({ length: 50 }, (_, i) => task(`n${i}`, 100 - i * 0.1, 'processing'));
		expect(round.addHeadPage(page1, false)).toBe(true);
		expect(round.addHeadPage([task('n50', 90, 'queued'), task('a', 50, 'processing')], false)).toBe(false);
		const { state } = round.finish();
		expect(state.tracked).toHaveLength(52);
	});

	it('an old tracked task that finished off the head page is retrieved directly when few are unresolved', () => {
		const round = PollRound.resume(base(), ['ready']);
		expect(round.addHeadPage([task('b', 70, 'queued'), task('z', 40, 'ready')], false)).toBe(false);
		expect(round.unresolved()).toEqual(['a']);
		expect(round.needsStatusLists()).toBe(false);
		expect(round.toRetrieve()).toEqual(['a']);
		round.addRetrieved(full(task('a', 50, 'ready')));
		const { emit, state } = round.finish();
		expect(emit.map((t) => t.task_id)).toEqual(['a']);
		expect(state.tracked.map(([id]) => id)).toEqual(['b']);
	});

	it('a tracked task still in flight when retrieved stays tracked', () => {
		const round = PollRound.resume(base(), ['ready']);
		round.addHeadPage([task('z', 40, 'ready')], true);
		round.addRetrieved(full(task('a', 50, 'processing')));
		const { emit, state } = round.finish();
		expect(emit).toEqual([]);
		expect(state.tracked.map(([id]) => id)).toEqual(['a']);
	});

	it('many unresolved tracked tasks are resolved through the status lists; those missing from them are retrieved', () => {
		const inFlight = Array.from({ length: 12 }, (_, i) => task(`old${i}`, i, 'queued'));
		const state = seedWith(inFlight, [task('top', 500, 'ready')]);
		const round = PollRound.resume(state, ['ready', 'failed']);
		round.addHeadPage([task('top', 500, 'ready')], false);
		expect(round.unresolved()).toHaveLength(12);
		expect(round.needsStatusLists()).toBe(true);
		round.addStatusPage(inFlight.slice(0, 6));
		round.addStatusPage([task('old6', 6, 'processing')]);
		// Lists not read to the end (poll budget) and more than a few unresolved: nothing is taken for finished.
		expect(round.unresolved()).toHaveLength(5);
		expect(round.toRetrieve()).toEqual([]);
		round.markStatusListsRead();
		expect(round.toRetrieve()).toEqual(['old7', 'old8', 'old9', 'old10', 'old11']);
		round.addRetrieved(full(task('old7', 7, 'ready')));
		round.addRetrieved(full(task('old8', 8, 'canceled')));
		round.addMissing('old9');
		round.addRetrieved(full(task('old10', 10, 'queued')));
		const result = round.finish();
		expect(result.emit.map((t) => [t.task_id, t.status])).toEqual([
			['old7', 'ready'],
			['old8', 'canceled'],
		]);
		// old11 was never retrieved (as if the poll ran out of time): still followed, like old10.
		expect(result.state.tracked.map(([id]) => id).sort()).toEqual(
			['old0', 'old1', 'old10', 'old11', 'old2', 'old3', 'old4', 'old5', 'old6'],
		);
	});

	it(`up to ${DIRECT_RETRIEVE_MAX} unresolved tasks skip the status lists`, () => {
		const inFlight = Array.from({ length: DIRECT_RETRIEVE_MAX }, (_, i) => task(`old${i}`, i, 'queued'));
		const round = PollRound.resume(seedWith(inFlight, [task('top', 500, 'ready')]), ['ready']);
		round.addHeadPage([task('top', 500, 'ready')], false);
		expect(round.needsStatusLists()).toBe(false);
		expect(round.toRetrieve()).toEqual(['old0', 'old1', 'old2']);
	});

	it('reads on past the head while each page resolves tracked tasks, then stops', () => {
		const inFlight = Array.from({ length: 200 }, (_, i) => task(`f${i}`, 1000 - i, 'processing'));
		const round = PollRound.resume(seedWith(inFlight, inFlight.slice(0, 50), false), ['ready']);
		expect(round.addHeadPage(inFlight.slice(0, 50), false)).toBe(true);
		expect(round.addHeadPage(inFlight.slice(50, 100), false)).toBe(true);
		expect(round.addHeadPage(inFlight.slice(100, 150), false)).toBe(true);
		expect(round.addHeadPage(inFlight.slice(150, 200), false)).toBe(false);
		expect(round.unresolved()).toEqual([]);
		expect(round.needsStatusLists()).toBe(false);

		const sparse = PollRound.resume(seedWith(inFlight, inFlight.slice(0, 50), false), ['ready']);
		expect(sparse.addHeadPage(inFlight.slice(0, 50), false)).toBe(true);
		// A page of old, untracked tasks resolves nothing: the status lists are cheaper from here.
		expect(sparse.addHeadPage([task('x', 1, 'ready')], false)).toBe(false);
		expect(sparse.needsStatusLists()).toBe(true);
	});

	it('only the chosen events are retrieved and emitted; the others are forgotten', () => {
		const state = seedWith([task('r', 1, 'queued'), task('f', 2, 'queued')], [task('top', 500, 'ready')]);
		const round = PollRound.resume(state, ['failed']);
		round.addHeadPage([task('top', 500, 'ready')], false);
		round.addRetrieved(full(task('r', 1, 'ready')));
		expect(round.toRetrieve()).toEqual(['f']);
		round.addRetrieved(full(task('f', 2, 'failed')));
		const { emit, state: next } = round.finish();
		expect(emit.map((t) => t.task_id)).toEqual(['f']);
		expect(next.tracked).toEqual([]);
	});

	it('a finished task not retrieved (out of time) stays tracked for the next poll', () => {
		const round = PollRound.resume(seedWith([task('a', 1, 'queued')], [task('top', 500, 'ready')]), ['ready']);
		round.addHeadPage([task('new', 600, 'ready'), task('top', 500, 'ready')], false);
		expect(round.toRetrieve()).toEqual(['a', 'new']);
		round.addRetrieved(full(task('a', 1, 'ready')));
		const { emit, state } = round.finish();
		expect(emit.map((t) => t.task_id)).toEqual(['a']);
		expect(state.tracked.map(([id]) => id)).toEqual(['new']);
		expect(state.recent.map(([id]) => id)).toContain('new');
	});

	it('a task appearing late with the timestamp of one already seen is still new', () => {
		const state = seedWith([], [task('first', 10, 'ready')]);
		const round = PollRound.resume(state, ['ready']);
		round.addHeadPage([task('twin', 10, 'ready'), task('first', 10, 'ready')], true);
		expect(round.toRetrieve()).toEqual(['twin']);
	});

	it('follows a known task in flight that it had lost track of', () => {
		const state = seedWith([], [task('top', 500, 'ready')]);
		const round = PollRound.resume(state, ['ready']);
		round.addHeadPage([task('top', 500, 'ready')], false);
		round.addStatusPage([task('stray', 3, 'pending')]);
		round.markStatusListsRead();
		expect(round.finish().state.tracked.map(([id]) => id)).toEqual(['stray']);
	});

	it('orders emitted tasks by completion', () => {
		const round = PollRound.resume(seedWith([], [task('top', 0, 'ready')]), ['ready']);
		round.addHeadPage([task('b', 20, 'ready'), task('a', 10, 'ready')], true);
		round.addRetrieved(full(task('b', 20, 'ready'), 30));
		round.addRetrieved(full(task('a', 10, 'ready'), 40));
		expect(round.finish().emit.map((t) => t.task_id)).toEqual(['b', 'a']);
	});
});

describe('size bounds', () => {
	it(`keeps at most ${MAX_RECENT} recent ids, raising the floor`, () => {
		const burst = Array.from({ length: MAX_RECENT + 100 }, (_, i) => task(`b${i}`, 10 + i / 1000, 'ready'));
		const state = seedWith([], burst);
		expect(state.recent).toHaveLength(MAX_RECENT);
		expect(state.recent.every(([, at]) => at > state.floorMs)).toBe(true);
	});

	it(`follows at most ${MAX_TRACKED} tasks, dropping the oldest`, () => {
		const inFlight = Array.from({ length: MAX_TRACKED + 5 }, (_, i) => task(`q${i}`, i, 'queued'));
		const round = PollRound.seed(WATCH, ['ready']);
		round.addStatusPage(inFlight);
		round.markStatusListsRead();
		round.addHeadPage([], true);
		const result = round.finish();
		expect(result.state.tracked).toHaveLength(MAX_TRACKED);
		expect(result.droppedTracked).toBe(5);
		expect(result.state.tracked.map(([id]) => id)).not.toContain('q0');
	});
});

describe('parseState', () => {
	it('round-trips through JSON and refuses state built for other filters or damaged', () => {
		const state = seedWith([task('a', 1, 'queued')], [task('a', 1, 'queued')]);
		const stored = JSON.parse(JSON.stringify(state)) as unknown;
		expect(parseState(stored, WATCH)).toEqual(state);
		expect(parseState(stored, '{"asset_id":"x","analysis_mode":null}')).toBeUndefined();
		expect(parseState({ ...state, version: 2 }, WATCH)).toBeUndefined();
		expect(parseState({ ...state, tracked: [['a', 'soon']] }, WATCH)).toBeUndefined();
		expect(parseState(undefined, WATCH)).toBeUndefined();
		expect(parseState('text', WATCH)).toBeUndefined();
	});

	it('reads a state stored before seededAtMs existed as seeded at 0', () => {
		const { seededAtMs, ...older } = seedWith([], [task('a', 1, 'ready')]);
		expect(seededAtMs).toBeGreaterThan(0);
		expect(parseState(JSON.parse(JSON.stringify(older)) as unknown, WATCH)?.seededAtMs).toBe(0);
	});
});
