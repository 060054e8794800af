import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterScope } from '../requests/invalidParameter';
import { readSeconds } from './seconds';

export const ASSET_WAIT_PARAMETER = 'Asset Wait (Seconds)';
const DEFAULT_ASSET_WAIT_SECONDS = 900;

/** The Options field that bounds how long an analysis waits for its asset to be ready. */
export function assetWaitOption(): INodeProperties {
	return {
		displayName: ASSET_WAIT_PARAMETER,
		name: 'assetWait',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: DEFAULT_ASSET_WAIT_SECONDS,
		description:
			'How long to wait for the asset to finish processing before analyzing it: a picked asset that is still processing, or a binary over 30 MB (30,000,000 bytes) this node uploaded. 0 fails at once if the asset is not ready.',
	};
}

/** The asset wait of an Options collection, in ms. */
export function readAssetWaitMs(scope: ParameterScope, options: IDataObject): number {
	return Math.round(readSeconds(scope, ASSET_WAIT_PARAMETER, options.assetWait, DEFAULT_ASSET_WAIT_SECONDS, 0) * 1000);
}

/** What the user can do when the asset is still processing when the wait ends. */
export function assetWaitFix(maxWaitMs: number): string {
	return `Raise ${ASSET_WAIT_PARAMETER} in Options (now ${Math.round(maxWaitMs / 1000)}), or run the item again once the asset is ready (the Asset node's Wait Until Ready operation waits for it). Big files can take several minutes to process.`;
}
