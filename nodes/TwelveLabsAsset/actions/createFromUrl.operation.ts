import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireAssetUrl } from '../../TwelveLabs/requests/assetUpload';
import { createAssetFromUrl } from '../../TwelveLabs/upload/urlAsset';
import { assetSettingsOf, assetSettingsOptions, createdAssetOutput, waitFields } from './assetFields';

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://cdn.example.com/videos/keynote.mp4',
		description:
			'Public direct link to the video, audio or image file (video and audio up to 4 GB). TwelveLabs downloads it.',
	},
	...waitFields('createFromUrl'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: assetSettingsOptions,
	},
];

export const description = updateDisplayOptions({ show: { operation: ['createFromUrl'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = { node: this.getNode(), itemIndex };
	const url = requireAssetUrl(scope, 'URL', this.getNodeParameter('url', itemIndex, ''));
	const settings = assetSettingsOf(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const asset = await createAssetFromUrl(this, itemIndex, url, settings);
	return await createdAssetOutput(this, itemIndex, asset);
}
