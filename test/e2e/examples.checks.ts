/**
 * What each example must have done, beyond the generic checks in examples.e2e.ts (keyed by the
 * example's file name). An example without an entry gets the generic checks only.
 */
import type { Emulator } from '../emulator';
import { DEMO_ASSETS } from '../../scripts/lib/demo-data';
import type { Execution } from '../../scripts/lib/n8n-api';
import type { Sink } from './support/sink';

export type ExampleCheck = (run: {
	execution: Execution;
	sink: Sink;
	emulator: Emulator;
	outputOf: (node: string) => Array<Record<string, unknown>>;
}) => void | Promise<void>;

export const exampleChecks: Record<string, ExampleCheck> = {
	'asset-list-and-get': ({ outputOf }) => {
		// The demo assets are all videos: each is listed, fetched by its ID, and summarised.
		const listed = outputOf('List video assets');
		expect(listed.map((asset) => asset.id).sort()).toEqual(DEMO_ASSETS.map((asset) => asset._id).sort());
		const lines = outputOf('One line per asset');
		expect(lines).toHaveLength(DEMO_ASSETS.length);
		for (const asset of DEMO_ASSETS) {
			expect(lines).toContainEqual({ assetId: asset._id, line: `${asset.filename} (ready, ${asset.duration} s)` });
		}
	},
	'analyze-video-url-to-slack': ({ outputOf, sink, emulator }) => {
		const analyzed = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/analyze');
		expect(analyzed).toHaveLength(1);
		expect(analyzed[0].body).toMatchObject({ video: { type: 'url', url: expect.stringMatching(/^https:\/\//) } });
		const [answer] = outputOf('Summarize the video');
		expect(answer.text).toMatch(/^In response to "Summarize this video/);
		// The message posted is the node's answer, under the video's URL.
		const [message] = sink.to('Post to Slack');
		expect(message.body.text).toContain(String(answer.text));
		expect(message.body.text).toContain((analyzed[0].body as { video: { url: string } }).video.url);
	},
	'segment-video-to-google-sheets': ({ outputOf, sink, emulator }) => {
		const created = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/analyze/tasks');
		expect(created).toHaveLength(1);
		const rows = outputOf('Find the scenes');
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toMatchObject({ definitionId: 'scene', taskId: expect.any(String), start: expect.anything(), end: expect.anything() });
		// One spreadsheet row per scene, each with its times and fields.
		const appended = sink.to('Append a row per scene');
		expect(appended).toHaveLength(rows.length);
		appended.forEach((request, index) => {
			expect(request.body).toMatchObject({
				'columns/value/Start': rows[index].start,
				'columns/value/End': rows[index].end,
				'columns/value/Summary': rows[index].summary,
				'columns/value/Setting': rows[index].setting,
				'columns/value/Task ID': rows[index].taskId,
			});
		});
	},
	'download-upload-analyze': ({ outputOf, sink, emulator }) => {
		// The downloaded file went to TwelveLabs whole, and the analysis used the new asset.
		const [asset] = outputOf('Upload to TwelveLabs');
		expect(asset).toMatchObject({ id: expect.any(String), status: 'ready' });
		expect(emulator.state.getAsset(String(asset.id))?.size).toBe(sink.fileSize);
		const analyzed = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/analyze');
		expect(analyzed.map((request) => request.body)).toEqual([expect.objectContaining({ video: { type: 'asset_id', asset_id: asset.id } })]);
		expect(outputOf('Describe the video')[0].text).toMatch(/^In response to "Describe this video/);
	},
};
