/**
 * The emulator's own tests: real HTTP with fetch. Core behaviour here; analyze, tasks and uploads
 * have their own files.
 */
import { startEmulator } from './index';
import { useEmulator } from './jest';
import { call, expectViolation } from './test-helpers';

const emulator = useEmulator();

describe('auth', () => {
	it('answers 401 api_key_invalid to a wrong or missing key, and never records the real key', async () => {
		const emu = emulator();
		const wrong = await call(emu, 'GET', '/indexes', { apiKey: 'nope' });
		expect(wrong.status).toBe(401);
		expect(wrong.json).toEqual({ code: 'api_key_invalid', message: expect.any(String) });
		const missing = await call(emu, 'GET', '/indexes', { apiKey: null });
		expect(missing.status).toBe(401);
		const ok = await call(emu, 'GET', '/indexes?page_limit=1');
		expect(ok.status).toBe(200);
		expect(emu.requests.map((r) => r.status)).toEqual([401, 401, 200]);
		expect(emu.requests[2].headers['x-api-key']).toBe('<redacted>');
		expect(JSON.stringify(emu.requests)).not.toContain(emu.apiKey);
	});

	it('accepts a custom key', async () => {
		const other = await startEmulator({ apiKey: 'custom' });
		try {
			expect((await call(other, 'GET', '/indexes', { apiKey: 'custom' })).status).toBe(200);
			expect((await call(other, 'GET', '/indexes', { apiKey: 'tl-test-key' })).status).toBe(401);
		} finally {
			await other.close();
		}
	});
});

describe('spec validation', () => {
	it('rejects a query parameter of the wrong type with 400 and a violation', async () => {
		const emu = emulator();
		const res = await call(emu, 'GET', '/assets?page_limit=abc');
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ code: 'parameter_invalid', message: expect.stringContaining('page_limit') });
		expectViolation(emu, /page_limit/);
	});

	it('flags an unknown query parameter', async () => {
		const emu = emulator();
		const res = await call(emu, 'GET', '/assets?pagelimit=5');
		expect(res.status).toBe(400);
		expectViolation(emu, /unknown query parameter 'pagelimit'/);
	});

	it('flags an unknown route', async () => {
		const emu = emulator();
		const res = await call(emu, 'GET', '/videos');
		expect(res.status).toBe(404);
		expectViolation(emu, /not a path of the spec/);
	});

	it('flags a wrong body on POST /analyze, naming the field', async () => {
		const emu = emulator();
		const res = await call(emu, 'POST', '/analyze', { body: { video: { type: 'nope' }, prompt: 'x', stream: false } });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ code: 'parameter_invalid' });
		expectViolation(emu, /video\.type' must be one of url, asset_id, base64_string/);
	});

	it('flags unknown (misspelt) body properties, at any depth', async () => {
		const emu = emulator();
		const top = await call(emu, 'POST', '/analyze', {
			body: { video: { type: 'url', url: 'https://example.com/v.mp4' }, promt: 'x', stream: false },
		});
		expect(top.status).toBe(400);
		expectViolation(emu, /body: unknown property 'promt'/);
		const nested = await call(emu, 'POST', '/analyze/tasks', {
			body: { video: { type: 'url', url: 'https://example.com/v.mp4', asset_id: 'x' }, prompt: 'x' },
		});
		expect(nested.status).toBe(400);
		expectViolation(emu, /body field 'video': unknown property 'asset_id'/);
		const free = await call(emu, 'PATCH', `/assets/${emu.state.addAsset()._id}/user-metadata`, { body: { user_metadata: { anything: 1 } } });
		expect(free.status).toBe(200);
	});

	it('flags a JSON body sent with the wrong content-type, and a body that is not JSON', async () => {
		const emu = emulator();
		const res = await call(emu, 'POST', '/analyze/tasks', { rawBody: 'video=x', contentType: 'application/x-www-form-urlencoded' });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: { code: 'parameter_invalid' } });
		const bad = await call(emu, 'POST', '/analyze', { rawBody: '{"video":', contentType: 'application/json' });
		expect(bad.status).toBe(400);
		expect(emu.violations).toHaveLength(2);
		emu.violations.length = 0;
	});

	it('tolerates an empty JSON object on an operation without a body, flags anything else', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset();
		const empty = await call(emu, 'DELETE', `/assets/${asset._id}`, { rawBody: '{}', contentType: 'application/json' });
		expect(empty.status).toBe(200);
		const junk = await call(emu, 'DELETE', `/assets/${emu.state.addAsset()._id}`, { rawBody: '{"force":true}', contentType: 'application/json' });
		expect(junk.status).toBe(400);
		expectViolation(emu, /takes no request body/);
	});

	it('coerces numbers, booleans and repeated array parameters', async () => {
		const emu = emulator();
		const a = emu.state.addAsset({ filename: 'a.mp4' });
		const b = emu.state.addAsset({ filename: 'b.mp4' });
		emu.state.addAsset({ filename: 'c.mp4' });
		const res = await call(emu, 'GET', `/assets?page=1&page_limit=5&asset_ids=${a._id}&asset_ids=${b._id}`);
		expect(res.status).toBe(200);
		expect((res.json as { data: { _id: string }[] }).data.map((x) => x._id).sort()).toEqual([a._id, b._id].sort());
		const single = await call(emu, 'GET', `/assets?asset_ids=${a._id}`);
		expect((single.json as { data: unknown[] }).data).toHaveLength(1);
	});
});

describe('GET /indexes', () => {
	it('lists indexes with page_info', async () => {
		const res = await call(emulator(), 'GET', '/indexes?page_limit=1');
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			data: [expect.objectContaining({ _id: expect.stringMatching(/^[0-9a-f]{24}$/) })],
			page_info: { limit_per_page: 1, page: 1, total_page: 1, total_results: 1 },
		});
	});

	it('answers 400 parameter_invalid for page_limit over 50, without a violation', async () => {
		const res = await call(emulator(), 'GET', '/indexes?page_limit=51');
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ code: 'parameter_invalid' });
	});
});

describe('assets: read, list, delete, metadata', () => {
	it('lists newest first with filename (case-insensitive), type filters and pages', async () => {
		const emu = emulator();
		for (let i = 0; i < 12; i++) {
			emu.state.addAsset({ filename: i % 3 === 0 ? `Keynote-${i}.mp4` : `clip-${i}.mp4` });
			emu.clock.advance(1000);
		}
		emu.state.addAsset({ filename: 'keynote-cover.png' });
		const page1 = await call(emu, 'GET', '/assets?filename=KEYNOTE&page_limit=3');
		const body1 = page1.json as { data: { filename: string }[]; page_info: Record<string, number> };
		expect(body1.data.map((a) => a.filename)).toEqual(['keynote-cover.png', 'Keynote-9.mp4', 'Keynote-6.mp4']);
		expect(body1.page_info).toEqual({ limit_per_page: 3, page: 1, total_page: 2, total_results: 5 });
		const page2 = await call(emu, 'GET', '/assets?filename=keynote&page_limit=3&page=2');
		expect((page2.json as { data: { filename: string }[] }).data.map((a) => a.filename)).toEqual(['Keynote-3.mp4', 'Keynote-0.mp4']);
		const images = await call(emu, 'GET', '/assets?asset_types=image');
		expect((images.json as { data: { filename: string }[] }).data.map((a) => a.filename)).toEqual(['keynote-cover.png']);
		const both = await call(emu, 'GET', '/assets?asset_types=image&asset_types=video&page_limit=50');
		expect((both.json as { data: unknown[] }).data).toHaveLength(13);
		const tooMany = await call(emu, 'GET', '/assets?page_limit=51');
		expect(tooMany.status).toBe(400);
		const badType = await call(emu, 'GET', '/assets?asset_types=document');
		expect(badType.status).toBe(400);
		expectViolation(emu, /asset_types/);
	});

	it('retrieves an asset (AssetDetail) and answers 404 resource_not_exist for an unknown id', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset({ filename: 'talk.mp4', user_metadata: { speaker: 'Ada' } });
		const res = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			_id: asset._id,
			status: 'ready',
			filename: 'talk.mp4',
			file_type: 'video/mp4',
			created_at: '2026-01-01T00:00:00.000Z',
			user_metadata: { speaker: 'Ada' },
			size: expect.any(Number),
			duration: expect.any(Number),
		});
		const missing = await call(emu, 'GET', '/assets/0123456789abcdef01234567');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ code: 'resource_not_exist', message: expect.any(String) });
	});

	it('seeds an asset that turns ready after readyAfterMs', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset({ readyAfterMs: 1000 });
		expect(asset.status).toBe('processing');
		emu.clock.advance(1000);
		expect((await call(emu, 'GET', `/assets/${asset._id}`)).json).toMatchObject({ status: 'ready' });
		const failing = emu.state.addAsset({ status: 'failed', readyAfterMs: 10 });
		expect(failing.status).toBe('processing');
		emu.clock.advance(10);
		expect(emu.state.getAsset(failing._id)).toMatchObject({ status: 'failed', error: { message: expect.any(String) } });
	});

	it('answers 409 when an indexed asset references the asset, unless force=true', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset({ usedByIndex: true });
		const conflict = await call(emu, 'DELETE', `/assets/${asset._id}`);
		expect(conflict.status).toBe(409);
		expect(conflict.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
		expect(emu.state.getAsset(asset._id)).toBeDefined();
		const forced = await call(emu, 'DELETE', `/assets/${asset._id}?force=true`);
		expect(forced.status).toBe(200);
		expect(emu.state.getAsset(asset._id)).toBeUndefined();
		const again = await call(emu, 'DELETE', `/assets/${asset._id}`);
		expect(again.status).toBe(404);
	});

	it('merges, replaces and clears user metadata', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset({ user_metadata: { a: 1 } });
		expect((await call(emu, 'PATCH', `/assets/${asset._id}/user-metadata`, { body: { user_metadata: { b: 'x' } } })).status).toBe(200);
		expect(emu.state.getAsset(asset._id)?.user_metadata).toEqual({ a: 1, b: 'x' });
		expect((await call(emu, 'PUT', `/assets/${asset._id}/user-metadata`, { body: { user_metadata: { c: true } } })).status).toBe(200);
		expect(emu.state.getAsset(asset._id)?.user_metadata).toEqual({ c: true });
		const nested = await call(emu, 'PUT', `/assets/${asset._id}/user-metadata`, { body: { user_metadata: { c: { d: 1 } } } });
		expect(nested.status).toBe(400);
		expect((await call(emu, 'DELETE', `/assets/${asset._id}/user-metadata`)).status).toBe(200);
		expect(emu.state.getAsset(asset._id)?.user_metadata).toBeUndefined();
		expect((await call(emu, 'PATCH', '/assets/0123456789abcdef01234567/user-metadata', { body: { user_metadata: {} } })).status).toBe(404);
	});
});

describe('faults', () => {
	const route = { method: 'GET', path: '/assets/{asset_id}' };

	it('answers scripted statuses in order, with headers and empty bodies, then behaves normally', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset();
		emu.faults.next(route, { kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: '' }, { kind: 'status', status: 503 });
		expect(emu.faults.pending()).toBe(2);
		const first = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('2');
		expect(first.text).toBe('');
		const second = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(second.status).toBe(503);
		expect(second.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
		const third = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(third.status).toBe(200);
		expect(emu.faults.pending()).toBe(0);
		expect(emu.requests.map((r) => r.status)).toEqual([429, 503, 200]);
	});

	it('matches an exact path too, and leaves other routes alone', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset();
		emu.faults.next({ method: 'GET', path: `/assets/${asset._id}` }, { kind: 'status', status: 500, body: { code: 'x', message: 'y' } });
		expect((await call(emu, 'GET', '/assets')).status).toBe(200);
		const hit = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(hit.status).toBe(500);
		expect(hit.json).toEqual({ code: 'x', message: 'y' });
	});

	it('resets the connection without answering', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset();
		emu.faults.next(route, { kind: 'reset' });
		await expect(call(emu, 'GET', `/assets/${asset._id}`)).rejects.toThrow();
		expect(emu.requests[0].status).toBe(0);
		expect((await call(emu, 'GET', `/assets/${asset._id}`)).status).toBe(200);
	});

	it('delays an answer by real milliseconds', async () => {
		const emu = emulator();
		const asset = emu.state.addAsset();
		emu.faults.next(route, { kind: 'delay', ms: 150 });
		const started = Date.now();
		const res = await call(emu, 'GET', `/assets/${asset._id}`);
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});
});

describe('options', () => {
	it('adds latencyMs before every answer', async () => {
		const slow = await startEmulator({ latencyMs: 100 });
		try {
			const started = Date.now();
			expect((await call(slow, 'GET', '/indexes')).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(90);
		} finally {
			await slow.close();
		}
	});

	it('follows Date.now() with the realtime clock', async () => {
		const live = await startEmulator({ clock: 'realtime' });
		try {
			expect(Math.abs(live.clock.now() - Date.now())).toBeLessThan(1000);
		} finally {
			await live.close();
		}
	});

	it('reset() clears state, requests, violations and faults and rewinds the manual clock', async () => {
		const emu = emulator();
		emu.state.addAsset();
		emu.clock.advance(5000);
		emu.faults.next({ method: 'GET', path: '/indexes' }, { kind: 'reset' });
		await call(emu, 'GET', '/assets');
		emu.reset();
		expect(emu.state.listAssets()).toEqual([]);
		expect(emu.requests).toEqual([]);
		expect(emu.faults.pending()).toBe(0);
		expect(emu.clock.now()).toBe(Date.UTC(2026, 0, 1));
	});
});
