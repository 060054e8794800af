import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VideoSourceResult } from '../../TwelveLabs/params/videoSource';
import { formatBytes } from '../../TwelveLabs/requests/mediaLimits';
import { cancelSignalOf } from '../../TwelveLabs/transport/context';
import { apiRequest } from '../../TwelveLabs/transport/request';
import { waitUntilDone } from '../../TwelveLabs/transport/waitUntilDone';
import { uploadBinaryAsAsset } from '../../TwelveLabs/upload/uploadBinaryAsAsset';

/** How long an uploaded binary may take to become `ready` before the item fails. */
const ASSET_READY_MAX_WAIT_MS = 15 * 60_000;

/**
 * The `video` field of the task. A binary over 30 MB cannot be sent inline: it is uploaded as
 * an asset and given by asset ID once TwelveLabs has processed it. Call this last, after every
 * other check, because an upload sends requests.
 */
export async function videoForTask(ctx: IExecuteFunctions, itemIndex: number, source: VideoSourceResult): Promise<IDataObject> {
	if (source.fields) return source.fields;
	const input = source.largeBinary;
	const uploaded = await uploadBinaryAsAsset(ctx, itemIndex, input.propertyName, { parameterName: 'Input Binary Field' });
	const outcome = await waitUntilDone(
		async () => await apiRequest(ctx, { method: 'GET', path: `/assets/${encodeURIComponent(uploaded.assetId)}`, itemIndex }),
		(asset) => String(asset.status ?? ''),
		{ maxWaitMs: ASSET_READY_MAX_WAIT_MS, initialIntervalMs: 1_000, maxIntervalMs: 15_000, signal: cancelSignalOf(ctx) },
	);
	if (outcome.status !== 'ready') {
		const error = outcome.value.error as IDataObject | undefined;
		const reason =
			outcome.status === 'failed'
				? `TwelveLabs could not process it${typeof error?.message === 'string' ? `: ${error.message}` : ''}`
				: `it was still "${outcome.status}" after ${Math.round(outcome.waitedMs / 60_000)} minutes`;
		throw new NodeOperationError(
			ctx.getNode(),
			`Input Binary Field: the file (${formatBytes(input.bytes)}) was uploaded as asset ${uploaded.assetId}, but ${reason}`,
			{
				itemIndex,
				description:
					outcome.status === 'failed'
						? 'Check that the file is a video TwelveLabs supports (4 s to 2 h, 360x360 to 5184x2160).'
						: `Create the task later with Video Source set to Asset and the ID ${uploaded.assetId}.`,
			},
		);
	}
	return { video: { type: 'asset_id', asset_id: uploaded.assetId } };
}
