import type { IDataObject } from 'n8n-workflow';

/**
 * What one analysis cost, the same on every item of every node (Analyze, Async Task, both
 * triggers). Each field is null when it is not known (or, for segment definitions, when the
 * analysis is not a segmentation); a field is never left out, so expressions and sums need
 * no existence checks.
 */
export interface AnalysisUsage extends IDataObject {
	/** Tokens the input consumed, as TwelveLabs reports them (the document makes them optional). */
	inputTokens: number | null;
	/** Tokens generated, as TwelveLabs reports them. */
	outputTokens: number | null;
	/** Seconds of video analyzed: the clip window when one was set, else the whole video, when known. */
	videoSeconds: number | null;
	/** How many segment definitions a segmentation asked for (TwelveLabs bills each). */
	segmentDefinitions: number | null;
}

export interface UsageSources {
	/**
	 * The API's token usage: `stream_end.metadata.usage` of a streamed answer, `usage` of a
	 * non-streamed one, `result.usage` of a task. Anything else (missing, null, another shape)
	 * counts as unknown.
	 */
	apiUsage?: unknown;
	/** The clip window of the request (`start_time` / `end_time`), as sent or as a task echoes it. */
	startTime?: unknown;
	endTime?: unknown;
	/**
	 * The whole video's length in seconds, from whatever knows it: TwelveLabs' own measurement
	 * (a ready asset's `duration`, a task's `video_source.system_metadata.duration`) or a
	 * pre-flight read of the file's header. Needed only when no clip window bounds the analysis.
	 */
	videoDurationSeconds?: unknown;
	/** The request's `response_format`; its `segment_definitions` are counted. */
	responseFormat?: unknown;
	/** True for a segmentation whose definitions are not all shown (a List answer shows only the first). */
	definitionsCut?: boolean;
	/** True when the analysis is a segmentation even if no definitions are shown. */
	segmentation?: boolean;
}

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A count TwelveLabs reports: a whole number of 0 or more, or unknown. */
function countOf(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

function secondsOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Millisecond precision: subtracting decimal seconds must not print 12.000000000000002. */
const toMilliseconds = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Seconds analyzed. TwelveLabs documents that `start_time` and `end_time` determine the billable
 * duration and that without them billing uses the full video (time ranges inside the window do
 * not shorten it). A window open at one end needs the video's length to be known.
 */
function videoSecondsOf(sources: UsageSources): number | null {
	const start = secondsOf(sources.startTime);
	const end = secondsOf(sources.endTime);
	const duration = secondsOf(sources.videoDurationSeconds);
	if (start === undefined && end === undefined) return duration ?? null;
	const windowEnd = end === undefined ? duration : duration === undefined ? end : Math.min(end, duration);
	if (windowEnd === undefined) return null;
	return toMilliseconds(Math.max(0, windowEnd - (start ?? 0)));
}

function segmentDefinitionsOf(sources: UsageSources): number | null {
	const format = isRecord(sources.responseFormat) ? sources.responseFormat : undefined;
	const isSegmentation = sources.segmentation === true || format?.type === 'segment_definitions';
	if (!isSegmentation || sources.definitionsCut) return null;
	return Array.isArray(format?.segment_definitions) && format.segment_definitions.length > 0 ? format.segment_definitions.length : null;
}

/** The usage of one analysis, from what the API answered and what the request asked for. */
export function analysisUsage(sources: UsageSources): AnalysisUsage {
	const tokens = isRecord(sources.apiUsage) ? sources.apiUsage : {};
	return {
		inputTokens: countOf(tokens.input_tokens),
		outputTokens: countOf(tokens.output_tokens),
		videoSeconds: videoSecondsOf(sources),
		segmentDefinitions: segmentDefinitionsOf(sources),
	};
}
