import type { INode } from 'n8n-workflow';

import { customIdField } from '../../nodes/TwelveLabs/requests/customId';
import type { SegmentDefinition, SegmentationInput } from '../../nodes/TwelveLabs/requests/segments';
import {
	checkSegmentDefinitions,
	parseSegmentationJson,
	segmentDefinitionsFromEditor,
	segmentationBody,
} from '../../nodes/TwelveLabs/requests/segments';
import { errorOf } from '../support/nodeStub';

const node: INode = { id: '1', name: 'Task', type: 'x.task', typeVersion: 1, position: [0, 0], parameters: {} };
const scope = { node, itemIndex: 2 };
const PARAM = 'Segment Definitions';


const goal: SegmentDefinition = { id: 'goal', description: 'A goal is scored' };

function body(definitions: SegmentDefinition[], extra: Partial<SegmentationInput> = {}, model = 'pegasus1.5') {
	return segmentationBody(scope, model, { definitions, parameter: PARAM, clipWindowSet: false, ...extra });
}

describe('segment definitions from the editor', () => {
	it('builds the API shape, keeping only what each type takes', () => {
		const definitions = segmentDefinitionsFromEditor(scope, PARAM, [
			{
				id: ' goal ',
				description: 'A goal is scored',
				fields: [
					{ name: 'scorer', type: 'string', description: 'Who scored', enumValues: 'home, away ,', timestampFormat: 'seconds' },
					{ name: 'assists', type: 'array', description: 'Who assisted', itemType: 'string', enumValues: 'x' },
					{ name: 'kickoff_at', type: 'timestamp', description: 'When', timestampFormat: 'hh:mm:ss', itemType: 'string' },
				],
				referenceImages: [{ name: 'ball', source: 'url', url: 'https://cdn.example.com/ball.png' }],
				timeRanges: [{ startTime: 0, endTime: 30 }],
			},
		]);
		expect(definitions).toEqual([
			{
				id: 'goal',
				description: 'A goal is scored',
				fields: [
					{ name: 'scorer', type: 'string', description: 'Who scored', enum: ['home', 'away'] },
					{ name: 'assists', type: 'array', description: 'Who assisted', items: { type: 'string' } },
					{ name: 'kickoff_at', type: 'timestamp', description: 'When', format: 'hh:mm:ss' },
				],
				media_sources: [{ name: 'ball', media_type: 'image', url: 'https://cdn.example.com/ball.png' }],
				time_ranges: [{ start_time: 0, end_time: 30 }],
			},
		]);
	});

	it('names the definition of a bad reference image', () => {
		const five = Array.from({ length: 5 }, (_, index) => ({ name: `i${index}`, source: 'url' as const, url: 'https://x/i.png' }));
		expect(errorOf(() => segmentDefinitionsFromEditor(scope, PARAM, [{ id: 'goal', description: 'd', referenceImages: five }])).message).toBe(
			'Segment Definitions › goal › Reference Images: 5 images given; TwelveLabs accepts at most 4',
		);
	});
});

describe('segment definition rules', () => {
	const check = (definitions: SegmentDefinition[]) => errorOf(() => checkSegmentDefinitions(scope, PARAM, definitions));
	const withField = (field: object) => [{ ...goal, fields: [{ name: 'f', type: 'string', description: 'd', ...field }] }] as SegmentDefinition[];

	it('accepts 1 to 20 definitions with unique ids', () => {
		const twenty = Array.from({ length: 20 }, (_, index) => ({ id: `d${index}`, description: 'x' }));
		expect(() => checkSegmentDefinitions(scope, PARAM, twenty)).not.toThrow();
		expect(check([...twenty, { id: 'd20', description: 'x' }]).message).toBe('Segment Definitions: 21 definitions given; TwelveLabs accepts at most 20');
		expect(check([]).message).toBe('Segment Definitions: no segment definitions are given');
		expect(check([goal, { ...goal }]).message).toBe('Segment Definitions › goal: the ID "goal" is used twice');
		expect(check([{ id: ' ', description: 'x' }]).message).toBe('Segment Definitions › definition 1: has no ID');
		expect(check([{ id: 'a', description: '' }]).message).toBe('Segment Definitions › a: has no description');
	});

	it('wants an item type on arrays, and only there', () => {
		expect(check(withField({ type: 'array' })).message).toBe('Segment Definitions › goal › Fields › f: is an array without an item type');
		expect(check(withField({ type: 'array', items: { type: 'object' } })).message).toContain('"object" is not an item type');
		expect(check(withField({ type: 'string', items: { type: 'string' } })).message).toContain('only array fields take one');
		expect(() => checkSegmentDefinitions(scope, PARAM, withField({ type: 'array', items: { type: 'integer' } }))).not.toThrow();
	});

	it('wants a format on timestamps, and only there', () => {
		expect(check(withField({ type: 'timestamp' })).message).toBe('Segment Definitions › goal › Fields › f: is a timestamp without a format');
		expect(check(withField({ type: 'timestamp', format: 'minutes' })).message).toContain('"minutes" is not a timestamp format');
		expect(check(withField({ type: 'number', format: 'seconds' })).message).toBe(
			'Segment Definitions › goal › Fields › f: has a format, but only timestamp fields take one (this one is number)',
		);
		expect(check(withField({ type: 'timestamp', format: 'seconds', enum: ['1'] })).message).toContain('cannot have allowed values');
	});

	it.each(['start_time', 'end_time', 'metadata'])('refuses the reserved name %s for a timestamp field', (name) => {
		expect(check(withField({ name, type: 'timestamp', format: 'seconds' })).message).toBe(
			`Segment Definitions › goal › Fields › ${name}: "${name}" is reserved and cannot be a timestamp field`,
		);
		expect(() => checkSegmentDefinitions(scope, PARAM, withField({ name, type: 'string' }))).not.toThrow();
	});

	it('allows up to 100 enum values', () => {
		const values = (count: number) => Array.from({ length: count }, (_, index) => `v${index}`);
		expect(() => checkSegmentDefinitions(scope, PARAM, withField({ enum: values(100) }))).not.toThrow();
		expect(check(withField({ enum: values(101) })).message).toBe('Segment Definitions › goal › Fields › f: has 101 allowed values; TwelveLabs accepts at most 100');
	});

	it('checks field names, types and descriptions', () => {
		expect(check(withField({ type: 'date' })).message).toContain('"date" is not a field type');
		expect(check(withField({ description: ' ' })).message).toBe('Segment Definitions › goal › Fields › f: has no description');
		expect(check(withField({ name: '' })).message).toBe('Segment Definitions › goal › Fields › field 1: has no name');
		const twice = [{ ...goal, fields: [{ name: 'f', type: 'string', description: 'd' }, { name: 'f', type: 'number', description: 'd' }] }];
		expect(check(twice).message).toContain('is defined twice');
	});

	it('wants time ranges of 2 s or more that do not overlap (touching is fine)', () => {
		const ranges = (...pairs: Array<[number, number]>) => [{ ...goal, time_ranges: pairs.map(([start_time, end_time]) => ({ start_time, end_time })) }];
		expect(() => checkSegmentDefinitions(scope, PARAM, ranges([0, 5], [5, 10], [20, 22]))).not.toThrow();
		expect(check(ranges([0, 1.5])).message).toBe('Segment Definitions › goal › Time Ranges: range 1 (0-1.5 s) is 1.5 s long; each range must last at least 2 s');
		expect(check(ranges([10, 5])).message).toContain('is empty');
		expect(check(ranges([10, 20], [0, 12])).message).toBe('Segment Definitions › goal › Time Ranges: ranges 0-12 s and 10-20 s overlap');
		expect(check(ranges([-1, 5])).message).toContain('0 seconds or more');
	});
});

describe('segmentation body', () => {
	it('builds analysis_mode, response_format and the durations', () => {
		expect(body([goal], { minSegmentDuration: 2, maxSegmentDuration: 30, segmentTimeFormat: 'hh:mm:ss' })).toEqual({
			analysis_mode: 'time_based_metadata',
			response_format: { type: 'segment_definitions', segment_definitions: [goal], segment_time_format: 'hh:mm:ss' },
			min_segment_duration: 2,
			max_segment_duration: 30,
		});
		expect(body([goal])).toEqual({ analysis_mode: 'time_based_metadata', response_format: { type: 'segment_definitions', segment_definitions: [goal] } });
	});

	it('refuses Pegasus 1.2, but not a model it does not know', () => {
		expect(errorOf(() => body([goal], {}, 'pegasus1.2')).message).toBe('Model: pegasus1.2 cannot segment videos');
		expect(() => body([goal], {}, 'pegasus1.6')).not.toThrow();
	});

	it('checks the segment durations', () => {
		expect(errorOf(() => body([goal], { minSegmentDuration: 1 })).message).toBe('Min Segment Duration: 1 s is under 2 s');
		expect(errorOf(() => body([goal], { maxSegmentDuration: 1.5 })).message).toBe('Max Segment Duration: 1.5 s is under 2 s');
		expect(errorOf(() => body([goal], { minSegmentDuration: 20, maxSegmentDuration: 10 })).message).toBe(
			'Min Segment Duration: 20 s is above Max Segment Duration (10 s)',
		);
		expect(() => body([goal], { minSegmentDuration: 10, maxSegmentDuration: 10 })).not.toThrow();
	});

	it('refuses time ranges together with a clip window or segment durations', () => {
		const ranged = [{ ...goal, time_ranges: [{ start_time: 0, end_time: 10 }] }];
		expect(errorOf(() => body(ranged, { clipWindowSet: true })).message).toBe(
			'Segment Definitions › goal › Time Ranges: time ranges cannot be combined with a clip window (Start/End)',
		);
		expect(errorOf(() => body(ranged, { minSegmentDuration: 5 })).message).toContain('cannot be combined with Min Segment Duration');
		expect(errorOf(() => body(ranged, { maxSegmentDuration: 5 })).message).toContain('cannot be combined with Max Segment Duration');
	});

	it('checks the segment time format', () => {
		expect(errorOf(() => body([goal], { segmentTimeFormat: 'ms' })).message).toBe('Segment Time Format: "ms" is not a time format');
	});
});

describe('segment definitions as JSON', () => {
	const JSON_PARAM = 'Segment Definitions (JSON)';
	const parse = (value: unknown) => parseSegmentationJson(scope, JSON_PARAM, value);

	it('takes a list of definitions', () => {
		expect(parse('[{"id":"goal","description":"A goal","fields":[{"name":"n","type":"string","description":"d"}]}]')).toEqual({
			definitions: [{ id: 'goal', description: 'A goal', fields: [{ name: 'n', type: 'string', description: 'd' }] }],
			segmentTimeFormat: undefined,
			minSegmentDuration: undefined,
			maxSegmentDuration: undefined,
		});
	});

	it('takes a response_format, alone or with the durations', () => {
		const format = { type: 'segment_definitions', segment_time_format: 'hh:mm:ss.fff', segment_definitions: [goal] };
		expect(parse(format)).toMatchObject({ definitions: [goal], segmentTimeFormat: 'hh:mm:ss.fff' });
		expect(parse({ analysis_mode: 'time_based_metadata', response_format: format, min_segment_duration: 3 })).toMatchObject({
			definitions: [goal],
			segmentTimeFormat: 'hh:mm:ss.fff',
			minSegmentDuration: 3,
		});
	});

	it('checks reference images as the editor does', () => {
		const parsed = parse([{ ...goal, media_sources: [{ name: 'logo', media_type: 'image', asset_id: 'a1' }] }]);
		expect(parsed.definitions[0].media_sources).toEqual([{ name: 'logo', media_type: 'image', asset_id: 'a1' }]);
		expect(errorOf(() => parse([{ ...goal, media_sources: [{ name: 'logo', url: 'https://x/a.png', asset_id: 'a1' }] }])).message).toBe(
			'Segment Definitions (JSON) › goal › media_sources: source 1 sets url and asset_id',
		);
	});

	it('points at what is wrong, with its path', () => {
		expect(errorOf(() => parse('[{"id":')).message).toMatch(/^Segment Definitions \(JSON\): is not valid JSON/);
		expect(errorOf(() => parse('')).message).toBe('Segment Definitions (JSON): is empty');
		expect(errorOf(() => parse([{ id: 'goal' }])).message).toBe('Segment Definitions (JSON): [0].description: Required');
		expect(errorOf(() => parse([{ ...goal, timeRanges: [] }])).message).toContain("Unrecognized key(s) in object: 'timeRanges'");
		expect(errorOf(() => parse([{ ...goal, time_ranges: [{ start_time: '0', end_time: 5 }] }])).message).toBe(
			'Segment Definitions (JSON): [0].time_ranges[0].start_time: Expected number, received string',
		);
	});

	it('says that segmentation takes no prompt', () => {
		expect(errorOf(() => parse({ prompt: 'Find goals', response_format: { segment_definitions: [goal] } })).message).toBe(
			'Segment Definitions (JSON): has a "prompt", but segmentation takes no prompt',
		);
	});
});

describe('custom ID', () => {
	it('sends 1 to 64 letters, digits, - and _; leaves out an empty one', () => {
		expect(customIdField(scope, ' order-12_a ')).toEqual({ custom_id: 'order-12_a' });
		expect(customIdField(scope, '')).toEqual({});
		expect(customIdField(scope, 'x'.repeat(64))).toEqual({ custom_id: 'x'.repeat(64) });
		const long = errorOf(() => customIdField(scope, 'x'.repeat(65)));
		expect(long.message).toBe('Custom ID: is 65 characters long; TwelveLabs accepts at most 64');
		expect(long.itemIndex).toBe(2);
		expect(errorOf(() => customIdField(scope, 'order 12/a')).message).toBe('Custom ID: contains a space, "/"');
	});
});
