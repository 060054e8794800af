import type { IExecuteFunctions } from 'n8n-workflow';

import { apiRequest } from '../transport/request';

// A type alias (not an interface) so that it fits IDataObject, the request body type.
export type CompletedChunk = {
	chunk_index: number;
	proof: string;
	proof_type: 'etag';
	chunk_size: number;
};

/** Chunks reported per call (TwelveLabs' SDKs report 10 at a time). */
export const REPORT_BATCH_SIZE = 10;

/**
 * Tells TwelveLabs which chunks arrived, in batches, one call at a time and in the background
 * of the upload. The first failed report is kept in `failure` (uploads stop) and thrown by
 * `finish`. The call is retried on 5xx: TwelveLabs ignores chunks reported twice.
 */
export class ChunkReporter {
	failure: unknown;
	private pending: CompletedChunk[] = [];
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly uploadId: string,
		private readonly itemIndex: number,
	) {}

	add(chunk: CompletedChunk): void {
		this.pending.push(chunk);
		if (this.pending.length >= REPORT_BATCH_SIZE) this.flush();
	}

	/** Reports what is left and waits for every report; throws the first failure. */
	async finish(): Promise<void> {
		this.flush();
		await this.queue;
		if (this.failure !== undefined) throw this.failure;
	}

	private flush(): void {
		const batch = this.pending.splice(0);
		if (batch.length === 0) return;
		this.queue = this.queue
			.then(async () => {
				if (this.failure !== undefined) return;
				await apiRequest(this.ctx, {
					method: 'POST',
					path: `/assets/multipart-uploads/${encodeURIComponent(this.uploadId)}`,
					body: { completed_chunks: batch.sort((a, b) => a.chunk_index - b.chunk_index) },
					retry: 'safe',
					itemIndex: this.itemIndex,
				});
			})
			.catch((error: unknown) => {
				this.failure ??= error;
			});
	}
}
