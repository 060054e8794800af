/** The TL-Signature check on its own (pure: no server). */
import { createHmac } from 'node:crypto';

import { signatureHeader, verifyWebhookSignature } from '../../nodes/TwelveLabs/trigger/webhookSignature';

const SECRET = 'whsec_unit';
const BODY = Buffer.from('{"id":"whe_1","type":"analyze.task.ready","data":{"id":"t1","status":"ready"}}');
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const NOW_MS = T * 1000;

const hex = (timestamp: number, body: Buffer | string = BODY, secret = SECRET) =>
	createHmac('sha256', secret).update(`${timestamp}.${body.toString()}`).digest('hex');

const verify = (header: string | string[] | undefined, nowMs = NOW_MS, body = BODY) =>
	verifyWebhookSignature({ header, rawBody: body, secret: SECRET, nowMs });

describe('verifyWebhookSignature', () => {
	it('accepts HMAC-SHA256 of "<t>.<raw body>" with the secret, as TwelveLabs signs', () => {
		expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${hex(T)}`);
		expect(verify(`t=${T},v1=${hex(T)}`)).toEqual({ valid: true, timestamp: T, signature: hex(T) });
	});

	it('tolerates spaces, upper-case hex, unknown schemes and a header sent twice', () => {
		expect(verify(` t=${T} , v0=dead, v1=${hex(T).toUpperCase()} `).valid).toBe(true);
		expect(verify([`t=${T}`, `v1=${hex(T)}`]).valid).toBe(true);
	});

	it('is exact at the 5-minute tolerance, both ways', () => {
		const header = `t=${T},v1=${hex(T)}`;
		expect(verify(header, NOW_MS + 300_000).valid).toBe(true);
		expect(verify(header, NOW_MS + 301_000)).toEqual({ valid: false, reason: 'stale' });
		expect(verify(header, NOW_MS - 300_000).valid).toBe(true);
		expect(verify(header, NOW_MS - 301_000)).toEqual({ valid: false, reason: 'stale' });
	});

	it.each([
		['missing', undefined],
		['missing', '  '],
		['malformed', `v1=${hex(T)}`],
		['malformed', `t=soon,v1=${hex(T)}`],
		['malformed', `t=${T}`],
		['malformed', `t=${T},v1=xyz`],
		['mismatch', `t=${T},v1=${hex(T, BODY, 'other-secret')}`],
		['mismatch', `t=${T},v1=${hex(T + 1)}`],
		['mismatch', `t=${T},v1=${hex(T, `${BODY.toString()}\n`)}`],
	])('refuses (%s): %s', (reason, header) => {
		expect(verify(header)).toEqual({ valid: false, reason });
	});

	it('checks the raw bytes: the same JSON re-serialised does not match', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
		expect(verify(`t=${T},v1=${hex(T)}`, NOW_MS, reserialised)).toEqual({ valid: false, reason: 'mismatch' });
	});
});
