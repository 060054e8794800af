/** The usage builder on every reading the OpenAPI document allows, and on answers it does not. */
import { analysisUsage } from '../../nodes/TwelveLabs/responses/usage';

const NONE = { inputTokens: null, outputTokens: null, videoSeconds: null, segmentDefinitions: null };

describe('analysisUsage', () => {
	it('reads TwelveLabs’ token counts; missing, null or malformed usage is null, never left out', () => {
		expect(analysisUsage({ apiUsage: { input_tokens: 1200, output_tokens: 35 } })).toEqual({ ...NONE, inputTokens: 1200, outputTokens: 35 });
		expect(analysisUsage({ apiUsage: { output_tokens: 35 } })).toEqual({ ...NONE, outputTokens: 35 });
		for (const apiUsage of [undefined, null, 'many', [1, 2], {}]) expect(analysisUsage({ apiUsage })).toEqual(NONE);
		expect(analysisUsage({ apiUsage: { input_tokens: '12', output_tokens: -1 } })).toEqual(NONE);
		expect(analysisUsage({ apiUsage: { input_tokens: 1.5, output_tokens: 0 } })).toEqual({ ...NONE, outputTokens: 0 });
	});

	it('video seconds: the clip window, bounded by the video when its length is known', () => {
		const seconds = (sources: Parameters<typeof analysisUsage>[0]) => analysisUsage(sources).videoSeconds;
		expect(seconds({ startTime: 10, endTime: 40 })).toBe(30);
		expect(seconds({ endTime: 30 })).toBe(30);
		expect(seconds({ startTime: 25 })).toBeNull();
		expect(seconds({ startTime: 25, videoDurationSeconds: 90 })).toBe(65);
		expect(seconds({ startTime: 80, endTime: 200, videoDurationSeconds: 90 })).toBe(10);
		expect(seconds({ videoDurationSeconds: 90 })).toBe(90);
		expect(seconds({ startTime: 0.1, endTime: 12.1 })).toBe(12);
		expect(seconds({ startTime: null, endTime: null, videoDurationSeconds: null })).toBeNull();
		expect(seconds({ startTime: 'soon', videoDurationSeconds: 90 })).toBe(90);
	});

	it('segment definitions: counted for a segmentation, null otherwise or when only some are shown', () => {
		const format = { type: 'segment_definitions', segment_definitions: [{ id: 'a' }, { id: 'b' }] };
		expect(analysisUsage({ responseFormat: format }).segmentDefinitions).toBe(2);
		expect(analysisUsage({ responseFormat: format, definitionsCut: true }).segmentDefinitions).toBeNull();
		expect(analysisUsage({ responseFormat: { type: 'json_schema', json_schema: {} } }).segmentDefinitions).toBeNull();
		expect(analysisUsage({ segmentation: true }).segmentDefinitions).toBeNull();
		expect(analysisUsage({ segmentation: true, responseFormat: { type: 'segment_definitions', segment_definitions: [] } }).segmentDefinitions).toBeNull();
	});
});
