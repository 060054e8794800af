import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The two analysis modes as filters show them (the API value of segmentation is `time_based_metadata`). */
export const ANALYSIS_MODE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'General', value: 'general', description: 'Text or JSON answers to a prompt' },
	{ name: 'Segmentation', value: 'time_based_metadata', description: 'Time-based metadata: segments with fields' },
];

/** The Analysis Mode filter of task lists and the Trigger. */
export const analysisModeFilter: INodeProperties = {
	displayName: 'Analysis Mode',
	name: 'analysisMode',
	type: 'options',
	options: ANALYSIS_MODE_OPTIONS,
	default: 'general',
	description: 'Only tasks of this analysis mode',
};
