/**
 * TwelveLabs Trigger, lists that shift while they are paged: between any two list requests an
 * adversary (driven from the emulator's request hook, so over real HTTP) finishes tasks listed
 * ahead of the page being asked for, which moves every later task up a page, and creates tasks,
 * which moves them down. A task that is in flight when the seed ends, or created afterwards, must
 * be emitted exactly once when it finishes, in every poll, whatever moved under the pages; a task
 * the seed skipped would be lost when it finishes before the next poll reads the status lists.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { Emulator, RecordedRequest } from '../emulator';
import { useEmulator } from '../emulator/jest';
import { runPoll } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';
import type { Prng } from '../trigger-support/prng';
import { prng } from '../trigger-support/prng';

const emulator = useEmulator();
const HOUR = 3_600_000;
const FINISHED = new Set(['ready', 'failed', 'canceled']);

function triggerNode(id: string): INode {
	return twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'] } as never, { name: 'Trigger', id });
}

/** History, then more than 50 tasks in each in-flight status (the clock does not move during a poll). */
function seedAccount(emu: Emulator, random: Prng): void {
	const { state, clock } = emu;
	const now = clock.now();
	const inFlight = (createdAt: number) => state.addTask({ created_at: createdAt, readyAfterMs: now + 1_000 * HOUR - createdAt });
	for (let index = 0; index < 150; index++) {
		const createdAt = now - 10 * HOUR + index * 60_000;
		state.addTask({ status: random.next() < 0.8 ? 'ready' : 'failed', created_at: createdAt });
		// Processing tasks among the history.
		if (index % 2 === 0) inFlight(createdAt + 1);
	}
	// Pending (1-2 s old) and queued (under 1 s old), with the emulator's default durations.
	for (let index = 0; index < 70; index++) inFlight(now - 1_000 - index * 10);
	for (let index = 0; index < 70; index++) inFlight(now - 10 - index * 10);
}

/** On each list request for page 2 or later, finishes a few tasks listed ahead of it; now and then creates some. */
function adversary(emu: Emulator, random: Prng): (request: RecordedRequest) => void {
	return (request) => {
		if (request.method !== 'GET' || request.path !== '/analyze/tasks') return;
		const page = Number(request.query.page ?? 1);
		const limit = Number(request.query.page_limit ?? 10);
		const status = typeof request.query.status === 'string' ? request.query.status : undefined;
		const listed = emu.state.listTasks().filter((task) => status === undefined || task.status === status);
		const ahead = listed.slice(0, Math.max(0, (page - 1) * limit)).filter((task) => !FINISHED.has(task.status));
		const finishing = page > 1 ? Math.min(ahead.length, random.int(1, 12)) : 0;
		for (let count = 0; count < finishing; count++) {
			const [task] = ahead.splice(random.int(0, ahead.length - 1), 1);
			emu.state.finishTaskNow(task.task_id);
		}
		if (random.next() < 0.3) {
			for (let count = random.int(1, 4); count > 0; count--) emu.state.addTask({ readyAfterMs: 1_000 * HOUR });
		}
	};
}

it.each([1, 2, 3, 4])('emits every task finishing after the seed exactly once while lists shift under the pages (run %i)', async (run) => {
	const emu = emulator();
	const random = prng(7_100 + run);
	seedAccount(emu, random);
	const finishedBefore = new Set(emu.state.listTasks().filter((task) => FINISHED.has(task.status)).map((task) => task.task_id));
	const stopAdversary = emu.onRequest(adversary(emu, random));

	const node = triggerNode(`shifting-${run}`);
	const seed = await runPoll(node, { ...harnessOptions(emu), staticData: {} });
	expect(seed.error).toBeUndefined();
	expect(seed.items).toBeNull();
	let staticData: IDataObject = seed.staticData;
	// Finished while the seed read the lists: either way is right, but never twice.
	const finishedDuringSeed = new Set(
		emu.state.listTasks().filter((task) => FINISHED.has(task.status) && !finishedBefore.has(task.task_id)).map((task) => task.task_id),
	);

	// Some finish before the next poll reads any status list: a task the seed skipped is lost then.
	for (const task of emu.state.listTasks()) {
		if (!FINISHED.has(task.status) && random.next() < 0.4) emu.state.finishTaskNow(task.task_id);
	}

	const emitted = new Map<string, number>();
	const poll = async () => {
		const result = await runPoll(node, { ...harnessOptions(emu), staticData });
		expect(result.error).toBeUndefined();
		for (const item of result.items?.[0] ?? []) {
			const id = String(item.json.taskId);
			emitted.set(id, (emitted.get(id) ?? 0) + 1);
		}
		staticData = result.staticData;
	};
	// Polls while the adversary keeps finishing and creating tasks, then everything finishes.
	for (let index = 0; index < 4; index++) {
		emu.clock.advance(60_000);
		await poll();
	}
	stopAdversary();
	emu.clock.advance(2_000 * HOUR);
	await poll();
	await poll();

	const all = emu.state.listTasks();
	expect(all.every((task) => FINISHED.has(task.status))).toBe(true);
	const mustEmit = all.map((task) => task.task_id).filter((id) => !finishedBefore.has(id) && !finishedDuringSeed.has(id));
	expect(mustEmit.length).toBeGreaterThan(150);
	expect(mustEmit.filter((id) => !emitted.has(id))).toEqual([]);
	expect([...emitted].filter(([, count]) => count > 1)).toEqual([]);
	expect([...emitted.keys()].filter((id) => finishedBefore.has(id))).toEqual([]);
});
