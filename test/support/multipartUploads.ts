/**
 * Shared by the multipart-upload workflow tests: a 201 MiB sparse binary (just over the
 * 200 MB direct-upload limit) in 4 MiB chunks is 51 chunks, one more than the 50 presigned
 * URLs a session starts with; and ways to pick the upload's requests out of the emulator's log.
 */
import type { INode, INodeParameters } from 'n8n-workflow';

import type { Emulator, RecordedRequest } from '../emulator';
import { chain, manualTrigger } from '../harness';
import type { HarnessOptions } from '../harness';
import { SPARSE_BINARY_TYPE, sparseBinaryNode, sparseBinaryNodeType } from './sparseBinaryNode';
import { harnessOptions, nodeTypes, twelveLabsNode } from './twelveLabs';

export const MiB = 1024 * 1024;
export const CHUNK_SIZE = 4 * MiB;
export const FILE_SIZE = 201 * MiB + 123;
export const CHUNKS = Math.ceil(FILE_SIZE / CHUNK_SIZE);

export const PUT_ROUTE = { method: 'PUT', path: '/_upload/{upload_id}/{chunk_index}' };
export const REPORT_ROUTE = { method: 'POST', path: '/assets/multipart-uploads/{upload_id}' };
export const STATUS_ROUTE = { method: 'GET', path: '/assets/multipart-uploads/{upload_id}' };

/** Sparse binary -> Asset node (Upload) named 'Asset'. */
export function uploadWorkflow(
	parameters: INodeParameters = {},
	file: { fileName?: string; mimeType?: string } = {},
	extra: Partial<INode> = {},
) {
	return chain(
		manualTrigger(),
		sparseBinaryNode('File', { size: FILE_SIZE, fileName: file.fileName ?? 'big-talk.mp4', mimeType: file.mimeType }),
		twelveLabsNode('twelveLabsAsset', { operation: 'upload', ...parameters }, { name: 'Asset', ...extra }),
	);
}

export function uploadHarnessOptions(emulator: Emulator): HarnessOptions {
	return harnessOptions(emulator, { nodeTypes: { ...nodeTypes, [SPARSE_BINARY_TYPE]: sparseBinaryNodeType } });
}

export const chunkPuts = (emulator: Emulator) => emulator.requests.filter((request) => request.method === 'PUT');
export const urlRequests = (emulator: Emulator) => emulator.requests.filter((request) => request.path.endsWith('/presigned-urls'));
export const reportRequests = (emulator: Emulator) =>
	emulator.requests.filter((request) => request.method === 'POST' && /^\/assets\/multipart-uploads\/[^/]+$/.test(request.path));

/** The chunk indexes of the reports TwelveLabs accepted, in ascending order. */
export function reportedChunks(requests: RecordedRequest[]): number[] {
	return requests
		.filter((request) => request.status === 200)
		.flatMap((request) => (request.body as { completed_chunks: Array<{ chunk_index: number }> }).completed_chunks)
		.map((chunk) => chunk.chunk_index)
		.sort((a, b) => a - b);
}

export const everyChunk = () => Array.from({ length: CHUNKS }, (_, index) => index + 1);

/** Runs `action` as soon as the node has created its upload session (a delayed PUT gives the time). */
export function onceSessionExists(emulator: Emulator, action: (uploadId: string) => void): () => void {
	const timer = setInterval(() => {
		const [uploadId] = emulator.state.uploads.keys();
		if (uploadId !== undefined) {
			clearInterval(timer);
			action(uploadId);
		}
	}, 2);
	return () => clearInterval(timer);
}

/** The one upload session of the test. */
export function onlySession(emulator: Emulator) {
	const [session] = emulator.state.uploads.values();
	if (!session) throw new Error('no upload session was created');
	return session;
}
