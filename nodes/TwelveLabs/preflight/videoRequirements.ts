/**
 * What TwelveLabs documents about the videos an operation takes. Each bound is the loosest the
 * sources give, so the node never refuses a file the live API may accept:
 * - [SPEC] the official OpenAPI document (2025-07-30 copy in test/emulator/twelvelabs-openapi.json),
 *   "Input requirements" of `POST /analyze` and `POST /analyze/tasks`: 4 s to 1 h (sync) or 2 h
 *   (tasks); 360x360 to 5184x2160 px; aspect ratio between 1:1 and 1:2.4 or 2.4:1 and 1:1. The same
 *   for Pegasus 1.2 and 1.5 (the document states no per-model bounds).
 * - [DRIFT] later copies of the same document (../shared/twelvelabs-api.md section 6): tasks take
 *   videos up to 4 h when an analysis window (start/end time) is set.
 * - `POST /assets`: "Asset creation does not enforce a maximum duration" and states no resolution
 *   bounds, so a plain upload is read (for the item's `video` field) but never refused.
 */
export interface VideoRequirements {
	/** The operation, for messages, e.g. "Analyze (POST /analyze)". */
	operation: string;
	minSeconds?: number;
	maxSeconds?: number;
	/** The shorter side at least this many pixels. */
	minShortSide?: number;
	/** 5184x2160 in either orientation: the longer side at most 5184, the shorter at most 2160. */
	maxLongSide?: number;
	maxShortSide?: number;
	/** Longer side over shorter side. */
	maxAspectRatio?: number;
	/** What else the user can do when the video is too long. */
	tooLongFix?: string;
}

const PEGASUS_PICTURE = { minShortSide: 360, maxLongSide: 5184, maxShortSide: 2160, maxAspectRatio: 2.4 } as const;

/** `POST /analyze` (the Analyze node): [SPEC] 4 s to 1 h. */
export const SYNC_ANALYSIS: VideoRequirements = {
	operation: 'Analyze',
	minSeconds: 4,
	maxSeconds: 3600,
	...PEGASUS_PICTURE,
	tooLongFix: 'Analyze takes videos up to 1 hour; the Async Task node (Create) takes up to 2 hours.',
};

/** `POST /analyze/tasks` (Async Task → Create): [SPEC] 4 s to 2 h; [DRIFT] 4 h with an analysis window. */
export function taskAnalysis(analysisWindow: boolean): VideoRequirements {
	return {
		operation: 'Async Task',
		minSeconds: 4,
		maxSeconds: analysisWindow ? 4 * 3600 : 2 * 3600,
		...PEGASUS_PICTURE,
		tooLongFix: analysisWindow
			? 'TwelveLabs analyzes videos up to 4 hours when Start Time and End Time choose a window. Split the video into shorter parts first.'
			: 'Set Start Time and End Time (Pegasus 1.5) to analyze a window of a video up to 4 hours long, or split the video into parts of at most 2 hours.',
	};
}

/** `POST /assets`: no documented bounds; the file is only read for the item. */
export const ASSET_UPLOAD: VideoRequirements = { operation: 'Asset upload' };

/**
 * Aspect ratios are compared with 1% to spare: the API rounds sizes such as 2560x1066 (2.4015:1)
 * in ways the document does not state, and a refusal here could not be overridden.
 */
export const ASPECT_RATIO_TOLERANCE = 1.01;
