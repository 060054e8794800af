import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AssetListFilters } from '../../TwelveLabs/requests/assetList';
import { assetListQuery } from '../../TwelveLabs/requests/assetList';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { listItems } from '../../TwelveLabs/transport/paginate';
import { readListSelection, returnAllAndLimitProperties } from '../../TwelveLabs/params/listSelection';

const properties: INodeProperties[] = [
	...returnAllAndLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Asset IDs',
				name: 'assetIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6898f4b2a1c3e5d7f9a0b1c2, 6898f4b2a1c3e5d7f9a0b1c3',
				description: 'Only these assets. Separate IDs with commas.',
			},
			{
				displayName: 'Asset Types',
				name: 'assetTypes',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Audio', value: 'audio' },
					{ name: 'Image', value: 'image' },
					{ name: 'Video', value: 'video' },
				],
				description: 'Only assets of these types',
			},
			{
				displayName: 'Filename Contains',
				name: 'filename',
				type: 'string',
				default: '',
				placeholder: 'e.g. keynote',
				description: 'Only assets whose filename contains this text (case-insensitive)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['list'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const selection = readListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as AssetListFilters;
	const qs = assetListQuery({ node: this.getNode(), itemIndex }, filters);
	const assets = await listItems<IDataObject>(
		this,
		{ method: 'GET', path: '/assets', qs, itemIndex },
		selection,
	);
	return assets.map(withAssetId);
}
