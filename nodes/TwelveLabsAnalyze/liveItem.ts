import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Forwards one fragment of an item's answer to the streaming client. */
export type SendText = (fragment: string) => Promise<void>;

/** The error as one text for a client: what failed, then how to fix it when the error says. */
function errorText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error && typeof error === 'object' && 'description' in error && typeof error.description === 'string'
			? error.description
			: '';
	return description ? `${message}\n${description}` : message;
}

/** The failure as n8n shows node errors: its own kinds as they are, anything else wrapped. */
function asNodeError(ctx: IExecuteFunctions, itemIndex: number, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

async function closeWithError(ctx: IExecuteFunctions, itemIndex: number, error: unknown): Promise<void> {
	await ctx.sendChunk('error', itemIndex, errorText(error));
	await ctx.sendChunk('end', itemIndex);
}

/**
 * Runs one item with its answer framed for a streaming client (Chat Trigger, or a Webhook set to
 * stream): `begin`, the text as `item` chunks, `error` when the item fails at any point (a
 * parameter, the upload, the request, a stream cut mid-way), then `end`. So the client hears of
 * every failure from the item itself, before its `end`, with Continue On Fail on or off. (With it
 * off, n8n then sends an `error` chunk of its own for the node, after this `end`.)
 * When the workflow does not stream, `run` gets no forwarder and nothing is sent. Either way a
 * failure leaves as n8n's own error kinds (anything else wrapped).
 */
export async function forwardLive<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: (sendText: SendText | undefined) => Promise<T>,
): Promise<T> {
	if (ctx.isStreaming?.() !== true) {
		try {
			return await run(undefined);
		} catch (error) {
			throw asNodeError(ctx, itemIndex, error);
		}
	}
	// Sent before anything can fail, so even a parameter error reaches the client framed.
	await ctx.sendChunk('begin', itemIndex);
	let result: T;
	try {
		result = await run(async (fragment) => await ctx.sendChunk('item', itemIndex, fragment));
	} catch (error) {
		const failure = asNodeError(ctx, itemIndex, error);
		// The item's own failure is the one to report, even if the client could no longer be told.
		await closeWithError(ctx, itemIndex, failure).catch(() => undefined);
		throw failure;
	}
	await ctx.sendChunk('end', itemIndex);
	return result;
}
