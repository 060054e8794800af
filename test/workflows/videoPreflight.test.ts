/**
 * Pre-flight of binary videos through the nodes, in n8n's filesystem binary mode (the file is
 * streamed from the store): real ffmpeg-made files (test/fixtures/video/) outside TwelveLabs'
 * documented bounds fail before any request reaches the emulator; good files carry `video` on
 * their item; files the reader does not understand pass with a note.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow, standInReads } from '../harness';
import { STAND_IN_BINARY_TYPE, standInBinaryNode, standInBinaryNodeType } from '../support/standInBinaryNode';
import { harnessOptions, nodeTypes, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();
const FIXTURES = join(__dirname, '..', 'fixtures', 'video');

function download(...fileNames: string[]) {
	return itemsNode(
		'Download',
		fileNames.map((fileName) => ({
			json: {},
			binary: { data: { filePath: join(FIXTURES, fileName), fileName, mimeType: fileName.endsWith('.mov') ? 'video/quicktime' : 'video/mp4' } },
		})),
	);
}

function analyze(extra: IDataObject = {}) {
	return twelveLabsNode(
		'twelveLabsAnalyze',
		{ videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Describe the video' },
		{ name: 'Analyze', ...extra },
	);
}

function createTask(parameters: INodeParameters = {}) {
	return twelveLabsNode(
		'twelveLabsAsyncTask',
		{ resource: 'task', operation: 'create', videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Describe', ...parameters },
		{ name: 'Task' },
	);
}

function uploadAsset() {
	return twelveLabsNode('twelveLabsAsset', { operation: 'upload', binaryPropertyName: 'data' }, { name: 'Asset' });
}

/**
 * The too-short fixture (movie box at the end) grown past the 30 MB inline limit by a 31 MiB
 * `free` box before its movie box: a real file Analyze would upload as an asset.
 */
function bigTooShortFile(folder: string): string {
	const fixture = readFileSync(join(FIXTURES, 'too-short-2s.mp4'));
	const moov = fixture.indexOf('moov') - 4;
	const padding = Buffer.alloc(31 * 1024 * 1024);
	padding.writeUInt32BE(padding.length, 0);
	padding.write('free', 4, 'latin1');
	const path = join(folder, 'long-recording.mp4');
	writeFileSync(path, Buffer.concat([fixture.subarray(0, moov), padding, fixture.subarray(moov)]));
	return path;
}

/** Test-only node: the rotated fixture held in memory (base64, no id), as in n8n's default binary mode. */
const MEMORY_VIDEO_TYPE = 'n8n-nodes-test.memoryVideo';
const memoryVideoNode: INodeType = {
	description: {
		displayName: 'Memory Video',
		name: 'memoryVideo',
		group: ['input'],
		version: 1,
		description: 'Emits one item with a video held in memory',
		defaults: { name: 'Memory Video' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const data = readFileSync(join(FIXTURES, 'rotated-portrait-640x360.mp4')).toString('base64');
		return [[{ json: {}, binary: { data: { data, mimeType: 'video/mp4', fileName: 'phone.mp4' } } }]];
	},
};
const testNodeTypes = { ...nodeTypes, [MEMORY_VIDEO_TYPE]: memoryVideoNode, [STAND_IN_BINARY_TYPE]: standInBinaryNodeType };

async function run(...fileNames: string[]) {
	return await runWorkflow(chain(manualTrigger(), download(...fileNames), analyze()), harnessOptions(emulator()));
}

describe('Analyze: pre-flight of a binary video', () => {
	it.each([
		['too-short-2s.mp4', 'is 2 s long; Analyze takes videos of at least 4 seconds'],
		['too-long-7800s.mp4', 'is 2:10:00 (7,800 s) long; Analyze takes videos up to 1 hour'],
		['too-small-160x120.mp4', 'is 160x120 pixels; TwelveLabs takes at least 360x360'],
		['too-wide-1200x360.mp4', 'is 1200x360 pixels, an aspect ratio of 3.33:1; TwelveLabs takes aspect ratios from 1:1 up to 2.4:1 (landscape or portrait)'],
	])('%s fails before any request, naming the file, the value and the limit', async (fileName, problem) => {
		const result = await run(fileName);
		const error = result.nodeError('Analyze') as Error & { description?: string };
		expect(error.message).toBe(`Input Binary Field: the video "${fileName}" (binary field "data") ${problem}`);
		expect(error.description).toMatch(/before sending anything\.$/);
		expect(emulator().requests).toEqual([]);
	});

	it('a file over 30 MB with its movie box at the end fails before it is uploaded as an asset', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'preflight-'));
		try {
			const path = bigTooShortFile(folder);
			const result = await runWorkflow(
				chain(manualTrigger(), itemsNode('Download', [{ json: {}, binary: { data: { filePath: path, fileName: 'long-recording.mp4', mimeType: 'video/mp4' } } }]), analyze()),
				harnessOptions(emulator()),
			);
			expect(result.nodeError('Analyze')?.message).toBe(
				'Input Binary Field: the video "long-recording.mp4" (binary field "data") is 2 s long; Analyze takes videos of at least 4 seconds',
			);
			expect(emulator().requests).toEqual([]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it.each([
		['ok-480x360-6s.mp4', { durationSeconds: 6, width: 480, height: 360, codec: 'avc1' }],
		['moov-at-end-480x360-6s.mp4', { durationSeconds: 6, width: 480, height: 360, codec: 'avc1' }],
		['ok-480x360-6s.mov', { durationSeconds: 6, width: 480, height: 360, codec: 'avc1' }],
		['fragmented-480x360-6s.mp4', { durationSeconds: 6, width: 480, height: 360, codec: 'hvc1' }],
		// Its mvhd states only the 1 s inside the movie box: read alone, it would be refused as too short.
		['fragmented-moov-samples-480x360-6s.mp4', { durationSeconds: 6, width: 480, height: 360, codec: 'avc1' }],
		['rotated-portrait-640x360.mp4', { durationSeconds: 6, width: 360, height: 640, codec: 'avc1' }],
	])('%s is analyzed and its item carries what the header says', async (fileName, video) => {
		const result = await run(fileName);
		expect(result.status).toBe('success');
		const [item] = result.output('Analyze');
		expect(item.json.video).toEqual(video);
		expect(item.json.text).toEqual(expect.any(String));
		expect(routesSeen(emulator())).toEqual(['POST /analyze']);
	});

	it.each([
		['not-a-video.mp4', /^not checked: not a readable MP4\/MOV file, it does not start like an MP4 or MOV file/],
		['truncated.mp4', /^not checked: not a readable MP4\/MOV file, the file ends inside the movie box/],
	])('%s passes unchanged with a note: TwelveLabs judges it', async (fileName, note) => {
		const result = await run(fileName);
		expect(result.status).toBe('success');
		const [item] = result.output('Analyze');
		expect(Object.keys(item.json.video as IDataObject)).toEqual(['preflight']);
		expect((item.json.video as IDataObject).preflight).toMatch(note);
		expect(routesSeen(emulator())).toEqual(['POST /analyze']);
	});

	it('with Continue On Fail, the file out of bounds becomes an error item and the others are analyzed', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), download('ok-480x360-6s.mp4', 'too-short-2s.mp4', 'rotated-portrait-640x360.mp4'), analyze({ onError: 'continueRegularOutput' })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Analyze');
		expect(items).toHaveLength(3);
		expect(items[1].json.error).toBe(
			'Input Binary Field: the video "too-short-2s.mp4" (binary field "data") is 2 s long; Analyze takes videos of at least 4 seconds',
		);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[0].json.video).toMatchObject({ width: 480, height: 360 });
		expect(items[2].json.video).toMatchObject({ width: 360, height: 640 });
		expect(routesSeen(emulator())).toEqual(['POST /analyze', 'POST /analyze']);
	});
});

describe('where n8n keeps the binary', () => {
	it('a video held in memory (no binary id) is read from its bytes', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), { id: 'memory', name: 'Memory', type: MEMORY_VIDEO_TYPE, typeVersion: 1, position: [0, 0], parameters: {} }, analyze()),
			harnessOptions(emulator(), { nodeTypes: testNodeTypes }),
		);
		expect(result.status).toBe('success');
		expect(result.output('Analyze')[0].json.video).toEqual({ durationSeconds: 6, width: 360, height: 640, codec: 'avc1' });
	});

	it("a file over 30 MB in n8n's database store is not read a second time for its header: uploaded with a note", async () => {
		const reads = standInReads.database;
		const result = await runWorkflow(
			chain(manualTrigger(), standInBinaryNode('File', { mode: 'database', size: 40 * 1024 * 1024, fileName: 'talk.mp4', mimeType: 'video/mp4' }), uploadAsset()),
			harnessOptions(emulator(), { nodeTypes: testNodeTypes }),
		);
		expect(result.status).toBe('success');
		expect((result.output('Asset')[0].json.video as IDataObject).preflight).toMatch(/^not checked: n8n's database binary store reads the whole file \(40\.0 MiB\)/);
		expect(standInReads.database - reads).toBe(1);
	});
});

describe('Async Task Create: pre-flight of a binary video', () => {
	it('a video over 2 hours fails before any request, and says how a window allows up to 4 hours', async () => {
		const result = await runWorkflow(chain(manualTrigger(), download('too-long-7800s.mp4'), createTask()), harnessOptions(emulator()));
		const error = result.nodeError('Task') as Error & { description?: string };
		expect(error.message).toBe(
			'Input Binary Field: the video "too-long-7800s.mp4" (binary field "data") is 2:10:00 (7,800 s) long; Async Task takes videos up to 2 hours',
		);
		expect(error.description).toMatch(/^Set Start Time and End Time \(Pegasus 1\.5\) to analyze a window of a video up to 4 hours long/);
		expect(emulator().requests).toEqual([]);
	});

	it('a video over 2 hours is created when Start Time and End Time choose a window (up to 4 hours then)', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), download('too-long-7800s.mp4'), createTask({ model: 'pegasus1.5', options: { clipStart: 0, clipEnd: 60 } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(result.output('Task')[0].json.video).toMatchObject({ durationSeconds: 7800 });
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks']);
	});

	it('a narrow video fails before any request', async () => {
		const result = await runWorkflow(chain(manualTrigger(), download('too-small-160x120.mp4'), createTask()), harnessOptions(emulator()));
		expect(result.nodeError('Task')?.message).toMatch(/"too-small-160x120\.mp4" \(binary field "data"\) is 160x120 pixels; TwelveLabs takes at least 360x360$/);
		expect(emulator().requests).toEqual([]);
	});

	it('a rotated phone video is created, and the task item carries its upright size', async () => {
		const result = await runWorkflow(chain(manualTrigger(), download('rotated-portrait-640x360.mp4'), createTask()), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		const [item] = result.output('Task');
		expect(item.json.taskId).toEqual(expect.any(String));
		expect(item.json.video).toEqual({ durationSeconds: 6, width: 360, height: 640, codec: 'avc1' });
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks']);
	});
});

describe('Asset Upload: pre-flight of a binary video', () => {
	it('uploads what TwelveLabs documents no bound for, and puts what the header says on the item', async () => {
		const result = await runWorkflow(chain(manualTrigger(), download('too-short-2s.mp4', 'moov-at-end-480x360-6s.mp4'), uploadAsset()), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		const items = result.output('Asset');
		expect(items.map((item) => item.json.video)).toEqual([
			{ durationSeconds: 2, width: 480, height: 360, codec: 'avc1' },
			{ durationSeconds: 6, width: 480, height: 360, codec: 'avc1' },
		]);
		expect(routesSeen(emulator())).toEqual(['POST /assets', 'POST /assets']);
	});

	it('a file that is not an MP4/MOV is uploaded with a note', async () => {
		const result = await runWorkflow(chain(manualTrigger(), download('not-a-video.mp4'), uploadAsset()), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect((result.output('Asset')[0].json.video as IDataObject).preflight).toMatch(/^not checked: not a readable MP4\/MOV file/);
	});
});

describe("the header's duration in the item's usage", () => {
	it('Analyze counts the seconds the header states as the video analyzed', async () => {
		const analyzeFull = twelveLabsNode(
			'twelveLabsAnalyze',
			{ videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Describe the video', simplify: false },
			{ name: 'Analyze' },
		);
		const result = await runWorkflow(chain(manualTrigger(), download('moov-at-end-480x360-6s.mp4'), analyzeFull), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect((result.output('Analyze')[0].json.usage as IDataObject).videoSeconds).toBe(6);
	});

	it("Async Task Create counts the clip window, cut at the header's length", async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), download('rotated-portrait-640x360.mp4'), createTask({ options: { clipStart: 2, clipEnd: 60 } })),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect((result.output('Task')[0].json.usage as IDataObject).videoSeconds).toBe(4);
	});
});
