import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from './idLocator';

/** An asset picked from a searchable list or typed as an ID. */
export function assetIdLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return idLocator(
		{
			displayName: 'Asset',
			name: 'assetId',
			noun: 'asset',
			searchListMethod: 'searchAssets',
			firstMode: 'list',
			description: 'The asset to use',
		},
		overrides,
	);
}
