import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assetIdLocator } from '../../TwelveLabs/params/assetId';
import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { apiRequest } from '../../TwelveLabs/transport/request';

const properties: INodeProperties[] = [assetIdLocator({ description: 'The asset to retrieve' })];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const assetId = requireId(scope, 'Asset', this.getNodeParameter('assetId', itemIndex, '', { extractValue: true }));
	const asset = await apiRequest(this, {
		method: 'GET',
		path: `/assets/${encodeURIComponent(assetId)}`,
		itemIndex,
	});
	return withAssetId(asset);
}
