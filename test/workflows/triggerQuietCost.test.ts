/**
 * TwelveLabs Trigger: what a quiet poll (nothing finished) costs when at most 50 tasks are in
 * flight, in every layout of where those tasks sit in the account's history. Counted from the
 * requests the emulator received over HTTP: at most 4 (the head page, then either up to 3 tasks
 * retrieved one by one or the three status lists, each one page).
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { runPoll } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';
import { QUIET_POLL_LAYOUTS, seedLayout } from '../trigger-support/layouts';

const emulator = useEmulator();
const MINUTE = 60_000;

describe('TwelveLabs Trigger: a quiet poll with at most 50 tasks in flight costs at most 4 requests', () => {
	it.each(QUIET_POLL_LAYOUTS.map((layout) => [layout.name, layout] as const))('%s', async (_name, layout) => {
		const node = twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'] } as never, {
			name: 'Trigger',
			id: `quiet-${layout.name}`,
		});
		let staticData: IDataObject = {};
		const poll = async () => {
			emulator().requests.length = 0;
			const result = await runPoll(node, { ...harnessOptions(emulator()), staticData });
			if (result.error) throw result.error;
			staticData = result.staticData;
			return { emitted: result.items?.[0]?.length ?? 0, requests: emulator().requests.length };
		};

		const { createNew } = seedLayout(emulator(), layout);
		await poll();
		createNew();
		emulator().clock.advance(MINUTE);
		// The poll that finds the new tasks, then quiet polls: nothing finishes any more.
		expect((await poll()).emitted).toBe(0);
		const quiet = [await poll(), await poll()];
		expect(quiet.map((result) => result.emitted)).toEqual([0, 0]);
		expect(Math.max(...quiet.map((result) => result.requests))).toBeLessThanOrEqual(4);
	});
});
