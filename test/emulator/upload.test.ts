/** POST /assets and the multipart upload flow over real HTTP. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { type Emulator } from './index';
import { useEmulator } from './jest';
import { call, expectViolation } from './test-helpers';

const emulator = useEmulator({ multipartChunkSize: 1000, assetProcessingMs: 3000 });

function form(fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.append(k, v);
	if (file) data.append('file', new Blob([file.bytes], { type: file.type }), file.name);
	return data;
}

/** A multipart body streamed from zero-filled buffers, so big uploads never sit in memory. */
async function* bigMultipart(boundary: string, size: number): AsyncGenerator<Buffer> {
	yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="method"\r\n\r\ndirect\r\n`);
	yield Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
	);
	const block = Buffer.alloc(1024 * 1024);
	for (let sent = 0; sent < size; sent += block.length) yield sent + block.length <= size ? block : block.subarray(0, size - sent);
	yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

describe('POST /assets', () => {
	it('creates a direct upload (201 processing), counts the bytes, then turns ready on the clock', async () => {
		const emu = emulator();
		const bytes = new Uint8Array(4321).fill(7);
		const res = await call(emu, 'POST', '/assets', {
			rawBody: form({ method: 'direct', enable_thumbnail: 'true', user_metadata: JSON.stringify({ team: 'a', n: 1 }) }, { name: 'clip.mp4', type: 'video/mp4', bytes }),
		});
		expect(res.status).toBe(201);
		const asset = res.json as { _id: string };
		expect(res.json).toEqual({
			_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			method: 'direct',
			status: 'processing',
			filename: 'clip.mp4',
			file_type: 'video/mp4',
			created_at: '2026-01-01T00:00:00.000Z',
			user_metadata: { team: 'a', n: 1 },
		});
		expect(emu.requests[0].body).toEqual({
			fields: { method: 'direct', enable_thumbnail: 'true', user_metadata: '{"team":"a","n":1}' },
			file: { filename: 'clip.mp4', size: 4321, contentType: 'video/mp4' },
		});
		emu.clock.advance(2999);
		expect((await call(emu, 'GET', `/assets/${asset._id}`)).json).toMatchObject({ status: 'processing', thumbnail: { status: 'processing' } });
		emu.clock.advance(1);
		expect((await call(emu, 'GET', `/assets/${asset._id}`)).json).toMatchObject({
			status: 'ready',
			size: 4321,
			thumbnail: { status: 'ready' },
			technical_metadata: { file_size_bytes: 4321 },
		});
	});

	it('creates a url upload; a filename or URL containing "fail" ends failed', async () => {
		const emu = emulator();
		const ok = await call(emu, 'POST', '/assets', { rawBody: form({ method: 'url', url: 'https://cdn.example.com/path/talk.mov' }) });
		expect(ok.json).toMatchObject({ method: 'url', filename: 'talk.mov', file_type: 'video/quicktime', status: 'processing' });
		const bad = await call(emu, 'POST', '/assets', { rawBody: form({ method: 'url', url: 'https://cdn.example.com/will-fail.mp4' }) });
		emu.clock.advance(3000);
		expect((await call(emu, 'GET', `/assets/${(ok.json as { _id: string })._id}`)).json).toMatchObject({ status: 'ready' });
		expect((await call(emu, 'GET', `/assets/${(bad.json as { _id: string })._id}`)).json).toMatchObject({
			status: 'failed',
			error: { message: expect.any(String) },
		});
	});

	it('answers 400 for a missing file or url, without violations', async () => {
		const emu = emulator();
		expect((await call(emu, 'POST', '/assets', { rawBody: form({ method: 'direct' }) })).status).toBe(400);
		expect((await call(emu, 'POST', '/assets', { rawBody: form({ method: 'url' }) })).status).toBe(400);
		expect((await call(emu, 'POST', '/assets', { rawBody: form({ method: 'url', url: 'ftp://x/y.mp4' }) })).status).toBe(400);
	});

	it('flags a form that breaks the spec (bad method, unknown field, JSON body)', async () => {
		const emu = emulator();
		const bad = await call(emu, 'POST', '/assets', { rawBody: form({ method: 'upload', colour: 'red' }) });
		expect(bad.status).toBe(400);
		expect(bad.json).toMatchObject({ code: 'parameter_invalid' });
		expectViolation(emu, /method[\s\S]*colour/);
		const json = await call(emu, 'POST', '/assets', { body: { method: 'url', url: 'https://x/y.mp4' } });
		expect(json.status).toBe(400);
		expectViolation(emu, /content-type 'application\/json' is not accepted/);
	});

	it('answers 400 video_filesize_too_large past 200 MB, streaming the body through', async () => {
		const emu = emulator();
		const boundary = 'emulatorboundary42';
		const size = 200 * 1024 * 1024 + 1;
		const res = await request(`${emu.baseUrl}/assets`, {
			method: 'POST',
			headers: { 'x-api-key': emu.apiKey, 'content-type': `multipart/form-data; boundary=${boundary}` },
			body: Readable.from(bigMultipart(boundary, size)),
		});
		expect(res.statusCode).toBe(400);
		expect(await res.body.json()).toMatchObject({ code: 'video_filesize_too_large' });
		expect(emu.requests[0].body).toMatchObject({ file: { size } });
	}, 20_000);
});

interface Session {
	upload_id: string;
	asset_id: string;
	upload_urls: { chunk_index: number; url: string; expires_at: string }[];
	upload_headers: Record<string, string>;
	chunk_size: number;
	total_chunks: number;
}

async function put(url: string, bytes: Uint8Array, headers: Record<string, string>): Promise<{ status: number; etag: string | null }> {
	const res = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream', ...headers } });
	await res.arrayBuffer();
	return { status: res.status, etag: res.headers.get('etag') };
}

async function createSession(emu: Emulator, totalSize: number, filename = 'movie.mp4'): Promise<Session> {
	const res = await call(emu, 'POST', '/assets/multipart-uploads', { body: { filename, type: 'video', total_size: totalSize } });
	expect(res.status).toBe(201);
	return res.json as Session;
}

describe('multipart upload', () => {
	const data = new Uint8Array(2500).map((_, i) => i % 251);
	const chunkOf = (index: number): Uint8Array => data.subarray((index - 1) * 1000, index * 1000);
	const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

	it('runs end to end: create, PUT chunks, report, status, complete, asset ready', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		expect(session).toMatchObject({ chunk_size: 1000, total_chunks: 3, upload_headers: { 'x-emulator-upload': '1' } });
		expect(session.upload_urls.map((u) => u.chunk_index)).toEqual([1, 2, 3]);
		expect(session.upload_urls[0].url.startsWith(`${emu.origin}/_upload/${session.upload_id}/1?`)).toBe(true);

		const etags: string[] = [];
		for (const u of session.upload_urls) {
			const res = await put(u.url, chunkOf(u.chunk_index), session.upload_headers);
			expect(res.status).toBe(200);
			expect(res.etag).toBe(`"${md5(chunkOf(u.chunk_index))}"`);
			etags.push(res.etag ?? '');
		}
		expect(emu.state.uploads.get(session.upload_id)?.receivedBytes).toBe(2500);
		expect(emu.requests.filter((r) => r.method === 'PUT').every((r) => r.path.startsWith('/_upload/') && r.status === 200)).toBe(true);

		const partial = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}`, {
			body: { completed_chunks: [{ chunk_index: 1, proof: etags[0], proof_type: 'etag', chunk_size: 1000 }] },
		});
		expect(partial.json).toEqual({ asset_id: session.asset_id, processed_chunks: 1, duplicate_chunks: 0, total_completed: 1 });

		const status = await call(emu, 'GET', `/assets/multipart-uploads/${session.upload_id}?page_limit=2`);
		expect(status.json).toMatchObject({
			status: 'active',
			uploaded_chunks: [{ index: 1, status: 'completed' }, { index: 2, status: 'pending' }],
			chunks_completed: 1,
			chunks_pending: 2,
			total_size: 2500,
			uploaded_size: 1000,
			page_info: { total_results: 3, total_page: 2 },
		});
		const incomplete = await call(emu, 'GET', '/assets/multipart-uploads');
		expect(incomplete.json).toMatchObject({ data: [{ upload_id: session.upload_id, status: 'active', total_chunks: 3 }] });

		const rest = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}`, {
			body: {
				completed_chunks: [
					{ chunk_index: 3, proof: etags[2].replace(/"/g, ''), proof_type: 'etag', chunk_size: 500 },
					{ chunk_index: 2, proof: etags[1], proof_type: 'etag', chunk_size: 1000 },
					{ chunk_index: 1, proof: etags[0], proof_type: 'etag', chunk_size: 1000 },
				],
			},
		});
		expect(rest.json).toEqual({
			url: expect.stringMatching(/^http/),
			asset_id: session.asset_id,
			processed_chunks: 2,
			duplicate_chunks: 1,
			total_completed: 3,
		});
		expect((await call(emu, 'GET', `/assets/multipart-uploads/${session.upload_id}`)).json).toMatchObject({ status: 'completed' });
		expect((await call(emu, 'GET', '/assets/multipart-uploads')).json).toMatchObject({ data: [] });
		expect((await call(emu, 'GET', `/assets/${session.asset_id}`)).json).toMatchObject({ status: 'processing', method: 'multipart' });
		emu.clock.advance(3000);
		expect((await call(emu, 'GET', `/assets/${session.asset_id}`)).json).toMatchObject({ status: 'ready', size: 2500 });
	});

	it('guards the chunk URLs: upload header, single use, expiry, no API key needed, and a 403 fault', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		const [u1, u2, u3] = session.upload_urls;
		expect((await put(u1.url, chunkOf(1), {})).status).toBe(403);
		expect((await put(u1.url, chunkOf(1), session.upload_headers)).status).toBe(200);
		expect((await put(u1.url, chunkOf(1), session.upload_headers)).status).toBe(403);
		expect((await put(`${u2.url}x`, chunkOf(2), session.upload_headers)).status).toBe(403);
		emu.faults.next({ method: 'PUT', path: '/_upload/{upload_id}/{chunk_index}' }, { kind: 'status', status: 403 });
		expect((await put(u2.url, chunkOf(2), session.upload_headers)).status).toBe(403);
		expect((await put(u2.url, chunkOf(2), session.upload_headers)).status).toBe(200);
		emu.clock.advance(60 * 60 * 1000 + 1);
		expect((await put(u3.url, chunkOf(3), session.upload_headers)).status).toBe(403);

		const fresh = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { body: { start: 3, count: 50 } });
		expect(fresh.json).toMatchObject({ upload_id: session.upload_id, start_index: 3, count: 1, upload_urls: [{ chunk_index: 3 }] });
		const url3 = (fresh.json as Session).upload_urls[0].url;
		expect((await put(url3, chunkOf(3), session.upload_headers)).status).toBe(200);
	});

	it('rejects reports with a wrong proof, a wrong size or a chunk never uploaded', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		const { etag } = await put(session.upload_urls[0].url, chunkOf(1), session.upload_headers);
		const report = (chunk: Record<string, unknown>) =>
			call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}`, {
				body: { completed_chunks: [{ chunk_index: 1, proof: etag, proof_type: 'etag', chunk_size: 1000, ...chunk }] },
			});
		expect((await report({ proof: 'abc' })).status).toBe(400);
		expect((await report({ chunk_size: 999 })).status).toBe(400);
		expect((await report({ chunk_index: 2 })).status).toBe(400);
		expect((await report({ chunk_index: 9 })).status).toBe(400);
		expect((await report({})).status).toBe(200);
		const unknown = await call(emu, 'GET', '/assets/multipart-uploads/0123456789abcdef01234567');
		expect(unknown.status).toBe(404);
	});

	it('rejects a chunk of the wrong length at report time', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		const short = data.subarray(0, 900);
		const { etag } = await put(session.upload_urls[0].url, short, session.upload_headers);
		const res = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}`, {
			body: { completed_chunks: [{ chunk_index: 1, proof: etag, proof_type: 'etag', chunk_size: 900 }] },
		});
		expect(res.status).toBe(400);
		expect((res.json as { message: string }).message).toMatch(/must have 1000/);
	});

	it('hands out at most 50 URLs at a time', async () => {
		const emu = emulator();
		const session = await createSession(emu, 120_500);
		expect(session.total_chunks).toBe(121);
		expect(session.upload_urls).toHaveLength(50);
		const more = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { body: { start: 51, count: 50 } });
		expect((more.json as Session).upload_urls.map((u) => u.chunk_index)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
		const tooMany = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { body: { start: 1, count: 51 } });
		expect(tooMany.status).toBe(400);
	});

	it('failUpload marks the session and its asset failed', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		emu.state.failUpload(session.upload_id);
		expect((await call(emu, 'GET', `/assets/multipart-uploads/${session.upload_id}`)).json).toMatchObject({ status: 'failed' });
		expect((await call(emu, 'GET', `/assets/${session.asset_id}`)).json).toMatchObject({ status: 'failed' });
		expect((await put(session.upload_urls[0].url, chunkOf(1), session.upload_headers)).status).toBe(403);
		const more = await call(emu, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { body: { start: 1, count: 1 } });
		expect(more.status).toBe(400);
	});

	it('flags an API key sent to a presigned URL', async () => {
		const emu = emulator();
		const session = await createSession(emu, data.length);
		expect((await put(session.upload_urls[0].url, chunkOf(1), { ...session.upload_headers, 'x-api-key': emu.apiKey })).status).toBe(200);
		expectViolation(emu, /x-api-key header was sent to a presigned upload URL/);
		expect(emu.requests[1].headers['x-api-key']).toBe('<redacted>');
	});

	it('chooses 5 MiB chunks up to 1 GiB by default', async () => {
		const { chooseChunkSize } = await import('./routes/multipart');
		expect(chooseChunkSize(1024 * 1024 * 1024)).toBe(5 * 1024 * 1024);
		const big = 10 * 1024 * 1024 * 1024;
		expect(Math.ceil(big / chooseChunkSize(big))).toBeLessThanOrEqual(10_000);
		expect(chooseChunkSize(200 * 1024 * 1024 * 1024)).toBeGreaterThanOrEqual(Math.ceil((200 * 1024 * 1024 * 1024) / 10_000));
	});
});
