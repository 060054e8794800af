/**
 * TwelveLabs Trigger across publishing, unpublishing, publishing again and restarts of n8n, with
 * n8n 2.x's durable poll cursors as the harness models them: the node's own static data is staged,
 * and the publish poll's is dropped when it emits nothing; the workflow's global static data is
 * saved after publishing. A restart is a fresh load of the node's modules: nothing in memory survives.
 */
import type { IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { runPoll } from '../harness';
import { harnessOptions, nodeTypes, PACKAGE, twelveLabsNode } from '../support/twelveLabs';
import { runActivationPoll } from '../trigger-support/activationPoll';

const emulator = useEmulator();
const MINUTE = 60_000;

let nodeCount = 0;
function triggerNode(parameters: IDataObject = {}): INode {
	return twelveLabsNode('twelveLabsTrigger', { events: ['ready', 'failed'], ...parameters } as never, {
		name: 'Trigger',
		id: `publish-${++nodeCount}`,
	});
}

/** The node types as a freshly started n8n process loads them. */
async function restartedProcess(): Promise<Record<string, INodeType>> {
	let fresh: INodeType | undefined;
	await jest.isolateModulesAsync(async () => {
		const module = await import('../../nodes/TwelveLabsTrigger/TwelveLabsTrigger.node');
		fresh = new module.TwelveLabsTrigger();
	});
	if (!fresh) throw new Error('the trigger did not load');
	return { ...nodeTypes, [`${PACKAGE}.twelveLabsTrigger`]: fresh };
}

const emitted = (items: INodeExecutionData[][] | null): string[] => (items?.[0] ?? []).map((item) => String(item.json.taskId)).sort();

async function scheduledPoll(node: INode, staticData: IDataObject, types: Record<string, INodeType> = nodeTypes) {
	const result = await runPoll(node, { ...harnessOptions(emulator(), { nodeTypes: types }), staticData });
	if (result.error) throw result.error;
	return result;
}

describe('TwelveLabs Trigger: restarts between publishing and the first scheduled poll', () => {
	it('a task finishing while n8n is down, before any scheduled poll, is emitted once after the restart', async () => {
		const { state, clock } = emulator();
		state.addTask({ status: 'ready' });
		const running = state.addTask({ readyAfterMs: 2 * MINUTE });
		const node = triggerNode();

		const publish = await runActivationPoll(node, { ...harnessOptions(emulator()) });
		expect(publish.error).toBeUndefined();
		expect(publish.items).toBeNull();
		expect(publish.staticData['node:Trigger']).toBeUndefined();

		// n8n is killed; the task finishes while it is down; n8n starts and runs its startup poll.
		clock.advance(5 * MINUTE);
		const restarted = await restartedProcess();
		const startup = await runActivationPoll(node, {
			...harnessOptions(emulator(), { nodeTypes: restarted }),
			staticData: publish.staticData,
			activation: 'init',
		});
		expect(startup.error).toBeUndefined();
		expect(emitted(startup.items)).toEqual([running.task_id]);

		const next = await scheduledPoll(node, startup.staticData, restarted);
		expect(next.items).toBeNull();
	});

	it('the first scheduled poll after a restart resumes from the publish seed when the startup poll also emitted nothing', async () => {
		const { state, clock } = emulator();
		const running = state.addTask({ readyAfterMs: 10 * MINUTE });
		const node = triggerNode();
		const publish = await runActivationPoll(node, { ...harnessOptions(emulator()) });

		const restarted = await restartedProcess();
		const startup = await runActivationPoll(node, {
			...harnessOptions(emulator(), { nodeTypes: restarted }),
			staticData: publish.staticData,
			activation: 'init',
		});
		expect(startup.items).toBeNull();

		clock.advance(20 * MINUTE);
		const created = state.addTask({ status: 'ready' });
		const first = await scheduledPoll(node, startup.staticData, await restartedProcess());
		expect(emitted(first.items)).toEqual([created.task_id, running.task_id].sort());
		expect((await scheduledPoll(node, first.staticData)).items).toBeNull();
	});
});

describe('TwelveLabs Trigger: publishing again', () => {
	async function publishedAndPolled(node: INode) {
		const { state, clock } = emulator();
		const publish = await runActivationPoll(node, { ...harnessOptions(emulator()) });
		state.addTask({ readyAfterMs: MINUTE });
		clock.advance(2 * MINUTE);
		const polled = await scheduledPoll(node, publish.staticData);
		expect(emitted(polled.items)).toHaveLength(1);
		// Still in flight when the workflow is unpublished.
		const longRunning = state.addTask({ readyAfterMs: 30 * MINUTE });
		const tracked = await scheduledPoll(node, polled.staticData);
		return { staticData: tracked.staticData, longRunning };
	}

	it('after unpublishing, publishing again remembers what exists and emits only what finishes afterwards', async () => {
		const { state, clock } = emulator();
		const node = triggerNode();
		const { staticData, longRunning } = await publishedAndPolled(node);

		// Unpublished: tasks finish, and one is created and finishes.
		clock.advance(60 * MINUTE);
		const whileUnpublished = state.addTask({ status: 'ready' });
		const stillRunning = state.addTask({ readyAfterMs: 10 * MINUTE });

		const republish = await runActivationPoll(node, { ...harnessOptions(emulator()), staticData });
		expect(republish.error).toBeUndefined();
		expect(republish.items).toBeNull();

		clock.advance(20 * MINUTE);
		const afterwards = state.addTask({ status: 'ready' });
		const first = await scheduledPoll(node, republish.staticData);
		expect(emitted(first.items)).toEqual([afterwards.task_id, stillRunning.task_id].sort());
		expect(emitted(first.items)).not.toContain(longRunning.task_id);
		expect(emitted(first.items)).not.toContain(whileUnpublished.task_id);
		expect((await scheduledPoll(node, first.staticData)).items).toBeNull();
	});

	it('with Emit Tasks Finished Before Activation, publishing again emits the newest finished ones, as the first publish does', async () => {
		const { state, clock } = emulator();
		const node = triggerNode({ options: { emitExisting: true, maxExisting: 2 } });
		const publish = await runActivationPoll(node, { ...harnessOptions(emulator()) });
		expect(publish.items).toBeNull();
		const first = await scheduledPoll(node, publish.staticData);

		clock.advance(MINUTE);
		const older = state.addTask({ status: 'ready' });
		clock.advance(MINUTE);
		const newer = [state.addTask({ status: 'ready' }), state.addTask({ status: 'failed' })];
		const republish = await runActivationPoll(node, { ...harnessOptions(emulator()), staticData: first.staticData });
		expect(emitted(republish.items)).toEqual(newer.map((task) => task.task_id).sort());
		expect(emitted(republish.items)).not.toContain(older.task_id);
		expect((await scheduledPoll(node, republish.staticData)).items).toBeNull();
	});

	it('publishing a new version of a published workflow resumes: what finished meanwhile is emitted once', async () => {
		const { clock } = emulator();
		const node = triggerNode();
		const { staticData, longRunning } = await publishedAndPolled(node);
		clock.advance(60 * MINUTE);
		const update = await runActivationPoll(node, { ...harnessOptions(emulator()), staticData, activation: 'update' });
		expect(emitted(update.items)).toEqual([longRunning.task_id]);
		expect((await scheduledPoll(node, update.staticData)).items).toBeNull();
	});
});
