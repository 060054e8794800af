/**
 * What a run of an example must have done: the generic checks every example gets (checkExampleRun)
 * and, keyed by the example's file name, what each one must have done beyond them. Used by
 * examples.e2e.ts (one n8n process) and queue.e2e.ts (workers of a queue-mode cluster).
 */
import type { Emulator } from '../emulator';
import { DEMO_ASSETS } from '../../scripts/lib/demo-data';
import { type Example, PACKAGE_PREFIX, packageTypesUsed, triggerOf } from '../../scripts/lib/examples';
import type { Execution } from '../../scripts/lib/n8n-api';
import { packageNodes } from '../../scripts/lib/package';
import { errorsOf, outputOf } from './support/n8n';
import type { Sink } from './support/sink';
import type { StandIn } from './support/standIns';

/** The e2e file that publishes the examples each trigger starts. */
const TRIGGER_SUITES: Record<string, string> = {
	[`${PACKAGE_PREFIX}twelveLabsTrigger`]: 'trigger.e2e.ts',
	[`${PACKAGE_PREFIX}twelveLabsWebhookTrigger`]: 'queueWebhook.e2e.ts',
};

/** Why an example is not run by a manual start: a node the package does not list yet, or another trigger. */
export function exampleSkipReason(example: Example): string | undefined {
	const listed = new Set(packageNodes().map((node) => `${PACKAGE_PREFIX}${node.name}`));
	const missing = packageTypesUsed(example.workflow).filter((type) => !listed.has(type.replace(/Tool$/, '')));
	if (missing.length > 0) return `needs ${missing.join(', ')}, which package.json does not list yet`;
	const trigger = triggerOf(example.workflow);
	if (trigger && trigger.type !== 'n8n-nodes-base.manualTrigger') return `started by ${trigger.type}: run by ${TRIGGER_SUITES[trigger.type] ?? 'no e2e file yet'}`;
	return undefined;
}

/**
 * The stored execution of an example succeeded, every node ran, every TwelveLabs node produced
 * items, every destination received what its expressions say (none left empty), then the
 * example's own checks.
 */
export async function checkExampleRun(run: { example: Example; execution: Execution; standIns: StandIn[]; sink: Sink; emulator: Emulator }): Promise<void> {
	const { example, execution, standIns, sink, emulator } = run;
	expect(errorsOf(execution)).toEqual([]);
	expect(execution.status).toBe('success');
	expect(emulator.violations).toEqual([]);

	// Every node ran (a disconnected or never-reached node is a broken example).
	expect(Object.keys(execution.data.resultData.runData).sort()).toEqual(example.workflow.nodes.map((node) => node.name).sort());
	const packageNodesWithoutItems = example.workflow.nodes
		.filter((node) => node.type.startsWith(PACKAGE_PREFIX) && outputOf(execution, node.name).length === 0)
		.map((node) => node.name);
	expect(packageNodesWithoutItems).toEqual([]);
	for (const standIn of standIns) {
		const received = sink.to(standIn.node);
		expect(`${standIn.node}: ${received.length} requests`).toBe(`${standIn.node}: ${outputOf(execution, standIn.node).length} requests`);
		// An expression that resolved to nothing names a field the node's output does not have.
		const emptyFields = received.flatMap((request) =>
			Object.entries(standIn.fields)
				.filter(([field, original]) => original.startsWith('=') && /^(|undefined|null|\[object Object\])$/.test(String(request.body[field] ?? '')))
				.map(([field]) => `${standIn.node}: ${field}`),
		);
		expect(emptyFields).toEqual([]);
	}
	await exampleChecks[example.slug]?.({ execution, sink, emulator, outputOf: (node: string) => outputOf(execution, node) });
}

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
	'batch-videos-to-google-sheets': ({ outputOf, sink, emulator }) => {
		// Every URL became an asset, and all of them went to TwelveLabs in one batch (no task one by one).
		const videos = outputOf('One item per video');
		expect(videos.length).toBeGreaterThan(1);
		const batches = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/analyze/batches');
		expect(batches).toHaveLength(1);
		const sent = (batches[0].body as { requests: Array<{ custom_id: string; video: { asset_id: string } }> }).requests;
		expect(sent.map((request) => request.custom_id)).toEqual(videos.map((video) => video.id));
		// Each batch request names the asset made from its own video's URL (the emulator names an asset after the URL's file).
		const assets = sent.map((request) => emulator.state.getAsset(request.video.asset_id));
		expect(assets.map((asset) => [asset?.method, asset?.filename])).toEqual(videos.map((video) => ['url', String(video.url).split('/').pop()]));
		expect(emulator.requests.some((request) => request.path.startsWith('/analyze/tasks'))).toBe(false);
		// One answer per video, in the list's order, each carrying its own custom ID.
		const answers = outputOf('Summarize all videos in one batch');
		expect(answers.map((answer) => answer.customId)).toEqual(videos.map((video) => video.id));
		for (const answer of answers) expect(answer).toMatchObject({ status: 'ready', batchStatus: 'completed', text: expect.stringMatching(/^In response to "Summarize this video/) });
		// One spreadsheet row per video: its ID and URL beside its own answer.
		const rows = sink.to('Append a row per video');
		expect(rows).toHaveLength(videos.length);
		rows.forEach((row, index) => {
			expect(row.body).toMatchObject({
				'columns/value/Video ID': videos[index].id,
				'columns/value/Video URL': videos[index].url,
				'columns/value/Summary': answers[index].text,
				'columns/value/Status': 'ready',
				'columns/value/Task ID': answers[index].taskId,
				'columns/value/Batch ID': answers[index].batchId,
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
