/**
 * Analyze and Async Task given an asset TwelveLabs is still processing. TwelveLabs answers 400
 * (the emulator as the OpenAPI document says: a 400 with the error body); the node then waits
 * until the asset is ready, within Options > Asset Wait (Seconds), and sends once more; or fails
 * saying the asset is still processing and what to do. The emulator runs on the real clock so
 * the asset's processing time passes.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator({ clock: 'realtime' });

function assetParameters(assetId: string, options: INodeParameters = {}): INodeParameters {
	return { videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: assetId }, prompt: 'Summarize the talk', options };
}

async function analyze(assetId: string, options: INodeParameters = {}) {
	return await runWorkflow(
		chain(manualTrigger(), twelveLabsNode('twelveLabsAnalyze', assetParameters(assetId, options), { name: 'Analyze' })),
		harnessOptions(emulator()),
	);
}

describe('an asset that is still processing', () => {
	it('Analyze waits until it is ready and analyzes it', async () => {
		const asset = emulator().state.addAsset({ filename: 'talk.mp4', readyAfterMs: 1200 });
		const result = await analyze(asset._id);
		expect(result.status).toBe('success');
		expect(result.output('Analyze')[0].json.text).toContain('Summarize the talk');

		const routes = routesSeen(emulator());
		expect(routes[0]).toBe('POST /analyze');
		expect(emulator().requests[0].status).toBe(400);
		expect(routes.at(-1)).toBe('POST /analyze');
		expect(routes.slice(1, -1).every((route) => route === `GET /assets/${asset._id}`)).toBe(true);
	});

	it('the asset’s duration, learned while waiting for it, bounds the usage’s video seconds', async () => {
		const asset = emulator().state.addAsset({ filename: 'talk.mp4', readyAfterMs: 1200, duration: 75 });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				twelveLabsNode('twelveLabsAnalyze', { ...assetParameters(asset._id, { clipStart: 20 }), simplify: false }, { name: 'Analyze' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		// A window open at its end runs to the end of the video: 75 s - 20 s.
		expect(result.output('Analyze')[0].json.usage).toMatchObject({ videoSeconds: 55 });
	});

	it('Analyze with Asset Wait 0 fails at once, saying the asset is still processing and what to do', async () => {
		const asset = emulator().state.addAsset({ filename: 'talk.mp4', status: 'processing' });
		const result = await analyze(asset._id, { assetWait: 0 });
		expect(result.status).toBe('error');
		const error = result.nodeError('Analyze') as Error & { description?: string };
		expect(error.message).toBe(`Asset ${asset._id} is still processing after 0 s`);
		expect(error.description).toMatch(/^Raise Asset Wait \(Seconds\) in Options \(now 0\)/);
		expect(error.description).not.toMatch(/Max Wait/);
		expect(routesSeen(emulator()).filter((route) => route === 'POST /analyze')).toHaveLength(1);
	});

	it('Async Task Create waits until it is ready and creates one task', async () => {
		const asset = emulator().state.addAsset({ filename: 'talk.mp4', readyAfterMs: 1200 });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				twelveLabsNode('twelveLabsAsyncTask', { resource: 'task', operation: 'create', ...assetParameters(asset._id) }, { name: 'Task' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(result.output('Task')[0].json.taskId).toEqual(expect.any(String));
		expect(emulator().state.listTasks()).toHaveLength(1);
		const creates = emulator().requests.filter((request) => request.path === '/analyze/tasks');
		expect(creates.map((request) => request.status)).toEqual([400, 202]);
	});
});
