/**
 * The Trigger's Batch Finished event: API requests per poll in an account holding `oldBatches`
 * finished batches (created over HTTP on the emulator, manual clock). Printed by
 * bench/triggerRequests.ts after the task tables; asserts nothing.
 * Goals: a quiet poll costs 1 request (2 when the batches in flight are older than the 50 newest);
 * each finished batch costs one more.
 */
import type { Emulator } from '../test/emulator';
import { call } from '../test/emulator/test-helpers';
import { twelveLabsNode } from '../test/support/twelveLabs';
import { pollMeter } from './pollMeter';

const HOUR = 3_600_000;

async function createBatch(emulator: Emulator): Promise<{ id: string; taskId: string }> {
	const asset = emulator.state.addAsset();
	const res = await call(emulator, 'POST', '/analyze/batches', {
		body: {
			model_name: 'pegasus1.5',
			analysis_mode: 'general',
			defaults: { prompt: { input_text: 'Summarize.' } },
			requests: [{ video: { type: 'asset_id', asset_id: asset._id } }],
		},
	});
	if (res.status !== 201) throw new Error(`POST /analyze/batches answered ${res.status}: ${res.text}`);
	const created = res.json as { batch_id: string; items: { task_id: string }[] };
	return { id: created.batch_id, taskId: created.items[0].task_id };
}

/** `active` batches in flight, placed before (older than) or after `oldBatches` finished ones. */
async function measureCase(emulator: Emulator, oldBatches: number, active: number, activeAreOld: boolean, nodeId: string): Promise<string[]> {
	emulator.reset();
	const running: string[] = [];
	const startActive = async () => {
		for (let i = 0; i < active; i++) {
			const batch = await createBatch(emulator);
			emulator.state.setTaskReadyAfter(batch.taskId, 10 * HOUR);
			running.push(batch.id);
		}
	};
	if (activeAreOld) await startActive();
	for (let i = 0; i < oldBatches; i++) {
		await createBatch(emulator);
		emulator.clock.advance(5_000);
	}
	if (!activeAreOld) await startActive();

	const node = twelveLabsNode('twelveLabsTrigger', { events: ['batchFinished'] } as never, { name: 'Trigger', id: nodeId });
	const meter = pollMeter(emulator, node);
	const measure = meter.poll;
	const seed = await measure();
	const quiet = await measure();
	emulator.clock.advance(10 * HOUR + 1_000);
	const finished = await measure();
	if (finished.emitted !== active) throw new Error(`emitted ${finished.emitted} batches, expected ${active}`);
	const quietAgain = await measure();
	const name = `${active} in flight (${activeAreOld ? 'older than' : 'newer than'} ${oldBatches} finished)`;
	return [name, String(seed.requests), String(quiet.requests), `${finished.requests} (${active} done)`, String(quietAgain.requests)];
}

export async function measureBatchPolls(emulator: Emulator, oldBatches = 300): Promise<{ header: string[]; rows: string[][] }> {
	const rows = [
		await measureCase(emulator, oldBatches, 0, false, 'bench-batch-1'),
		await measureCase(emulator, oldBatches, 5, false, 'bench-batch-2'),
		// An account allows 5 active batches: with 4 running, newer ones can still come and go.
		await measureCase(emulator, oldBatches, 4, true, 'bench-batch-3'),
	];
	return { header: ['case', 'seed', 'quiet poll', 'poll with finished', 'quiet poll after'], rows };
}
