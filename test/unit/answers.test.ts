import { parseAnswer } from '../../nodes/TwelveLabs/responses/answer';
import { segmentRows, taskItem } from '../../nodes/TwelveLabs/responses/task';

describe('answers', () => {
	it('parses JSON output, and reports truncated JSON instead of parsing garbage', () => {
		expect(parseAnswer('{"a":1}', { structured: true, finishReason: 'stop' })).toMatchObject({ data: { a: 1 }, truncated: false });
		const cut = parseAnswer('{"a":[1,2', { structured: true, finishReason: 'length' });
		expect(cut.data).toBeUndefined();
		expect(cut.truncated).toBe(true);
		expect(cut.warning).toContain('cut off at the token limit');
	});

	it('says plainly when free text was cut off', () => {
		expect(parseAnswer('The video shows', { structured: false, finishReason: 'length' }).warning).toContain('Raise Max Tokens');
		expect(parseAnswer('Done.', { structured: false, finishReason: 'stop' }).warning).toBeUndefined();
	});

	it('flattens segments into rows', () => {
		const data = { goal: [{ start_time: 1, end_time: 5, metadata: { scorer: 'A' } }], foul: [] };
		expect(segmentRows(data)).toEqual([{ definitionId: 'goal', start: 1, end: 5, scorer: 'A' }]);
	});

	it('shapes a ready segmentation task', () => {
		const item = taskItem({
			task_id: 't1',
			status: 'ready',
			request_params: { analysis_mode: 'time_based_metadata' },
			result: { data: JSON.stringify({ goal: [{ start_time: 0, end_time: 4, metadata: {} }] }), finish_reason: 'stop', usage: { output_tokens: 3 } },
		});
		expect(item).toMatchObject({
			taskId: 't1',
			status: 'ready',
			segments: [{ definitionId: 'goal', start: 0, end: 4 }],
			// A segmentation whose definitions the task does not show: the count is unknown, not 0.
			usage: { inputTokens: null, outputTokens: 3, videoSeconds: null, segmentDefinitions: null },
		});
	});

	it('shapes a failed task with its message', () => {
		expect(taskItem({ task_id: 't2', status: 'failed', error: { message: 'Video too short' } })).toMatchObject({ errorMessage: 'Video too short' });
	});
});
