import type { IDataObject, INode } from 'n8n-workflow';

import { readNdjsonBatches } from '../TwelveLabs/transport/ndjson';

/** What one sync analysis streamed, assembled. */
export interface StreamedAnalysis {
	text: string;
	finishReason?: string;
	generationId?: string;
	/** `stream_end.metadata.usage` as TwelveLabs sent it (read by the usage builder). */
	usage?: IDataObject;
	/** TwelveLabs' note on `stream_end` (given on truncation; its wording is not part of the contract). */
	errorMessage?: string;
}

export interface StreamReadOptions {
	node: INode;
	itemIndex: number;
	/** Called with each text fragment as it arrives (to forward it live). */
	onText?: (fragment: string) => Promise<void> | void;
}

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isStreamEnd = (event: unknown) => isRecord(event) && event.event_type === 'stream_end';

/**
 * Reads the NDJSON events of `POST /analyze` (`stream_start`, `text_generation`…, `stream_end`).
 * Event types this code does not know are skipped, so new ones do not break it; a malformed
 * line, a cut connection or a missing `stream_end` is an error (from the NDJSON reader).
 */
export async function readAnalyzeStream(
	stream: AsyncIterable<Uint8Array | string>,
	options: StreamReadOptions,
): Promise<StreamedAnalysis> {
	const parts: string[] = [];
	const result: StreamedAnalysis = { text: '' };
	const { onText } = options;
	const batches = readNdjsonBatches(stream, { node: options.node, itemIndex: options.itemIndex, isEnd: isStreamEnd });
	for await (const events of batches) {
		// Joined into one flat string per batch, so a long answer does not keep millions of
		// fragments alive (`+=` would build a rope that holds every fragment until the end).
		const batchText: string[] = [];
		for (const event of events) {
			if (!isRecord(event)) continue;
			if (event.event_type === 'text_generation') {
				const fragment = event.text;
				if (typeof fragment === 'string' && fragment) {
					batchText.push(fragment);
					// Awaited only when forwarding: one await per fragment is the cost of a live answer.
					if (onText) await onText(fragment);
				}
				continue;
			}
			const metadata = isRecord(event.metadata) ? event.metadata : undefined;
			if (typeof metadata?.generation_id === 'string') result.generationId = metadata.generation_id;
			if (event.event_type === 'stream_end') {
				if (typeof event.finish_reason === 'string') result.finishReason = event.finish_reason;
				if (isRecord(metadata?.usage)) result.usage = metadata.usage;
				if (isRecord(event.error) && typeof event.error.message === 'string') result.errorMessage = event.error.message;
			}
		}
		if (batchText.length) parts.push(batchText.join(''));
	}
	result.text = parts.join('');
	return result;
}
