import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assetIdLocator } from '../../TwelveLabs/params/assetId';
import { requireId } from '../../TwelveLabs/requests/invalidParameter';
import { apiRequest } from '../../TwelveLabs/transport/request';

const properties: INodeProperties[] = [
	assetIdLocator({ description: 'The asset to delete. This cannot be undone.' }),
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description:
			'Whether to delete the asset even when indexed assets still use it (they lose their link to it). Without it, such an asset is not deleted.',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const assetId = requireId(scope, 'Asset', this.getNodeParameter('assetId', itemIndex, '', { extractValue: true }));
	const force = this.getNodeParameter('force', itemIndex, false) as boolean;
	await apiRequest(this, {
		method: 'DELETE',
		path: `/assets/${encodeURIComponent(assetId)}`,
		qs: force ? { force: true } : undefined,
		itemIndex,
		explain: (status) =>
			status === 409
				? 'The asset is still used by indexed assets. Set Force to delete it anyway (the indexed assets lose their link to it).'
				: undefined,
	});
	return { id: assetId, _id: assetId, deleted: true };
}
