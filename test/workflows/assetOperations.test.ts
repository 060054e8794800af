/**
 * TwelveLabs Asset: Create From URL, Wait Until Ready, Delete and Update User Metadata, with
 * their bad inputs (refused before any request) and Continue On Fail.
 */
import type { INodeParameters } from 'n8n-workflow';

import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import type { Emulator } from '../emulator';
import { useEmulator } from '../emulator/jest';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

function assetNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode('twelveLabsAsset', parameters, { name: 'Asset', ...extra });
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/** Moves the emulated clock on (so processing ends) once the node has polled the asset once. */
function finishProcessingAfterFirstPoll(emu: Emulator): () => void {
	const timer = setInterval(() => {
		if (emu.requests.some((request) => request.method === 'GET' && /^\/assets\/[^/]+$/.test(request.path))) {
			emu.clock.advance(60_000);
			clearInterval(timer);
		}
	}, 5);
	return () => clearInterval(timer);
}

describe('TwelveLabs Asset: Create From URL', () => {
	it('sends a multipart form with the URL and settings, and outputs the asset with `id`', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				assetNode({
					operation: 'createFromUrl',
					url: 'https://cdn.example.com/talks/keynote.mp4',
					options: {
						filename: 'Keynote.mp4',
						enableHls: true,
						enableThumbnail: false,
						userMetadata: { values: [{ key: 'speaker', value: 'Ada' }, { key: 'day', value: '={{ 2 }}' }] },
					},
				}),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const [item] = result.output('Asset');
		expect(item.json).toMatchObject({ method: 'url', status: 'processing', filename: 'Keynote.mp4', user_metadata: { speaker: 'Ada', day: 2 } });
		expect(item.json.id).toBe(item.json._id);
		expect(emulator().requests[0]).toMatchObject({
			method: 'POST',
			path: '/assets',
			body: {
				fields: {
					method: 'url',
					url: 'https://cdn.example.com/talks/keynote.mp4',
					filename: 'Keynote.mp4',
					enable_hls: 'true',
					enable_thumbnail: 'false',
					user_metadata: '{"speaker":"Ada","day":2}',
				},
			},
		});
		expect(emulator().requests[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	});

	it('waits until ready when asked (polling with backoff), and outputs the ready asset', async () => {
		const stop = finishProcessingAfterFirstPoll(emulator());
		try {
			const result = await runWorkflow(
				chain(manualTrigger(), assetNode({ operation: 'createFromUrl', url: 'https://cdn.example.com/a.mp4', waitUntilReady: true })),
				harnessOptions(emulator()),
			);
			expect(result.status).toBe('success');
			expect(result.output('Asset')[0].json).toMatchObject({ status: 'ready', duration: 120 });
		} finally {
			stop();
		}
		const routes = routesSeen(emulator());
		expect(routes[0]).toBe('POST /assets');
		expect(routes.slice(1).every((route) => /^GET \/assets\/[0-9a-f]{24}$/.test(route))).toBe(true);
		expect(routes.length).toBeGreaterThanOrEqual(3);
	});

	it('fails with the API\'s message when the asset ends failed', async () => {
		const stop = finishProcessingAfterFirstPoll(emulator());
		let result;
		try {
			result = await runWorkflow(
				chain(manualTrigger(), assetNode({ operation: 'createFromUrl', url: 'https://cdn.example.com/will-fail.mp4', waitUntilReady: true })),
				harnessOptions(emulator()),
			);
		} finally {
			stop();
		}
		expect(result.status).toBe('error');
		expect(result.nodeError('Asset')?.message).toMatch(/^Asset [0-9a-f]{24} failed: The file will-fail\.mp4 could not be processed\.$/);
	});

	it('refuses a URL that is not http(s), naming the parameter, before any request', async () => {
		// (A literal blank is flagged by n8n itself; one from an expression reaches the node.)
		const cases: Array<[string, string]> = [
			['ftp://cdn.example.com/a.mp4', 'URL: "ftp://cdn.example.com/a.mp4" is not an http(s) URL'],
			['keynote.mp4', 'URL: "keynote.mp4" is not an http(s) URL'],
			['={{ "" }}', 'URL: is empty'],
		];
		for (const [url, message] of cases) {
			const result = await runWorkflow(chain(manualTrigger(), assetNode({ operation: 'createFromUrl', url })), harnessOptions(emulator()));
			const error = result.nodeError('Asset') as Error & { description?: string };
			expect(error.message).toBe(message);
			expect(error.description).toMatch(/https:\/\//);
		}
		expect(emulator().requests).toHaveLength(0);
	});

	it('refuses user metadata that is not flat, or keys given twice, before any request', async () => {
		const cases: Array<[INodeParameters, string]> = [
			[{ userMetadataJson: '{"a": null}' }, 'User Metadata (JSON): the value of "a" is null; user metadata values must be text, numbers or booleans'],
			[{ userMetadataJson: '{"a": ' }, 'User Metadata (JSON): is not valid JSON'],
			[{ userMetadata: { values: [{ key: '', value: 'x' }] } }, 'User Metadata: a row has no key'],
			[{ userMetadata: { values: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] } }, 'User Metadata: the key "a" is given twice'],
			[
				{ userMetadata: { values: [{ key: 'a', value: '1' }] }, userMetadataJson: '{"a": 2}' },
				'User Metadata: the key "a" is also in User Metadata (JSON)',
			],
		];
		for (const [options, message] of cases) {
			const result = await runWorkflow(
				chain(manualTrigger(), assetNode({ operation: 'createFromUrl', url: 'https://cdn.example.com/a.mp4', options })),
				harnessOptions(emulator()),
			);
			expect(result.nodeError('Asset')?.message).toContain(message);
		}
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Asset: Wait Until Ready', () => {
	it('returns an asset that is already ready after one look', async () => {
		const asset = emulator().state.addAsset({ filename: 'done.mp4' });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId(asset._id) })),
			harnessOptions(emulator()),
		);
		expect(result.output('Asset')[0].json).toMatchObject({ id: asset._id, status: 'ready' });
		expect(routesSeen(emulator())).toEqual([`GET /assets/${asset._id}`]);
	});

	it('polls a processing asset until it is ready', async () => {
		const asset = emulator().state.addAsset({ readyAfterMs: 30_000 });
		const stop = finishProcessingAfterFirstPoll(emulator());
		try {
			const result = await runWorkflow(
				chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId(asset._id) })),
				harnessOptions(emulator()),
			);
			expect(result.output('Asset')[0].json).toMatchObject({ id: asset._id, status: 'ready' });
		} finally {
			stop();
		}
		expect(routesSeen(emulator())).toEqual([`GET /assets/${asset._id}`, `GET /assets/${asset._id}`]);
	});

	it('gives up after Max Wait with a clear error', async () => {
		const asset = emulator().state.addAsset({ status: 'processing' });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId(asset._id), maxWaitSeconds: 1 })),
			harnessOptions(emulator()),
		);
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe(`Asset ${asset._id} is still processing after 1 s`);
		expect(error.description).toMatch(/Raise Max Wait/);
	});

	it('stops waiting at once when the execution is stopped', async () => {
		const asset = emulator().state.addAsset({ status: 'processing' });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId(asset._id), maxWaitSeconds: 600 })),
			harnessOptions(emulator(), { cancelAfterMs: 300 }),
		);
		expect(result.status).toBe('canceled');
		// One look, then the wait was cut short (a wait of 600 s would outlast the test's timeout).
		expect(routesSeen(emulator())).toEqual([`GET /assets/${asset._id}`]);
	});

	it('fails with the API\'s message for a failed asset', async () => {
		const asset = emulator().state.addAsset({ status: 'failed', filename: 'broken.mov' });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId(asset._id) })),
			harnessOptions(emulator()),
		);
		expect(result.nodeError('Asset')?.message).toBe(`Asset ${asset._id} failed: The file broken.mov could not be processed.`);
	});

	it('refuses an empty asset ID before any request', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'waitUntilReady', assetId: byId('={{ "" }}') })),
			harnessOptions(emulator()),
		);
		expect(result.nodeError('Asset')?.message).toBe('Asset: is empty');
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('TwelveLabs Asset: Delete', () => {
	it('deletes an asset and outputs its id', async () => {
		const asset = emulator().state.addAsset();
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'delete', assetId: byId(asset._id) })),
			harnessOptions(emulator()),
		);
		expect(result.output('Asset')[0].json).toEqual({ id: asset._id, _id: asset._id, deleted: true });
		expect(emulator().requests[0]).toMatchObject({ method: 'DELETE', path: `/assets/${asset._id}`, query: {} });
		expect(emulator().state.getAsset(asset._id)).toBeUndefined();
	});

	it('explains a 409 (still used by indexed assets) and points to Force', async () => {
		const asset = emulator().state.addAsset({ usedByIndex: true });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'delete', assetId: byId(asset._id) })),
			harnessOptions(emulator()),
		);
		const error = result.nodeError('Asset') as Error & { description?: string; httpCode?: string };
		expect(error.httpCode).toBe('409');
		expect(error.message).toContain('[asset_in_use]');
		expect(error.description).toMatch(/^The asset is still used by indexed assets\. Set Force to delete it anyway/);
		expect(emulator().state.getAsset(asset._id)).toBeDefined();
	});

	it('with Force deletes an asset that indexed assets use', async () => {
		const asset = emulator().state.addAsset({ usedByIndex: true });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'delete', assetId: byId(asset._id), force: true })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(emulator().requests[0].query).toEqual({ force: 'true' });
		expect(emulator().state.getAsset(asset._id)).toBeUndefined();
	});

	it('with Continue On Fail, items in = items out, the empty ID caught locally', async () => {
		const kept = emulator().state.addAsset({ usedByIndex: true });
		const gone = emulator().state.addAsset();
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Ids', [{ json: { id: gone._id } }, { json: { id: kept._id } }, { json: { id: '' } }]),
				assetNode({ operation: 'delete', assetId: byId('={{ $json.id }}') }, { onError: 'continueRegularOutput' }),
			),
			harnessOptions(emulator()),
		);
		const items = result.output('Asset');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual({ id: gone._id, _id: gone._id, deleted: true });
		expect(items[1].json.error).toContain('[asset_in_use]');
		expect(items[1].json.errorDescription).toMatch(/Set Force/);
		expect(items[2].json.error).toBe('Asset: is empty');
		expect(emulator().requests).toHaveLength(2);
	});
});

describe('TwelveLabs Asset: Update User Metadata', () => {
	it('merges keys (PATCH) and outputs the updated asset', async () => {
		const asset = emulator().state.addAsset({ user_metadata: { team: 'a', keep: true } });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				assetNode({
					operation: 'updateUserMetadata',
					assetId: byId(asset._id),
					userMetadata: { values: [{ key: 'team', value: 'b' }] },
					userMetadataJson: '{"season": 3}',
				}),
			),
			harnessOptions(emulator()),
		);
		expect(emulator().requests[0]).toMatchObject({ method: 'PATCH', body: { user_metadata: { season: 3, team: 'b' } } });
		expect(result.output('Asset')[0].json).toMatchObject({ id: asset._id, user_metadata: { team: 'b', keep: true, season: 3 } });
	});

	it('replaces all keys (PUT)', async () => {
		const asset = emulator().state.addAsset({ user_metadata: { team: 'a', old: 1 } });
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				assetNode({ operation: 'updateUserMetadata', assetId: byId(asset._id), metadataMode: 'replace', userMetadataJson: { team: 'c' } }),
			),
			harnessOptions(emulator()),
		);
		expect(emulator().requests[0]).toMatchObject({ method: 'PUT', body: { user_metadata: { team: 'c' } } });
		expect(result.output('Asset')[0].json.user_metadata).toEqual({ team: 'c' });
	});

	it('clears all keys (DELETE)', async () => {
		const asset = emulator().state.addAsset({ user_metadata: { team: 'a' } });
		const result = await runWorkflow(
			chain(manualTrigger(), assetNode({ operation: 'updateUserMetadata', assetId: byId(asset._id), metadataMode: 'clear' })),
			harnessOptions(emulator()),
		);
		expect(routesSeen(emulator())).toEqual([`DELETE /assets/${asset._id}/user-metadata`, `GET /assets/${asset._id}`]);
		expect(result.output('Asset')[0].json.user_metadata).toBeUndefined();
	});

	it('refuses bad metadata, an empty update and an empty ID before any request', async () => {
		const asset = emulator().state.addAsset();
		const cases: Array<[INodeParameters, string]> = [
			[{ userMetadataJson: '{"nested": {"a": 1}}' }, 'User Metadata (JSON): the value of "nested" is an object'],
			[{ userMetadataJson: '"text"' }, 'User Metadata (JSON): is a string, not an object of keys and values'],
			[{}, 'User Metadata: is empty'],
			[{ metadataMode: 'replace' }, 'User Metadata: is empty'],
			[{ assetId: byId('={{ "" }}'), userMetadataJson: '{"a": 1}' }, 'Asset: is empty'],
		];
		for (const [parameters, message] of cases) {
			const result = await runWorkflow(
				chain(manualTrigger(), assetNode({ operation: 'updateUserMetadata', assetId: byId(asset._id), ...parameters })),
				harnessOptions(emulator()),
			);
			expect(result.nodeError('Asset')?.message).toContain(message);
		}
		expect(emulator().requests).toHaveLength(0);
	});
});
