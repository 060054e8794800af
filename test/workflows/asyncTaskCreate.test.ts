/**
 * TwelveLabs Async Task, Create: general analysis and segmentation through real workflows
 * against the emulator (which validates every request against the official OpenAPI document),
 * every bad input stopped before a request, and a create never sent twice.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import { harnessOptions, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const VIDEO_URL = 'https://cdn.example.com/match.mp4';

function taskNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode(
		'twelveLabsAsyncTask',
		{ resource: 'task', operation: 'create', videoSource: 'url', videoUrl: VIDEO_URL, ...parameters },
		{ name: 'Task', ...extra },
	);
}

async function create(parameters: INodeParameters) {
	return await runWorkflow(chain(manualTrigger(), taskNode(parameters)), harnessOptions(emulator()));
}

async function getTask(taskId: string, options: INodeParameters = {}) {
	return await runWorkflow(
		chain(
			manualTrigger(),
			twelveLabsNode(
				'twelveLabsAsyncTask',
				{ resource: 'task', operation: 'get', taskId: { __rl: true, mode: 'id', value: taskId }, options },
				{ name: 'Get' },
			),
		),
		harnessOptions(emulator()),
	);
}

/** The bodies of the POST /analyze/tasks requests the emulator received. */
function createBodies(): IDataObject[] {
	return emulator()
		.requests.filter((request) => request.method === 'POST' && request.path === '/analyze/tasks')
		.map((request) => request.body as IDataObject);
}

const SEGMENTATION = { analysisMode: 'segmentation' };

function editorDefinitions(...definitions: INodeParameters[]): INodeParameters {
	return { segmentDefinitionsInput: 'editor', segmentDefinitions: { definitions } };
}

function jsonDefinitions(value: unknown) {
	return { segmentDefinitionsInput: 'json', segmentDefinitionsJson: JSON.stringify(value) };
}

const GOAL: INodeParameters = { id: 'goal', description: 'A player scores a goal' };

describe('TwelveLabs Async Task: Create (general analysis)', () => {
	it('by URL with a plain prompt: sends model_name and analysis_mode explicitly, and outputs the new task', async () => {
		const result = await create({ prompt: 'Summarize the match' });
		expect(result.status).toBe('success');
		expect(createBodies()).toEqual([
			{ model_name: 'pegasus1.5', video: { type: 'url', url: VIDEO_URL }, analysis_mode: 'general', prompt: 'Summarize the match' },
		]);
		const [item] = result.output('Task');
		expect(item.json).toMatchObject({ taskId: expect.any(String), status: 'queued', customId: null });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(emulator().state.getTask(String(item.json.taskId))).toBeDefined();
	});

	it('sends custom_id, temperature, max tokens and the clip window', async () => {
		const result = await create({
			prompt: 'Summarize',
			options: { customId: 'match-42_a', temperature: 0.5, maxTokens: 2048, clipStart: 10, clipEnd: 70 },
		});
		expect(result.status).toBe('success');
		expect(createBodies()[0]).toMatchObject({ custom_id: 'match-42_a', temperature: 0.5, max_tokens: 2048, start_time: 10, end_time: 70 });
		expect(result.output('Task')[0].json.customId).toBe('match-42_a');
	});

	it('a structured prompt with reference images by URL, asset ID and binary', async () => {
		const logo = emulator().state.addAsset({ filename: 'logo.png', file_type: 'image/png' });
		const image = Buffer.from('not really a png');
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Files', [{ json: {}, binary: { badge: { data: image, fileName: 'badge.png', mimeType: 'image/png' } } }]),
				taskNode({
					promptType: 'structured',
					structuredPrompt: 'When do <@ball>, <@logo> and <@badge> appear?',
					referenceImages: {
						images: [
							{ name: 'ball', source: 'url', url: 'https://cdn.example.com/ball.png' },
							{ name: 'logo', source: 'assetId', assetId: logo._id },
							{ name: 'badge', source: 'binary', binaryPropertyName: 'badge' },
						],
					},
				}),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(createBodies()[0].prompt_v2).toEqual({
			input_text: 'When do <@ball>, <@logo> and <@badge> appear?',
			media_sources: [
				{ name: 'ball', media_type: 'image', url: 'https://cdn.example.com/ball.png' },
				{ name: 'logo', media_type: 'image', asset_id: logo._id },
				{ name: 'badge', media_type: 'image', base64_string: image.toString('base64') },
			],
		});
	});

	it('JSON-schema output: the schema is sent, and the ready task gives the parsed JSON', async () => {
		const schema = { type: 'object', properties: { summary: { type: 'string' }, goals: { type: 'integer' } }, required: ['summary'] };
		const result = await create({ prompt: 'Summarize', structuredOutput: 'jsonSchema', jsonSchema: JSON.stringify(schema) });
		expect(createBodies()[0].response_format).toEqual({ type: 'json_schema', json_schema: schema });

		emulator().clock.advance(5000);
		const read = await getTask(String(result.output('Task')[0].json.taskId));
		const [item] = read.output('Get');
		expect(item.json.status).toBe('ready');
		expect(item.json.data).toEqual({ summary: expect.any(String), goals: expect.any(Number) });
		expect(typeof item.json.text).toBe('string');
		expect(item.json.truncated).toBe(false);
	});

	it('output fields built in the editor become a JSON schema', async () => {
		const result = await create({
			prompt: 'Summarize',
			structuredOutput: 'fields',
			outputFields: { fields: [{ name: 'summary', type: 'string', description: 'Two sentences' }, { name: 'mood', type: 'string', enumValues: 'calm, tense' }] },
		});
		expect(result.status).toBe('success');
		expect(createBodies()[0].response_format).toEqual({
			type: 'json_schema',
			json_schema: {
				type: 'object',
				properties: { summary: { type: 'string', description: 'Two sentences' }, mood: { type: 'string', enum: ['calm', 'tense'] } },
				required: ['summary'],
			},
		});
	});

	it('video by asset ID, and from a binary sent inline', async () => {
		const asset = emulator().state.addAsset({ filename: 'match.mp4' });
		await create({ prompt: 'Summarize', videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: asset._id } });
		const bytes = Buffer.from(Array.from({ length: 2048 }, (_, index) => index % 251));
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Files', [{ json: {}, binary: { data: { data: bytes, fileName: 'clip.mp4', mimeType: 'video/mp4' } } }]),
				taskNode({ prompt: 'Summarize', videoSource: 'binary', binaryPropertyName: 'data' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(createBodies().map((body) => body.video)).toEqual([
			{ type: 'asset_id', asset_id: asset._id },
			{ type: 'base64_string', base64_string: bytes.toString('base64') },
		]);
	});

	it('one task per item, each from its own parameters; with Continue On Fail a bad item keeps its place', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Orders', [{ json: { id: 'order-1' } }, { json: { id: 'order 2!' } }, { json: { id: 'order-3' } }]),
				taskNode({ prompt: 'Summarize', options: { customId: '={{ $json.id }}' } }, { onError: 'continueRegularOutput' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Task');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.customId).toBe('order-1');
		expect(items[1].json.error).toBe('Custom ID: contains a space, "!"');
		expect(items[2].json.customId).toBe('order-3');
		expect(createBodies().map((body) => body.custom_id)).toEqual(['order-1', 'order-3']);
	});
});

describe('TwelveLabs Async Task: Create (segmentation)', () => {
	it('definitions built in the editor: fields of every type, reference images, time ranges, time format', async () => {
		const result = await create({
			...SEGMENTATION,
			...editorDefinitions(
				{
					id: 'goal',
					description: 'A player scores a goal',
					fields: {
						fields: [
							{ name: 'scorer', type: 'string', description: 'Who scored', enumValues: 'home, away' },
							{ name: 'assists', type: 'array', description: 'Who assisted', itemType: 'string' },
							{ name: 'kicked_at', type: 'timestamp', description: 'When the ball was kicked', timestampFormat: 'seconds' },
							{ name: 'header', type: 'boolean', description: 'Scored with the head' },
							{ name: 'distance', type: 'number', description: 'Metres from goal' },
						],
					},
					referenceImages: { images: [{ name: 'ball', source: 'url', url: 'https://cdn.example.com/ball.png' }] },
					timeRanges: { ranges: [{ startTime: 0, endTime: 45 }, { startTime: 45, endTime: 90 }] },
				},
				{ id: 'foul', description: 'A foul is committed' },
			),
			options: { segmentTimeFormat: 'hh:mm:ss' },
		});
		expect(result.status).toBe('success');
		expect(createBodies()).toEqual([
			{
				model_name: 'pegasus1.5',
				video: { type: 'url', url: VIDEO_URL },
				analysis_mode: 'time_based_metadata',
				response_format: {
					type: 'segment_definitions',
					segment_time_format: 'hh:mm:ss',
					segment_definitions: [
						{
							id: 'goal',
							description: 'A player scores a goal',
							fields: [
								{ name: 'scorer', type: 'string', description: 'Who scored', enum: ['home', 'away'] },
								{ name: 'assists', type: 'array', description: 'Who assisted', items: { type: 'string' } },
								{ name: 'kicked_at', type: 'timestamp', description: 'When the ball was kicked', format: 'seconds' },
								{ name: 'header', type: 'boolean', description: 'Scored with the head' },
								{ name: 'distance', type: 'number', description: 'Metres from goal' },
							],
							media_sources: [{ name: 'ball', media_type: 'image', url: 'https://cdn.example.com/ball.png' }],
							time_ranges: [
								{ start_time: 0, end_time: 45 },
								{ start_time: 45, end_time: 90 },
							],
						},
						{ id: 'foul', description: 'A foul is committed' },
					],
				},
			},
		]);
	});

	it('segment durations, clip window and max tokens for segmentation', async () => {
		const result = await create({
			...SEGMENTATION,
			...editorDefinitions(GOAL),
			options: { minSegmentDuration: 3, maxSegmentDuration: 20, clipStart: 5, clipEnd: 65, maxTokens: 32768, customId: 'seg-1' },
		});
		expect(result.status).toBe('success');
		expect(createBodies()[0]).toMatchObject({
			analysis_mode: 'time_based_metadata',
			min_segment_duration: 3,
			max_segment_duration: 20,
			start_time: 5,
			end_time: 65,
			max_tokens: 32768,
			custom_id: 'seg-1',
		});
	});

	it('a prompt left in the parameters from General mode is hidden, and never sent with a segmentation', async () => {
		// The editor cannot send a prompt with segmentation (n8n drops hidden parameters); the JSON can, and is refused below.
		const result = await create({ ...SEGMENTATION, prompt: 'Find the goals', structuredPrompt: 'x', ...editorDefinitions(GOAL) });
		expect(result.status).toBe('success');
		expect(createBodies()[0]).not.toHaveProperty('prompt');
		expect(createBodies()[0]).not.toHaveProperty('prompt_v2');
	});

	it('a reference image of a definition from a binary of the input item', async () => {
		const image = Buffer.from('jersey');
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Files', [{ json: {}, binary: { jersey: { data: image, fileName: 'jersey.png', mimeType: 'image/png' } } }]),
				taskNode({
					...SEGMENTATION,
					...editorDefinitions({ ...GOAL, referenceImages: { images: [{ name: 'jersey', source: 'binary', binaryPropertyName: 'jersey' }] } }),
				}),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const definitions = (createBodies()[0].response_format as IDataObject).segment_definitions as IDataObject[];
		expect(definitions[0].media_sources).toEqual([{ name: 'jersey', media_type: 'image', base64_string: image.toString('base64') }]);
	});

	it('definitions as JSON: a list, or a response_format with the durations', async () => {
		await create({ ...SEGMENTATION, ...jsonDefinitions([GOAL]) });
		await create({
			...SEGMENTATION,
			...jsonDefinitions({ response_format: { type: 'segment_definitions', segment_definitions: [GOAL], segment_time_format: 'hh:mm:ss.fff' }, min_segment_duration: 4 }),
		});
		expect(createBodies()).toEqual([
			{
				model_name: 'pegasus1.5',
				video: { type: 'url', url: VIDEO_URL },
				analysis_mode: 'time_based_metadata',
				response_format: { type: 'segment_definitions', segment_definitions: [GOAL] },
			},
			{
				model_name: 'pegasus1.5',
				video: { type: 'url', url: VIDEO_URL },
				analysis_mode: 'time_based_metadata',
				response_format: { type: 'segment_definitions', segment_definitions: [GOAL], segment_time_format: 'hh:mm:ss.fff' },
				min_segment_duration: 4,
			},
		]);
	});

	it('the ready task gives the segments per definition, or one item per segment with Split Into Items', async () => {
		const result = await create({
			...SEGMENTATION,
			...jsonDefinitions([
				{ ...GOAL, fields: [{ name: 'scorer', type: 'string', description: 'Who scored' }] },
				{ id: 'foul', description: 'A foul', fields: [{ name: 'card', type: 'string', description: 'Card shown', enum: ['yellow', 'red'] }] },
			]),
		});
		const taskId = String(result.output('Task')[0].json.taskId);
		emulator().clock.advance(5000);

		const whole = (await getTask(taskId)).output('Get');
		expect(whole).toHaveLength(1);
		const data = whole[0].json.data as Record<string, IDataObject[]>;
		expect(Object.keys(data)).toEqual(['goal', 'foul']);
		expect(data.goal[0]).toEqual({ start_time: expect.any(Number), end_time: expect.any(Number), metadata: { scorer: expect.any(String) } });
		expect(whole[0].json.segments).toHaveLength(4);

		const split = (await getTask(taskId, { splitIntoItems: true })).output('Get');
		expect(split).toHaveLength(4);
		expect(split.map((item) => item.json.definitionId)).toEqual(['goal', 'goal', 'foul', 'foul']);
		expect(split[0].json).toEqual({ definitionId: 'goal', start: expect.any(Number), end: expect.any(Number), scorer: expect.any(String), taskId });
		expect(split[2].json).toMatchObject({ definitionId: 'foul', card: expect.stringMatching(/^(yellow|red)$/) });
		expect(split.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});
});

describe('TwelveLabs Async Task: Create stops bad input before any request, naming the parameter', () => {
	const definitionsOf = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `d${index}`, description: 'x' }));
	const withField = (field: IDataObject) => jsonDefinitions([{ ...GOAL, fields: [{ name: 'f', type: 'string', description: 'd', ...field }] }]);
	const ranged = (...ranges: Array<[number, number]>) =>
		editorDefinitions({ ...GOAL, timeRanges: { ranges: ranges.map(([startTime, endTime]) => ({ startTime, endTime })) } });

	const cases: Array<[string, INodeParameters, string]> = [
		['more than 20 definitions', { ...SEGMENTATION, ...jsonDefinitions(definitionsOf(21)) }, 'Segment Definitions (JSON): 21 definitions given; TwelveLabs accepts at most 20'],
		['duplicate definition IDs', { ...SEGMENTATION, ...editorDefinitions(GOAL, { ...GOAL, description: 'Another' }) }, 'Segment Definitions › goal: the ID "goal" is used twice'],
		['an array field without an item type', { ...SEGMENTATION, ...withField({ type: 'array' }) }, 'Segment Definitions (JSON) › goal › Fields › f: is an array without an item type'],
		['a timestamp field without a format', { ...SEGMENTATION, ...withField({ type: 'timestamp' }) }, 'Segment Definitions (JSON) › goal › Fields › f: is a timestamp without a format'],
		[
			'a timestamp field whose format comes out empty in the editor',
			{ ...SEGMENTATION, ...editorDefinitions({ ...GOAL, fields: { fields: [{ name: 'at', type: 'timestamp', description: 'd', timestampFormat: '={{ "" }}' }] } }) },
			'Segment Definitions › goal › Fields › at: is a timestamp without a format',
		],
		['a format on a non-timestamp field', { ...SEGMENTATION, ...withField({ type: 'number', format: 'seconds' }) }, 'Segment Definitions (JSON) › goal › Fields › f: has a format, but only timestamp fields take one (this one is number)'],
		[
			'more than 100 enum values',
			{ ...SEGMENTATION, ...editorDefinitions({ ...GOAL, fields: { fields: [{ name: 'team', type: 'string', description: 'd', enumValues: Array.from({ length: 101 }, (_, index) => `t${index}`).join(',') }] } }) },
			'Segment Definitions › goal › Fields › team: has 101 allowed values; TwelveLabs accepts at most 100',
		],
		['start_time as a timestamp field', { ...SEGMENTATION, ...withField({ name: 'start_time', type: 'timestamp', format: 'seconds' }) }, 'Segment Definitions (JSON) › goal › Fields › start_time: "start_time" is reserved and cannot be a timestamp field'],
		['end_time as a timestamp field', { ...SEGMENTATION, ...withField({ name: 'end_time', type: 'timestamp', format: 'seconds' }) }, 'Segment Definitions (JSON) › goal › Fields › end_time: "end_time" is reserved and cannot be a timestamp field'],
		['metadata as a timestamp field', { ...SEGMENTATION, ...withField({ name: 'metadata', type: 'timestamp', format: 'hh:mm:ss' }) }, 'Segment Definitions (JSON) › goal › Fields › metadata: "metadata" is reserved and cannot be a timestamp field'],
		['a time range under 2 s', { ...SEGMENTATION, ...ranged([10, 11.5]) }, 'Segment Definitions › goal › Time Ranges: range 1 (10-11.5 s) is 1.5 s long; each range must last at least 2 s'],
		['overlapping time ranges', { ...SEGMENTATION, ...ranged([0, 30], [20, 40]) }, 'Segment Definitions › goal › Time Ranges: ranges 0-30 s and 20-40 s overlap'],
		['time ranges with a clip window', { ...SEGMENTATION, ...ranged([0, 30]), options: { clipStart: 0, clipEnd: 60 } }, 'Segment Definitions › goal › Time Ranges: time ranges cannot be combined with a clip window (Start/End)'],
		['time ranges with a min segment duration', { ...SEGMENTATION, ...ranged([0, 30]), options: { minSegmentDuration: 5 } }, 'Segment Definitions › goal › Time Ranges: time ranges cannot be combined with Min Segment Duration'],
		['time ranges with a max segment duration', { ...SEGMENTATION, ...ranged([0, 30]), options: { maxSegmentDuration: 5 } }, 'Segment Definitions › goal › Time Ranges: time ranges cannot be combined with Max Segment Duration'],
		['a min segment duration above the max', { ...SEGMENTATION, ...editorDefinitions(GOAL), options: { minSegmentDuration: 30, maxSegmentDuration: 10 } }, 'Min Segment Duration: 30 s is above Max Segment Duration (10 s)'],
		['a min segment duration under 2', { ...SEGMENTATION, ...editorDefinitions(GOAL), options: { minSegmentDuration: 1 } }, 'Min Segment Duration: 1 s is under 2 s'],
		['segmentation with Pegasus 1.2', { ...SEGMENTATION, model: 'pegasus1.2', ...editorDefinitions(GOAL) }, 'Model: pegasus1.2 cannot segment videos'],
		['a prompt in the segmentation JSON', { ...SEGMENTATION, ...jsonDefinitions({ prompt: 'Find the goals', response_format: { segment_definitions: [GOAL] } }) }, 'Segment Definitions (JSON): has a "prompt", but segmentation takes no prompt'],
		['a custom ID over 64 characters', { prompt: 'Summarize', options: { customId: 'x'.repeat(65) } }, 'Custom ID: is 65 characters long; TwelveLabs accepts at most 64'],
		['a custom ID with other characters', { prompt: 'Summarize', options: { customId: 'order#12' } }, 'Custom ID: contains "#"'],
		['max tokens under the segmentation range', { ...SEGMENTATION, ...editorDefinitions(GOAL), options: { maxTokens: 2047 } }, 'Max Tokens: 2047 is outside what pegasus1.5 (segmentation) accepts'],
		['max tokens over the segmentation range', { ...SEGMENTATION, ...editorDefinitions(GOAL), options: { maxTokens: 98305 } }, 'Max Tokens: 98305 is outside what pegasus1.5 (segmentation) accepts'],
		['max tokens under the general range', { prompt: 'Summarize', options: { maxTokens: 100 } }, 'Max Tokens: 100 is outside what pegasus1.5 accepts'],
		['no prompt in general mode', { prompt: '' }, 'Prompt: is empty'],
		['a min segment duration given twice', { ...SEGMENTATION, ...jsonDefinitions({ segment_definitions: [GOAL], min_segment_duration: 3 }), options: { minSegmentDuration: 4 } }, 'Min Segment Duration: is set both as an option and as "min_segment_duration" in Segment Definitions (JSON)'],
	];

	it.each(cases)('%s', async (_name, parameters, message) => {
		const result = await create(parameters);
		expect(result.status).toBe('error');
		expect(result.nodeError('Task')?.message).toBe(message);
		expect(emulator().requests).toHaveLength(0);
	});

	it('the segmentation range of max tokens is named in the fix', async () => {
		const result = await create({ ...SEGMENTATION, ...editorDefinitions(GOAL), options: { maxTokens: 1024 } });
		expect((result.nodeError('Task') as Error & { description?: string }).description).toContain('2,048 to 98,304');
	});
});

describe('TwelveLabs Async Task: Create faults', () => {
	it('a 500 on create is not retried, and says the task may exist', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze/tasks' }, { kind: 'status', status: 500, body: { error: { code: 'internal_error', message: 'Something broke' } } });
		const result = await create({ prompt: 'Summarize' });
		const error = result.nodeError('Task') as Error & { httpCode?: string; description?: string };
		expect(error.message).toBe('TwelveLabs: Something broke [internal_error]');
		expect(error.httpCode).toBe('500');
		expect(error.description).toContain('not sent again');
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks']);
	});

	it('a 429 on create is retried: nothing was created', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze/tasks' }, { kind: 'status', status: 429, headers: { 'retry-after': '0' } });
		const result = await create({ prompt: 'Summarize' });
		expect(result.status).toBe('success');
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks', 'POST /analyze/tasks']);
		expect(emulator().state.listTasks()).toHaveLength(1);
	});

	it('an API refusal is shown with its code', async () => {
		const result = await create({ prompt: 'Summarize', videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: 'no-such-asset' } });
		expect(result.nodeError('Task')?.message).toMatch(/^TwelveLabs: .+ \[resource_not_exist\]$/);
		// Sent once; the asset is looked up only to tell a refusal from an asset still processing.
		expect(routesSeen(emulator())).toEqual(['POST /analyze/tasks', 'GET /assets/no-such-asset']);
	});
});
