import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AssetListFilters } from '../../TwelveLabs/requests/assetList';
import { assetListQuery } from '../../TwelveLabs/requests/assetList';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { listItems } from '../../TwelveLabs/transport/paginate';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
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
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as AssetListFilters;
	const qs = assetListQuery({ node: this.getNode(), itemIndex }, filters);
	const assets = await listItems<IDataObject>(
		this,
		{ method: 'GET', path: '/assets', qs, itemIndex },
		{ returnAll, limit },
	);
	return assets.map(withAssetId);
}
