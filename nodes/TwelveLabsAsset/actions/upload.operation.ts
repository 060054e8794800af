import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	DEFAULT_UPLOAD_CONCURRENCY,
	MAX_UPLOAD_CONCURRENCY,
	uploadBinaryAsAsset,
} from '../../TwelveLabs/upload/uploadBinaryAsAsset';
import { ASSET_UPLOAD } from '../../TwelveLabs/preflight/videoRequirements';
import { MAX_WHOLE_READ_BYTES } from '../../TwelveLabs/upload/binaryStorage';
import { assetSettingsOf, assetSettingsOptions, createdAssetOutput, waitFields } from './assetFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		placeholder: 'e.g. data',
		hint: 'The name of the input binary field containing the file to be uploaded',
		description: `Video or audio up to 10 GB (files over 200 MB, i.e. 200,000,000 bytes, are uploaded in chunks), images up to 32 MB. Streamed from n8n's filesystem or S3 binary storage; n8n's database binary mode (the queue-mode default) does not stream, so from there at most ${MAX_WHOLE_READ_BYTES / 1024 / 1024} MiB.`,
	},
	...waitFields('upload'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...assetSettingsOptions,
			{
				displayName: 'Multipart Upload',
				name: 'multipartUpload',
				type: 'boolean',
				default: true,
				description:
					'Whether to upload files over 200 MB (200,000,000 bytes) in chunks with TwelveLabs multipart upload (up to 10 GB). When off, such files are refused.',
			},
			{
				displayName: 'Parallel Chunk Uploads',
				name: 'chunkConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_UPLOAD_CONCURRENCY },
				default: DEFAULT_UPLOAD_CONCURRENCY,
				description:
					'How many chunks of a multipart upload are sent at once. Each one in flight holds one chunk (5-100 MB) in memory.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['upload'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings = assetSettingsOf(this, itemIndex, options);
	const uploaded = await uploadBinaryAsAsset(this, itemIndex, String(binaryPropertyName ?? ''), {
		...settings,
		allowMultipart: options.multipartUpload !== false,
		concurrency: typeof options.chunkConcurrency === 'number' ? options.chunkConcurrency : undefined,
		videoRequirements: ASSET_UPLOAD,
	});
	const output = await createdAssetOutput(this, itemIndex, uploaded.asset);
	return uploaded.video ? { ...output, video: { ...uploaded.video } } : output;
}
