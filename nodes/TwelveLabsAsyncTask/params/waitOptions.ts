import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { readSeconds } from '../../TwelveLabs/params/seconds';
import type { ParameterScope } from '../../TwelveLabs/requests/invalidParameter';

export const DEFAULT_MAX_WAIT_SECONDS = 600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
/** Polls slow down x1.5 each time up to this interval. */
export const MAX_POLL_INTERVAL_MS = 30_000;

/** Max Wait and Poll Interval, as fields of a node's Options collection. */
export function waitOptionFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	const shown = displayOptions ? { displayOptions } : {};
	return [
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: DEFAULT_MAX_WAIT_SECONDS,
			description:
				'How long to wait for the task to finish. After that the output item says the task is still running and carries its ID, so a later Wait or Get can pick up the result.',
			...shown,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.05, numberPrecision: 2 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: `Time before the first status check; each later check waits 1.5 times longer, up to ${MAX_POLL_INTERVAL_MS / 1000} seconds`,
			...shown,
		},
	];
}

export interface WaitSettings {
	maxWaitMs: number;
	initialIntervalMs: number;
}

/** The wait settings of an Options collection. */
export function readWaitSettings(scope: ParameterScope, options: IDataObject): WaitSettings {
	return {
		maxWaitMs: Math.round(readSeconds(scope, 'Max Wait (Seconds)', options.maxWait, DEFAULT_MAX_WAIT_SECONDS, 0) * 1000),
		initialIntervalMs: Math.round(readSeconds(scope, 'Poll Interval (Seconds)', options.pollInterval, DEFAULT_POLL_INTERVAL_SECONDS, 0.05) * 1000),
	};
}
