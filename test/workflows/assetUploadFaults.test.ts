/**
 * TwelveLabs Asset: the faults a multipart upload (files over 200 MB) survives, injected by
 * the emulator: failing chunk PUTs, expired presigned URLs, a failing report call. Sparse
 * binaries in n8n's filesystem store; 4 MiB chunks, so a 201 MiB file is 51 chunks.
 */
import { runWorkflow } from '../harness';
import { useEmulator } from '../emulator/jest';
import {
	CHUNKS,
	CHUNK_SIZE,
	PUT_ROUTE,
	REPORT_ROUTE,
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

describe('TwelveLabs Asset: multipart upload faults it survives', () => {
	it('retries a chunk PUT that fails twice, then goes on', async () => {
		emulator().faults.next(PUT_ROUTE, { kind: 'status', status: 500, body: '' }, { kind: 'reset' });
		const result = await runWorkflow(uploadWorkflow({ options: { chunkConcurrency: 1 } }), options());
		expect(result.status).toBe('success');
		const sent = chunkPuts(emulator());
		expect(sent).toHaveLength(CHUNKS + 2);
		expect(sent.slice(0, 3).map((request) => [request.path, request.status])).toEqual([
			[sent[0].path, 500],
			[sent[0].path, 0],
			[sent[0].path, 200],
		]);
		expect(onlySession(emulator()).status).toBe('completed');
	});

	it('gives up on a chunk whose PUT keeps failing, naming the chunk and the session', async () => {
		emulator().faults.next(PUT_ROUTE, ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503, body: '' })));
		const result = await runWorkflow(uploadWorkflow({ options: { chunkConcurrency: 1 } }), options());
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe(`Chunk 1 of ${CHUNKS} could not be uploaded: the storage answered 503`);
		expect(error.description).toContain(onlySession(emulator()).uploadId);
		expect(chunkPuts(emulator())).toHaveLength(4);
		expect(reportRequests(emulator())).toHaveLength(0);
	});

	it('replaces presigned URLs that expired with fresh ones', async () => {
		// The first PUT is held while the emulated clock moves past the URLs' one-hour life.
		emulator().faults.next(PUT_ROUTE, { kind: 'delay', ms: 150 });
		const stop = onceSessionExists(emulator(), () => emulator().clock.advance(61 * 60_000));
		try {
			const result = await runWorkflow(uploadWorkflow({ options: { chunkConcurrency: 1 } }), options());
			expect(result.status).toBe('success');
		} finally {
			stop();
		}
		const sent = chunkPuts(emulator());
		expect(sent[0].status).toBe(403);
		expect(sent.slice(1).every((request) => request.status === 200)).toBe(true);
		expect(sent).toHaveLength(CHUNKS + 1);
		// A 403 first checks the session is still active, then asks for 50 fresh URLs from that chunk.
		const uploadId = onlySession(emulator()).uploadId;
		const afterRefusal = emulator().requests.slice(emulator().requests.indexOf(sent[0]) + 1, emulator().requests.indexOf(sent[0]) + 3);
		expect(afterRefusal.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /assets/multipart-uploads/${uploadId}`,
			`POST /assets/multipart-uploads/${uploadId}/presigned-urls`,
		]);
		expect(urlRequests(emulator()).map((request) => request.body)).toEqual([
			{ start: 1, count: 50 },
			{ start: 51, count: 1 },
		]);
	});

	it('retries a report that answers 503', async () => {
		emulator().faults.next(REPORT_ROUTE, { kind: 'status', status: 503 });
		const result = await runWorkflow(uploadWorkflow(), options());
		expect(result.status).toBe('success');
		expect(reportRequests(emulator())[0].status).toBe(503);
		expect(reportedChunks(reportRequests(emulator()))).toEqual(everyChunk());
		expect(onlySession(emulator()).status).toBe('completed');
	});

	it('with Continue On Fail, a failed upload is an error item in its place', async () => {
		emulator().faults.next({ method: 'POST', path: '/assets/multipart-uploads' }, {
			kind: 'status',
			status: 400,
			body: { code: 'parameter_invalid', message: 'The total_size parameter is invalid.' },
		});
		const result = await runWorkflow(uploadWorkflow({}, {}, { onError: 'continueRegularOutput' }), options());
		expect(result.status).toBe('success');
		const items = result.output('Asset');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('TwelveLabs: The total_size parameter is invalid. [parameter_invalid]');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
