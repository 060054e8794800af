import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { useEmulator } from '../emulator/jest';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

function assetNode(parameters: Record<string, unknown>, extra = {}) {
	return twelveLabsNode('twelveLabsAsset', parameters as never, { name: 'Asset', ...extra });
}

describe('TwelveLabs Asset: Get', () => {
	it('returns the asset with `id` beside the API\'s `_id`', async () => {
		const seeded = emulator().state.addAsset({ filename: 'keynote.mp4' });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'get', assetId: { __rl: true, mode: 'id', value: seeded._id } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const [item] = result.output('Asset');
		expect(item.json).toMatchObject({ id: seeded._id, _id: seeded._id, filename: 'keynote.mp4' });
		expect(Object.keys(item.json)[0]).toBe('id');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(routesSeen(emulator())).toEqual([`GET /assets/${seeded._id}`]);
	});

	it('stops before any request when the asset ID comes out empty, naming the parameter', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'get', assetId: { __rl: true, mode: 'id', value: '={{ $json.missing ?? "" }}' } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Asset')?.message).toBe('Asset: is empty');
		expect(emulator().requests).toHaveLength(0);
	});

	it('with Continue On Fail gives one item per input item, errors in place', async () => {
		const seeded = emulator().state.addAsset({ filename: 'a.mp4' });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Ids', [{ json: { assetId: seeded._id } }, { json: { assetId: '0123456789abcdef01234567' } }, { json: { assetId: '' } }]),
				assetNode(
					{ operation: 'get', assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' } },
					{ onError: 'continueRegularOutput' },
				),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Asset');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.id).toBe(seeded._id);
		expect(items[1].json.error).toMatch(/^TwelveLabs: .+ \[resource_not_exist\]$/);
		expect(items[2].json.error).toBe('Asset: is empty');
		// The empty ID was caught locally: only two requests reached the API.
		expect(emulator().requests).toHaveLength(2);
	});

	it('reports a rejected API key without ever showing it', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'get', assetId: { __rl: true, mode: 'id', value: 'abc' } })),
			harnessOptions(emulator(), {
				credentials: { twelveLabsApi: { apiKey: 'tlk_wrong_key_12345', baseUrl: emulator().baseUrl } },
			}),
		);
		const error = result.nodeError('Asset') as Error & { description?: string; httpCode?: string };
		expect(error.message).toContain('[api_key_invalid]');
		expect(error.httpCode).toBe('401');
		expect(JSON.stringify(result.run.data)).not.toContain('tlk_wrong_key_12345');
	});
});

describe('TwelveLabs Asset: List', () => {
	beforeEach(() => {
		for (let index = 0; index < 120; index++) {
			emulator().state.addAsset({ filename: index % 10 === 0 ? `Keynote-${index}.mp4` : `clip-${index}.mp4` });
		}
	});

	it('Return All walks every page of 50', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'list', returnAll: true })),
			harnessOptions(emulator()),
		);
		const items = result.output('Asset');
		expect(items).toHaveLength(120);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(120);
		expect(items.every((item) => item.json.id === item.json._id)).toBe(true);
		expect(emulator().requests.map((request) => request.query)).toEqual([
			{ page: '1', page_limit: '50' },
			{ page: '2', page_limit: '50' },
			{ page: '3', page_limit: '50' },
		]);
	});

	it('Limit fetches no more than it needs', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'list', returnAll: false, limit: 7 })),
			harnessOptions(emulator()),
		);
		expect(result.output('Asset')).toHaveLength(7);
		expect(emulator().requests.map((request) => request.query)).toEqual([{ page: '1', page_limit: '7' }]);

		emulator().requests.length = 0;
		const larger = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'list', returnAll: false, limit: 60 })),
			harnessOptions(emulator()),
		);
		expect(larger.output('Asset')).toHaveLength(60);
		expect(emulator().requests).toHaveLength(2);
	});

	it('sends the filters, arrays as repeated keys', async () => {
		const all = emulator().state.listAssets();
		const wanted = [all[0]._id, all[1]._id];
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				assetNode({
					operation: 'list',
					returnAll: true,
					filters: { filename: 'keynote', assetTypes: ['video'], assetIds: wanted.join(', ') },
				}),
			),
			harnessOptions(emulator()),
		);
		expect(emulator().requests[0].query).toMatchObject({
			filename: 'keynote',
			asset_types: 'video',
			asset_ids: wanted,
		});
		const names = result.output('Asset').map((item) => item.json.filename);
		expect(names.every((name) => String(name).toLowerCase().includes('keynote'))).toBe(true);
	});

	it('the filename filter is case-insensitive', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'list', returnAll: true, filters: { filename: 'KEYNOTE' } })),
			harnessOptions(emulator()),
		);
		expect(result.output('Asset')).toHaveLength(12);
	});
});
