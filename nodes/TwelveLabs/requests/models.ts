/**
 * What each Pegasus model accepts, as far as it is known locally. Model names are open-ended
 * (the API adds models): an unknown model gets the loosest bounds of any known one and no
 * feature checks, so a local check never rejects what the live API may accept.
 */
export const PEGASUS_1_5 = 'pegasus1.5';
export const PEGASUS_1_2 = 'pegasus1.2';
export const DEFAULT_MODEL = PEGASUS_1_5;

export type AnalysisMode = 'sync' | 'general' | 'segmentation';

export interface ModelRules {
	known: boolean;
	maxTokens: { min: number; max: number };
	/** Pegasus 1.5 features: clip window, structured prompt, reference images, timestamp type, segmentation. */
	pegasus15Features: boolean;
	/** The legacy `video_id` source (indexed videos). */
	legacyVideoId: boolean;
}

/** 1.2 accepts 1 (seed docs) to 4,096; 1.5 accepts 512 (2,048 when segmenting) to 98,304 (spec). */
export function modelRules(model: string, mode: AnalysisMode): ModelRules {
	if (model === PEGASUS_1_2) {
		return { known: true, maxTokens: { min: 1, max: 4096 }, pegasus15Features: false, legacyVideoId: true };
	}
	if (model === PEGASUS_1_5) {
		return {
			known: true,
			maxTokens: { min: mode === 'segmentation' ? 2048 : 512, max: 98_304 },
			pegasus15Features: true,
			legacyVideoId: false,
		};
	}
	return { known: false, maxTokens: { min: 1, max: 98_304 }, pegasus15Features: true, legacyVideoId: true };
}
