import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assetIdLocator } from '../../TwelveLabs/params/assetId';
import { invalidParameter, requireId } from '../../TwelveLabs/requests/invalidParameter';
import type { UserMetadataPair } from '../../TwelveLabs/requests/userMetadata';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { userMetadataJsonField, userMetadataOf, userMetadataPairsField } from './assetFields';

const properties: INodeProperties[] = [
	assetIdLocator({ description: 'The asset whose user metadata to change' }),
	{
		displayName: 'Mode',
		name: 'metadataMode',
		type: 'options',
		default: 'merge',
		options: [
			{ name: 'Clear', value: 'clear', description: 'Remove all user metadata' },
			{ name: 'Merge', value: 'merge', description: 'Add these keys and overwrite them where they exist; keep the others' },
			{ name: 'Replace', value: 'replace', description: 'Replace all user metadata with these keys' },
		],
	},
	{ ...userMetadataPairsField, displayOptions: { show: { metadataMode: ['merge', 'replace'] } } },
	{ ...userMetadataJsonField, displayOptions: { show: { metadataMode: ['merge', 'replace'] } } },
];

export const description = updateDisplayOptions({ show: { operation: ['updateUserMetadata'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const assetId = requireId(scope, 'Asset', this.getNodeParameter('assetId', itemIndex, '', { extractValue: true }));
	const mode = this.getNodeParameter('metadataMode', itemIndex, 'merge') as string;
	if (!['clear', 'merge', 'replace'].includes(mode)) {
		throw invalidParameter(scope, 'Mode', `"${mode}" is not a mode`, 'Use merge, replace or clear.');
	}
	const path = `/assets/${encodeURIComponent(assetId)}/user-metadata`;

	if (mode === 'clear') {
		await apiRequest(this, { method: 'DELETE', path, itemIndex });
	} else {
		const rows = this.getNodeParameter('userMetadata', itemIndex, {}) as { values?: UserMetadataPair[] };
		const json = this.getNodeParameter('userMetadataJson', itemIndex, '{}');
		const metadata = userMetadataOf(scope, rows, json);
		if (Object.keys(metadata).length === 0) {
			throw invalidParameter(
				scope,
				'User Metadata',
				'is empty',
				mode === 'replace' ? 'Add at least one key, or choose the Clear mode to remove all metadata.' : 'Add at least one key to set.',
			);
		}
		await apiRequest(this, {
			method: mode === 'replace' ? 'PUT' : 'PATCH',
			path,
			body: { user_metadata: metadata },
			retry: 'safe',
			itemIndex,
		});
	}
	const asset = await apiRequest(this, { method: 'GET', path: `/assets/${encodeURIComponent(assetId)}`, itemIndex });
	return withAssetId(asset);
}
