/**
 * TwelveLabs Analyze with a binary over 30 MB: too big to send inline, so it is uploaded as an
 * asset (streamed, never read whole), the node waits until the asset is ready, and analyzes it
 * by asset ID. The emulator runs on the real clock here so the asset's processing time passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator({ clock: 'realtime', assetProcessingMs: 300 });

const LARGE_BYTES = 31 * 1024 * 1024;
let folder: string;

beforeAll(() => {
	folder = mkdtempSync(join(tmpdir(), 'analyze-large-'));
	const bytes = Buffer.alloc(LARGE_BYTES);
	for (let index = 0; index < bytes.length; index += 4096) bytes[index] = index % 251;
	writeFileSync(join(folder, 'talk.mp4'), bytes);
	writeFileSync(join(folder, 'fail-talk.mp4'), bytes);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function workflow(fileName: string, extra = {}, parameters: IDataObject = {}) {
	return chain(
		manualTrigger(),
		itemsNode('Download', [
			{ json: {}, binary: { data: { filePath: join(folder, fileName), fileName, mimeType: 'video/mp4' } } },
		]),
		twelveLabsNode(
			'twelveLabsAnalyze',
			{ videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize the talk', ...parameters },
			{ name: 'Analyze', ...extra },
		),
	);
}

describe('TwelveLabs Analyze: a binary over 30 MB', () => {
	it('is uploaded as an asset, waited for until ready, and analyzed by asset ID', async () => {
		const result = await runWorkflow(workflow('talk.mp4', {}, { options: { includeUsage: true } }), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		const [item] = result.output('Analyze');
		expect(item.json.text).toContain('Summarize the talk');

		const routes = routesSeen(emulator());
		expect(routes[0]).toBe('POST /assets');
		expect(routes.at(-1)).toBe('POST /analyze');
		const assetId = emulator().state.listAssets()[0]._id;
		expect(routes.slice(1, -1).every((route) => route === `GET /assets/${assetId}`)).toBe(true);
		expect(routes.length).toBeGreaterThanOrEqual(3);

		const analyze = emulator().requests.at(-1)?.body as IDataObject;
		expect(analyze.video).toEqual({ type: 'asset_id', asset_id: assetId });
		expect(JSON.stringify(analyze)).not.toContain('base64');
		const upload = emulator().requests[0].body as { file?: { size: number; filename: string } };
		expect(upload.file).toMatchObject({ size: LARGE_BYTES, filename: 'talk.mp4' });
		// The duration TwelveLabs gave the asset the node waited for is the video seconds analyzed.
		const duration = emulator().state.getAsset(assetId)?.duration;
		expect(duration).toEqual(expect.any(Number));
		expect(item.json.usage).toMatchObject({ videoSeconds: duration });
	});

	it('an asset TwelveLabs cannot process is a clear error naming the asset', async () => {
		const result = await runWorkflow(workflow('fail-talk.mp4', { onError: 'continueRegularOutput' }), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		const assetId = emulator().state.listAssets()[0]._id;
		const [item] = result.output('Analyze');
		expect(item.json.error).toMatch(new RegExp(`^Asset ${assetId} failed: `));
		expect(routesSeen(emulator())).not.toContain('POST /analyze');
	});

	it('is never uploaded when another parameter is wrong', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Download', [
					{ json: {}, binary: { data: { filePath: join(folder, 'talk.mp4'), fileName: 'talk.mp4', mimeType: 'video/mp4' } } },
				]),
				twelveLabsNode(
					'twelveLabsAnalyze',
					{ videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize', options: { temperature: 2 } },
					{ name: 'Analyze' },
				),
			),
			harnessOptions(emulator()),
		);
		expect(result.nodeError('Analyze')?.message).toBe('Temperature: 2 is outside 0 to 1');
		expect(emulator().requests).toEqual([]);
	});

	it('waits for the uploaded asset only as long as Options > Asset Wait says, and names that option', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Download', [
					{ json: {}, binary: { data: { filePath: join(folder, 'talk.mp4'), fileName: 'talk.mp4', mimeType: 'video/mp4' } } },
				]),
				twelveLabsNode(
					'twelveLabsAnalyze',
					{ videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize', options: { assetWait: 0 } },
					{ name: 'Analyze' },
				),
			),
			harnessOptions(emulator()),
		);
		const assetId = emulator().state.listAssets()[0]._id;
		const error = result.nodeError('Analyze') as Error & { description?: string };
		expect(error.message).toBe(`Asset ${assetId} is still processing after 0 s`);
		expect(error.description).toMatch(/^Raise Asset Wait \(Seconds\) in Options \(now 0\)/);
		expect(routesSeen(emulator())).not.toContain('POST /analyze');
	});
});
