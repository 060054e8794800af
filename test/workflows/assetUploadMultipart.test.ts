/**
 * TwelveLabs Asset: Upload of files over 200 MB through TwelveLabs' multipart upload, and the
 * faults it survives. The binaries are sparse files in n8n's filesystem store; the emulator
 * uses 4 MiB chunks, so a 201 MiB file is 51 chunks (one more than the first 50 URLs).
 */
import { runWorkflow } from '../harness';
import { useEmulator } from '../emulator/jest';
import {
	CHUNKS,
	CHUNK_SIZE,
	FILE_SIZE,
	PUT_ROUTE,
	STATUS_ROUTE,
	chunkPuts,
	everyChunk,
	onceSessionExists,
	onlySession,
	reportRequests,
	reportedChunks,
	uploadHarnessOptions,
	uploadWorkflow,
	urlRequests,
} from '../support/multipartUploads';

const emulator = useEmulator({ multipartChunkSize: CHUNK_SIZE });
const options = () => uploadHarnessOptions(emulator());

describe('TwelveLabs Asset: Upload over 200 MB (multipart)', () => {
	it('creates a session, PUTs every chunk without the API key, asks for more URLs, reports in batches, checks the session', async () => {
		const result = await runWorkflow(
			uploadWorkflow({ options: { enableHls: true, userMetadata: { values: [{ key: 'event', value: 'keynote' }] } } }),
			options(),
		);
		expect(result.status).toBe('success');
		const emu = emulator();
		const session = onlySession(emu);
		const [item] = result.output('Asset');
		expect(item.json).toMatchObject({ id: session.assetId, _id: session.assetId, method: 'multipart', filename: 'big-talk.mp4', status: 'processing' });
		expect(item.json.user_metadata).toEqual({ event: 'keynote' });

		expect(emu.requests[0]).toMatchObject({
			method: 'POST',
			path: '/assets/multipart-uploads',
			body: { filename: 'big-talk.mp4', type: 'video', total_size: FILE_SIZE, enable_hls: true, user_metadata: { event: 'keynote' } },
		});
		// Every chunk once, the full size, nothing else sent to the storage; the API key never left the API.
		expect(chunkPuts(emu)).toHaveLength(CHUNKS);
		expect(session.receivedBytes).toBe(FILE_SIZE);
		expect(chunkPuts(emu).every((request) => request.headers['x-api-key'] === undefined && request.status === 200)).toBe(true);
		expect(chunkPuts(emu).every((request) => request.headers['x-emulator-upload'] === '1')).toBe(true);
		// The first 50 URLs came with the session; chunk 51 needed one more.
		expect(urlRequests(emu).map((request) => request.body)).toEqual([{ start: 51, count: 1 }]);
		// Reports in batches of at most 10, every chunk exactly once, with its real size.
		const batches = reportRequests(emu).map((request) => (request.body as { completed_chunks: unknown[] }).completed_chunks);
		expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(CHUNKS / 10));
		expect(batches.every((batch) => batch.length >= 1 && batch.length <= 10)).toBe(true);
		expect(reportedChunks(reportRequests(emu))).toEqual(everyChunk());
		expect(batches.flat()).toContainEqual({ chunk_index: CHUNKS, proof: expect.any(String), proof_type: 'etag', chunk_size: FILE_SIZE - (CHUNKS - 1) * CHUNK_SIZE });
		expect(session.status).toBe('completed');
		// Then the session status, then the asset.
		const tail = emu.requests.slice(-2).map((request) => `${request.method} ${request.path}`);
		expect(tail).toEqual([`GET /assets/multipart-uploads/${session.uploadId}`, `GET /assets/${session.assetId}`]);
	});

	it('never has more chunks in flight than Parallel Chunk Uploads; an audio file is an audio session', async () => {
		let inFlight = 0;
		let most = 0;
		// Every PUT is held a little, so chunks that may overlap do.
		emulator().faults.next(PUT_ROUTE, ...Array.from({ length: CHUNKS }, () => ({ kind: 'delay' as const, ms: 5 })));
		const watcher = setInterval(() => {
			inFlight = chunkPuts(emulator()).filter((request) => request.status === 0).length;
			most = Math.max(most, inFlight);
		}, 1);
		try {
			const result = await runWorkflow(
				uploadWorkflow(
					{ options: { chunkConcurrency: 2, filename: 'Episode 12.mp3' } },
					{ fileName: 'podcast.mp3', mimeType: 'audio/mpeg' },
				),
				options(),
			);
			expect(result.status).toBe('success');
		} finally {
			clearInterval(watcher);
		}
		expect(most).toBeGreaterThanOrEqual(1);
		expect(most).toBeLessThanOrEqual(2);
		expect(emulator().requests[0].body).toMatchObject({ filename: 'Episode 12.mp3', type: 'audio', total_size: FILE_SIZE });
	});

	it('stops with a clear error when the session fails during the upload', async () => {
		emulator().faults.next(PUT_ROUTE, { kind: 'delay', ms: 150 });
		const stop = onceSessionExists(emulator(), (uploadId) => emulator().state.failUpload(uploadId));
		let result;
		try {
			result = await runWorkflow(uploadWorkflow({ options: { chunkConcurrency: 1 } }), options());
		} finally {
			stop();
		}
		const error = result.nodeError('Asset') as Error & { description?: string };
		const uploadId = onlySession(emulator()).uploadId;
		expect(error.message).toBe('The upload did not complete: TwelveLabs marked the upload as failed');
		expect(error.description).toContain(`Upload session ${uploadId}`);
		expect(error.description).toContain('run the node again');
		expect(chunkPuts(emulator())).toHaveLength(1);
		expect(urlRequests(emulator())).toHaveLength(0);
	});

	it('fails clearly when the session is reported failed at the final check', async () => {
		emulator().faults.next(STATUS_ROUTE, {
			kind: 'status',
			status: 200,
			body: {
				upload_id: 'ignored',
				status: 'failed',
				uploaded_chunks: [{ index: 7, status: 'failed', error: 'checksum mismatch' }],
				chunks_completed: CHUNKS - 1,
				chunks_failed: 1,
				chunks_pending: 0,
			},
		});
		const result = await runWorkflow(uploadWorkflow(), options());
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe('The upload did not complete: TwelveLabs marked the upload as failed');
		expect(error.description).toContain('1 failed chunks (chunk 7: checksum mismatch)');
		expect(chunkPuts(emulator())).toHaveLength(CHUNKS);
	});

	it('stops uploading at once when the execution is stopped', async () => {
		emulator().faults.next(PUT_ROUTE, ...Array.from({ length: CHUNKS }, () => ({ kind: 'delay' as const, ms: 40 })));
		const result = await runWorkflow(uploadWorkflow({ options: { chunkConcurrency: 1 } }), { ...options(), cancelAfterMs: 250 });
		emulator().faults.clear();
		expect(result.status).toBe('canceled');
		const sent = chunkPuts(emulator()).length;
		await new Promise((resolve) => setTimeout(resolve, 200));
		// Nothing more went out after the stop, and the upload was far from done.
		expect(chunkPuts(emulator())).toHaveLength(sent);
		expect(sent).toBeLessThan(CHUNKS);
		expect(onlySession(emulator()).status).toBe('active');
	});
});
