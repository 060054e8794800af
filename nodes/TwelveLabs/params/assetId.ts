import type { INodeProperties } from 'n8n-workflow';

/** An asset picked from a searchable list or typed as an ID. */
export function assetIdLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Asset',
		name: 'assetId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The asset to use',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an asset...',
				typeOptions: { searchListMethod: 'searchAssets', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6898f4b2a1c3e5d7f9a0b1c2',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\S+$', errorMessage: 'An asset ID has no spaces' },
					},
				],
			},
		],
		...overrides,
	};
}
