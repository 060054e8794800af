import { chain, manualTrigger, runWorkflow } from '../harness';
import { useEmulator } from '../emulator/jest';
import { PROBE_NODE_TYPE } from '../support/probeNode';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

function getAsset(id: string) {
	return chain(
		manualTrigger(),
		twelveLabsNode('twelveLabsAsset', { operation: 'get', assetId: { __rl: true, mode: 'id', value: id } }, { name: 'Asset' }),
	);
}

const ASSET_ROUTE = { method: 'GET', path: '/assets/{asset_id}' };

/** A create (POST /analyze/tasks) sent through the shared transport by the test-only probe node. */
async function createTaskThroughProbe() {
	const body = { video: { type: 'url', url: 'https://example.com/v.mp4' }, prompt: 'Summarize' };
	return await runWorkflow(
		chain(
			manualTrigger(),
			twelveLabsNode(PROBE_NODE_TYPE, { method: 'POST', path: '/analyze/tasks', body: JSON.stringify(body) }, { name: 'Probe' }),
		),
		harnessOptions(emulator()),
	);
}

describe('the shared transport, through a real workflow', () => {
	it('waits as Retry-After says on a 429, then succeeds', async () => {
		const asset = emulator().state.addAsset();
		emulator().faults.next(ASSET_ROUTE, { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: '' });
		const started = Date.now();
		const result = await runWorkflow(getAsset(asset._id), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(routesSeen(emulator())).toHaveLength(2);
	});

	it('retries a 503 twice, then succeeds', async () => {
		const asset = emulator().state.addAsset();
		emulator().faults.next(ASSET_ROUTE, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
		const result = await runWorkflow(getAsset(asset._id), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect(result.output('Asset')[0].json.id).toBe(asset._id);
		expect(routesSeen(emulator())).toHaveLength(3);
		expect(emulator().faults.pending()).toBe(0);
	});

	it('retries a reset connection on a read', async () => {
		const asset = emulator().state.addAsset();
		emulator().faults.next(ASSET_ROUTE, { kind: 'reset' });
		const result = await runWorkflow(getAsset(asset._id), harnessOptions(emulator()));
		expect(result.status).toBe('success');
	});

	it('does not retry a 400, and shows its code and message', async () => {
		emulator().faults.next(ASSET_ROUTE, {
			kind: 'status',
			status: 400,
			body: { code: 'parameter_invalid', message: 'The asset_id parameter is invalid.' },
		});
		const result = await runWorkflow(getAsset('abc'), harnessOptions(emulator()));
		expect(result.nodeError('Asset')?.message).toBe('TwelveLabs: The asset_id parameter is invalid. [parameter_invalid]');
		expect(emulator().requests).toHaveLength(1);
	});

	it('gives up after the retries run out, reporting the last answer', async () => {
		const asset = emulator().state.addAsset();
		emulator().faults.next(ASSET_ROUTE, ...Array.from({ length: 6 }, () => ({ kind: 'status' as const, status: 502 })));
		const result = await runWorkflow(getAsset(asset._id), harnessOptions(emulator()));
		const error = result.nodeError('Asset') as Error & { httpCode?: string };
		expect(error.httpCode).toBe('502');
		expect(emulator().requests).toHaveLength(5);
		emulator().faults.clear();
	}, 30_000);

	it('never sends a create twice after a 500', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze/tasks' }, {
			kind: 'status',
			status: 500,
			body: { error: { code: 'internal_error', message: 'Something broke' } },
		});
		const result = await createTaskThroughProbe();
		expect(result.nodeError('Probe')?.message).toBe('TwelveLabs: Something broke [internal_error]');
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks']);
	});

	it('retries a create on 429, which proves nothing was created', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze/tasks' }, { kind: 'status', status: 429, headers: { 'retry-after': '0' } });
		const result = await createTaskThroughProbe();
		expect(result.status).toBe('success');
		expect(result.output('Probe')[0].json.answer).toMatchObject({ status: 'queued' });
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks', 'POST /analyze/tasks']);
	});

	it('a request that breaks the API spec is caught by the emulator', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				twelveLabsNode(
					PROBE_NODE_TYPE,
					{ method: 'POST', path: '/analyze', body: JSON.stringify({ video: { type: 'nope' }, prompt: 'x', stream: false }), retry: 'safe' },
					{ name: 'Probe' },
				),
			),
			harnessOptions(emulator()),
		);
		expect(result.nodeError('Probe')?.message).toContain('[parameter_invalid]');
		expect(emulator().violations.join('\n')).toMatch(/video/);
		emulator().violations.length = 0;
	});
});
