import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../transport/request';

/**
 * After an upload failed half-way: deletes the asset TwelveLabs made for it (a multipart
 * session creates its asset up front, and this node cannot resume a session), and returns
 * `failure` to throw, with what became of the asset added to its description. The deletion
 * never replaces the upload's own error. Its errors come from the transport, which already
 * keeps the API key out of them.
 */
export async function withUnfinishedAssetRemoved(
	ctx: IExecuteFunctions,
	itemIndex: number,
	assetId: string,
	failure: unknown,
): Promise<Error> {
	let outcome: string;
	try {
		await apiRequest(ctx, { method: 'DELETE', path: `/assets/${encodeURIComponent(assetId)}`, itemIndex });
		outcome = `The unfinished asset ${assetId} was deleted at TwelveLabs.`;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		outcome = `The unfinished asset ${assetId} could not be deleted (${reason}): delete it with the Asset node's Delete operation.`;
	}
	const error =
		failure instanceof NodeOperationError || failure instanceof NodeApiError
			? failure
			: new NodeOperationError(ctx.getNode(), failure instanceof Error ? failure : String(failure), { itemIndex });
	error.description = error.description ? `${error.description} ${outcome}` : outcome;
	return error;
}
