/**
 * TwelveLabs Trigger, randomized: 1,000 analysis tasks created over time that finish in random
 * order (some fail, some are canceled), 50 scheduled polls with the static data serialized and
 * restored (a restart) 3 times and a few polls failing half-way. Every task that finishes after
 * activation must be emitted exactly once, and none that had finished before. Deterministic: a
 * seeded PRNG and the emulator's manual clock.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { call } from '../emulator/test-helpers';
import { runPoll } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';
import { prng } from '../trigger-support/prng';

const emulator = useEmulator();
const MINUTE = 60_000;
const TOTAL_TASKS = 1_000;
const POLLS = 50;
const RESTART_AFTER = new Set([12, 25, 38]);
const FAILING_POLLS = new Set([7, 19, 33, 44]);

interface Planned {
	id: string;
	/** Emulated ms when it finishes by itself; canceled tasks may stop earlier. */
	finishesAtMs: number;
	cancelAtMs?: number;
	outcome: 'ready' | 'failed' | 'canceled';
}

function freshNode(): INode {
	return twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'] } as never, { name: 'Trigger', id: 'randomized-trigger' });
}

it(`emits each of ${TOTAL_TASKS} tasks finishing in random order exactly once over ${POLLS} polls and 3 restarts`, async () => {
	const { state, clock } = emulator();
	const random = prng(20261124);
	const planned = new Map<string, Planned>();

	const durationMs = () => {
		const roll = random.next();
		if (roll < 0.5) return random.int(30_000, 3 * MINUTE);
		if (roll < 0.85) return random.int(3 * MINUTE, 15 * MINUTE);
		return random.int(15 * MINUTE, 45 * MINUTE);
	};
	const createTask = () => {
		const readyAfterMs = durationMs();
		const task = state.addTask({ readyAfterMs, prompt: `Task ${planned.size}: describe the scene in detail, please.` });
		const roll = random.next();
		const entry: Planned = { id: task.task_id, finishesAtMs: clock.now() + readyAfterMs, outcome: 'ready' };
		if (roll < 0.15) {
			entry.outcome = 'failed';
			state.setTaskOutcome(task.task_id, 'failed', { message: `Failure ${planned.size}` });
		} else if (roll < 0.2) {
			entry.outcome = 'canceled';
			entry.cancelAtMs = clock.now() + Math.floor(readyAfterMs * random.next() * 0.9);
		}
		planned.set(task.task_id, entry);
	};
	/** Moves the clock forward by `ms`, canceling each task due to be canceled at its own instant. */
	const advance = async (ms: number) => {
		const target = clock.now() + ms;
		const due = [...planned.values()]
			.filter((entry) => entry.cancelAtMs !== undefined && entry.cancelAtMs <= target)
			.sort((a, b) => (a.cancelAtMs ?? 0) - (b.cancelAtMs ?? 0));
		for (const entry of due) {
			clock.advance(Math.max(0, (entry.cancelAtMs ?? 0) - clock.now()));
			entry.cancelAtMs = undefined;
			const canceled = await call(emulator(), 'POST', `/analyze/tasks/${entry.id}/cancel`);
			expect(canceled.status).toBe(200);
		}
		clock.advance(target - clock.now());
	};

	// Before activation: finished tasks (never to be emitted) and tasks still in flight.
	const before = new Set<string>();
	for (let index = 0; index < 150; index++) {
		clock.advance(random.int(1, 20_000));
		before.add(state.addTask({ status: random.next() < 0.8 ? 'ready' : 'failed' }).task_id);
	}
	for (let index = 0; index < 25; index++) {
		clock.advance(random.int(1, 5_000));
		createTask();
	}

	let node = freshNode();
	let staticData: IDataObject = {};
	const emittedCount = new Map<string, number>();
	const emittedEvent = new Map<string, unknown>();
	const seed = await runPoll(node, { ...harnessOptions(emulator()), staticData });
	expect(seed.error).toBeUndefined();
	expect(seed.items).toBeNull();
	staticData = seed.staticData;

	const perPoll = (TOTAL_TASKS - planned.size) / POLLS;
	let failedPolls = 0;
	for (let pollIndex = 1; pollIndex <= POLLS + 6; pollIndex++) {
		const draining = pollIndex > POLLS;
		if (!draining) {
			// About `perPoll` tasks at random instants of the next minute, some sharing a timestamp.
			const count = pollIndex === POLLS ? TOTAL_TASKS - planned.size : Math.round(perPoll * (0.5 + random.next()));
			const offsets = Array.from({ length: Math.min(count, TOTAL_TASKS - planned.size) }, () =>
				random.next() < 0.2 ? 0 : random.int(0, MINUTE - 1),
			).sort((a, b) => a - b);
			let elapsed = 0;
			for (const offset of offsets) {
				await advance(offset - elapsed);
				elapsed = offset;
				createTask();
			}
			await advance(MINUTE - elapsed);
		} else {
			await advance(15 * MINUTE);
		}

		if (RESTART_AFTER.has(pollIndex)) {
			staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			node = freshNode();
		}
		if (FAILING_POLLS.has(pollIndex)) {
			emulator().faults.next(
				{ method: 'GET', path: '/analyze/tasks/{task_id}' },
				{ kind: 'status', status: 403, body: { error: { code: 'api_not_allowed', message: 'Refused for the test.' } } },
			);
		}
		const result = await runPoll(node, { ...harnessOptions(emulator()), staticData });
		if (result.error) {
			expect(FAILING_POLLS.has(pollIndex)).toBe(true);
			expect(result.staticData).toEqual(staticData);
			failedPolls += 1;
			emulator().faults.clear();
			continue;
		}
		for (const item of result.items?.[0] ?? []) {
			const id = String(item.json.taskId);
			emittedCount.set(id, (emittedCount.get(id) ?? 0) + 1);
			emittedEvent.set(id, item.json.event);
		}
		staticData = result.staticData;
	}

	expect(planned.size).toBe(TOTAL_TASKS);
	expect(failedPolls).toBeGreaterThan(0);
	const duplicates = [...emittedCount].filter(([, count]) => count > 1);
	expect(duplicates).toEqual([]);
	expect([...emittedCount.keys()].filter((id) => before.has(id))).toEqual([]);
	const missed = [...planned.keys()].filter((id) => !emittedCount.has(id));
	expect(missed).toEqual([]);
	expect(emittedCount.size).toBe(TOTAL_TASKS);
	for (const [id, entry] of planned) {
		expect([id, emittedEvent.get(id)]).toEqual([id, `analyze.task.${entry.outcome}`]);
	}
	// Bounded state: nothing is in flight any more, and the state is small.
	const stored = (staticData['node:Trigger'] as IDataObject).taskTrigger as IDataObject;
	expect(stored.tracked).toEqual([]);
	expect(JSON.stringify(staticData).length).toBeLessThan(40_000);
});
