import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assetIdLocator } from '../../TwelveLabs/params/assetId';
import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { waitForAssetReady } from '../../TwelveLabs/transport/assetReady';
import { maxWaitField } from './assetFields';

const properties: INodeProperties[] = [assetIdLocator({ description: 'The asset to wait for' }), maxWaitField];

export const description = updateDisplayOptions({ show: { operation: ['waitUntilReady'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const assetId = requireId(scope, 'Asset', this.getNodeParameter('assetId', itemIndex, '', { extractValue: true }));
	const maxWaitSeconds = this.getNodeParameter('maxWaitSeconds', itemIndex, 900) as number;
	const asset = await waitForAssetReady(this, assetId, {
		itemIndex,
		maxWaitMs: Math.max(1, Number(maxWaitSeconds) || 900) * 1000,
	});
	return withAssetId(asset);
}
