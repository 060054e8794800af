import { batchItemRequest, duplicateCustomIds, inBatches } from '../../nodes/TwelveLabs/requests/batch';
import { batchResultOutput } from '../../nodes/TwelveLabs/responses/batch';
import { nodeNamed } from '../support/nodeStub';

const node = nodeNamed('TwelveLabs Async Task');

describe('Batch requests', () => {
	it('a task body becomes a batch request: the prompt as {input_text}, a structured prompt as is, mode and model left to the batch', () => {
		expect(batchItemRequest({ model_name: 'pegasus1.5', analysis_mode: 'general', prompt: 'Summarize', custom_id: 'a', max_tokens: 600 })).toEqual({
			prompt: { input_text: 'Summarize' },
			custom_id: 'a',
			max_tokens: 600,
		});
		const structured = { input_text: 'Is <@logo> shown?', media_sources: [{ name: 'logo', media_type: 'image', url: 'https://x.test/l.png' }] };
		expect(batchItemRequest({ prompt_v2: structured })).toEqual({ prompt: structured });
		const segmentation = { analysis_mode: 'time_based_metadata', response_format: { type: 'segment_definitions', segment_definitions: [] }, min_segment_duration: 2 };
		expect(batchItemRequest(segmentation)).toEqual({ response_format: segmentation.response_format, min_segment_duration: 2 });
	});

	it('splits entries into groups of at most 1,000, in order', () => {
		const groups = inBatches(Array.from({ length: 2001 }, (_, index) => index));
		expect(groups.map((group) => group.length)).toEqual([1000, 1000, 1]);
		expect(groups[2]).toEqual([2000]);
	});

	it('a duplicate custom ID fails the later items, naming the first', () => {
		const entries = ['a', 'b', 'a', undefined, 'a'].map((id, itemIndex) => ({ itemIndex, request: id ? { custom_id: id } : {} }));
		const duplicates = duplicateCustomIds((itemIndex) => ({ node, itemIndex }), entries);
		expect([...duplicates.keys()]).toEqual([2, 4]);
		expect(duplicates.get(4)?.message).toBe('Custom ID: "a" is also the custom ID of item 1; TwelveLabs needs each custom ID once per batch');
	});
});

describe('Batch result lines as items', () => {
	const ready = (data: string) => ({ task_id: 't1', custom_id: 'c1', status: 'ready', data: { generation_id: 'g', data, finish_reason: 'stop', usage: { output_tokens: 10, input_tokens: 5 } } });

	it('read on their own: a JSON answer is parsed, plain text stays text', () => {
		const [json] = batchResultOutput(ready('{"title":"Launch"}'), { batchId: 'b1', analysisMode: 'general' });
		expect(json).toMatchObject({ batchId: 'b1', taskId: 't1', customId: 'c1', status: 'ready', data: { title: 'Launch' }, usage: { inputTokens: 5, outputTokens: 10 } });
		const [text] = batchResultOutput(ready('The keynote covers {nothing} else.'), { batchId: 'b1', analysisMode: 'general' });
		expect(text).not.toHaveProperty('data');
		expect(text).not.toHaveProperty('warning');
	});

	it('with the request the node sent: the clip window gives the video seconds, a schema makes broken JSON a warning', () => {
		const sentRequest = { start_time: 10, end_time: 70, response_format: { type: 'json_schema', json_schema: {} } };
		const [item] = batchResultOutput(ready('not json'), { batchId: 'b1', analysisMode: 'general', sentRequest, jsonSchema: true });
		expect(item.usage).toEqual({ inputTokens: 5, outputTokens: 10, videoSeconds: 60, segmentDefinitions: null });
		expect(item.warning).toMatch(/expected to be JSON/);
	});

	it('a segmentation answer gives segments, or one row per segment with Split Into Items', () => {
		const line = ready(JSON.stringify({ goal: [{ start_time: 1, end_time: 5, metadata: { scorer: 'Kane' } }] }));
		const [item] = batchResultOutput(line, { batchId: 'b1', analysisMode: 'time_based_metadata' });
		expect(item.segments).toEqual([{ definitionId: 'goal', start: 1, end: 5, scorer: 'Kane' }]);
		expect(batchResultOutput(line, { batchId: 'b1', analysisMode: 'time_based_metadata' }, true)).toEqual([
			{ definitionId: 'goal', start: 1, end: 5, scorer: 'Kane', taskId: 't1', batchId: 'b1', customId: 'c1' },
		]);
	});

	it('a failed item carries the error message and code', () => {
		const [item] = batchResultOutput({ task_id: 't2', custom_id: null, status: 'failed', error: { code: 'asset_unavailable', message: 'The asset could not be read.' } }, { batchId: 'b1' });
		expect(item).toMatchObject({ status: 'failed', customId: null, errorMessage: 'The asset could not be read.', errorCode: 'asset_unavailable' });
	});
});
