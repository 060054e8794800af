import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../transport/request';

export interface PresignedUrl {
	chunk_index: number;
	url: string;
	expires_at?: string;
}

/** TwelveLabs hands out at most 50 presigned URLs per request. */
export const MAX_URLS_PER_REQUEST = 50;
/**
 * Presigned URLs live one hour. Judged by our own clock from when they arrived (the server's
 * clock may differ from ours), with a margin for the upload that is about to use one.
 */
const URL_USABLE_MS = 50 * 60_000;

interface HeldUrl {
	url: string;
	receivedAt: number;
}

/**
 * The presigned chunk URLs of one upload session: those from the session's creation first,
 * then fresh ones, fetched in batches of up to 50 from the first chunk that lacks a usable
 * URL (because they ran out, expired, or were refused).
 */
export class PresignedUrls {
	private readonly urls = new Map<number, HeldUrl>();
	private readonly fetches: Array<{ start: number; end: number; done: Promise<void> }> = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly session: { uploadId: string; totalChunks: number; itemIndex: number },
		initial: PresignedUrl[] | undefined,
	) {
		this.store(initial);
	}

	/** A URL for the chunk, fetching a fresh batch when there is none that is still usable. */
	async urlFor(chunkIndex: number): Promise<string> {
		for (let attempt = 0; attempt < 2; attempt++) {
			const held = this.urls.get(chunkIndex);
			if (held && Date.now() - held.receivedAt < URL_USABLE_MS) return held.url;
			await this.fetchFrom(chunkIndex);
		}
		throw new NodeOperationError(this.ctx.getNode(), `TwelveLabs gave no upload URL for chunk ${chunkIndex}`, {
			itemIndex: this.session.itemIndex,
			description: `Upload session ${this.session.uploadId}: the presigned-URL request answered without that chunk.`,
		});
	}

	/** The chunk went up: its URL is spent. */
	used(chunkIndex: number): void {
		this.urls.delete(chunkIndex);
	}

	/** The URL was refused (expired or already used): the next `urlFor` fetches a fresh one. */
	refused(chunkIndex: number, url: string): void {
		if (this.urls.get(chunkIndex)?.url === url) this.urls.delete(chunkIndex);
	}

	private store(urls: PresignedUrl[] | undefined): void {
		const receivedAt = Date.now();
		for (const entry of urls ?? []) {
			if (typeof entry?.url === 'string' && Number.isInteger(entry.chunk_index)) {
				this.urls.set(entry.chunk_index, { url: entry.url, receivedAt });
			}
		}
	}

	private async fetchFrom(start: number): Promise<void> {
		// Chunks uploaded in parallel often need the same batch: fetch it once.
		const pending = this.fetches.find((fetch) => start >= fetch.start && start <= fetch.end);
		if (pending) {
			await pending.done;
			if (this.urls.has(start)) return;
		}
		const count = Math.min(MAX_URLS_PER_REQUEST, this.session.totalChunks - start + 1);
		const fetch = {
			start,
			end: start + count - 1,
			done: apiRequest<{ upload_urls?: PresignedUrl[] }>(this.ctx, {
				method: 'POST',
				path: `/assets/multipart-uploads/${encodeURIComponent(this.session.uploadId)}/presigned-urls`,
				body: { start, count },
				// Asking again for URLs creates nothing new: safe to retry.
				retry: 'safe',
				itemIndex: this.session.itemIndex,
			}).then((answer) => this.store(answer.upload_urls)),
		};
		this.fetches.push(fetch);
		try {
			await fetch.done;
		} finally {
			this.fetches.splice(this.fetches.indexOf(fetch), 1);
		}
	}
}
