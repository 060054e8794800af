import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BinaryInput } from '../execution/binaryInput';
import { binaryAsBase64, fitsInline, readBinaryInput } from '../execution/binaryInput';
import { binaryVideoFile } from '../preflight/binaryVideoFile';
import type { VideoPreflight } from '../preflight/preflightVideo';
import { preflightVideo } from '../preflight/preflightVideo';
import type { VideoRequirements } from '../preflight/videoRequirements';
import { invalidParameter } from '../requests/invalidParameter';
import { legacyVideoIdField, videoFromAssetId, videoFromBase64, videoFromUrl } from '../requests/video';
import { assetIdLocator } from './assetId';
import { withShow } from './propertyLayout';

export type VideoSourceKind = 'url' | 'assetId' | 'binary' | 'videoId';

export interface VideoSourceOptions {
	/** Where the block shows (e.g. the node's operation); merged into every field. */
	displayOptions?: IDisplayOptions;
	/** Offer the legacy indexed-video ID (sync analysis with Pegasus 1.2 only). */
	legacyVideoId?: boolean;
}

/**
 * The video source block: `videoSource` (URL, asset, binary of the input item, or legacy video
 * ID) and the field for each: `videoUrl`, `assetId`, `binaryPropertyName`, `videoId`.
 */
export function videoSourceProperties(options: VideoSourceOptions = {}): INodeProperties[] {
	const { displayOptions } = options;
	const sources = [
		{
			name: 'Asset',
			value: 'assetId',
			description: 'A video already stored in TwelveLabs (its status must be ready)',
		},
		{
			name: 'Binary File',
			value: 'binary',
			description:
				'A file on the input item, e.g. from Google Drive or HTTP Request. Up to 30 MB (30,000,000 bytes) is sent inline; larger files are uploaded as an asset first.',
		},
		{ name: 'URL', value: 'url', description: 'A public direct link to the video file' },
		...(options.legacyVideoId
			? [{ name: 'Video ID (Legacy)', value: 'videoId', description: 'An indexed video, Pegasus 1.2 only' }]
			: []),
	];
	return [
		{
			displayName: 'Video Source',
			name: 'videoSource',
			type: 'options',
			noDataExpression: true,
			options: sources,
			default: 'url',
			description: 'Where the video comes from',
			...(displayOptions ? { displayOptions } : {}),
		},
		{
			displayName: 'Video URL',
			name: 'videoUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://cdn.example.com/video.mp4',
			description:
				'Direct link to the raw video file (not a video page or a cloud-drive share page), 4 seconds to 1 hour long',
			displayOptions: withShow(displayOptions, { videoSource: ['url'] }),
		},
		assetIdLocator({
			description: 'The video asset to analyze; it must have finished processing (status ready)',
			displayOptions: withShow(displayOptions, { videoSource: ['assetId'] }),
		}),
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input field containing the binary file data',
			description:
				"Binary property of the input item that holds the video. Up to 30 MB (30,000,000 bytes) is sent inline; a larger file is uploaded as a TwelveLabs asset first. An MP4 or MOV file's length, size and aspect ratio are checked from its header before anything is sent.",
			displayOptions: withShow(displayOptions, { videoSource: ['binary'] }),
		},
		...(options.legacyVideoId
			? [
					{
						displayName: 'Video ID',
						name: 'videoId',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. 6898f4b2a1c3e5d7f9a0b1c2',
						description: 'The ID of a video in an index (legacy; Pegasus 1.2 only)',
						displayOptions: withShow(displayOptions, { videoSource: ['videoId'] }),
					} satisfies INodeProperties,
				]
			: []),
	];
}

/**
 * What the video source gives: request fields now, or a binary too big to send inline; for a
 * binary, `video` is what its pre-flight found (for the output item).
 */
export type VideoSourceResult = (
	| { fields: IDataObject; largeBinary?: undefined }
	| { fields?: undefined; largeBinary: BinaryInput }
) & { video?: VideoPreflight };

/**
 * Reads and checks the video source of the item, for `model`. A binary is pre-flighted against
 * `requirements` (its own header: duration, size, aspect ratio) before anything is sent. A binary
 * over 30 MB is not read whole: it comes back as `largeBinary`, to be uploaded as an asset once
 * every other check passed.
 */
export async function readVideoSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: string,
	requirements: VideoRequirements,
): Promise<VideoSourceResult> {
	const scope = { node: ctx.getNode(), itemIndex };
	const source = ctx.getNodeParameter('videoSource', itemIndex, 'url') as VideoSourceKind;
	switch (source) {
		case 'url':
			return { fields: { video: videoFromUrl(scope, ctx.getNodeParameter('videoUrl', itemIndex, '')) } };
		case 'assetId':
			return {
				fields: { video: videoFromAssetId(scope, ctx.getNodeParameter('assetId', itemIndex, '', { extractValue: true })) },
			};
		case 'videoId':
			return { fields: legacyVideoIdField(scope, model, ctx.getNodeParameter('videoId', itemIndex, '')) };
		case 'binary': {
			const input = await readBinaryInput(
				ctx,
				itemIndex,
				'Input Binary Field',
				ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
			);
			const video = await preflightVideo(scope, 'Input Binary Field', binaryVideoFile(ctx, itemIndex, input), requirements);
			if (!fitsInline(input)) return { largeBinary: input, video };
			const base64 = await binaryAsBase64(ctx, itemIndex, input, 'Input Binary Field', '');
			return { fields: { video: videoFromBase64(base64) }, video };
		}
		default:
			throw invalidParameter(scope, 'Video Source', `"${String(source)}" is not a video source`, 'Choose URL, Asset or Binary File.');
	}
}
