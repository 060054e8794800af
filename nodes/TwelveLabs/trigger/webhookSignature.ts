/**
 * TwelveLabs' webhook signature: `TL-Signature: t=<unix seconds>,v1=<hex>`, where v1 is the
 * HMAC-SHA256, keyed with the endpoint's signing secret, of `<t>.<raw request body>`.
 * Checked over the raw bytes (never re-serialised JSON), compared in constant time, and refused
 * when `t` is further than the tolerance from now, so a captured delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export const SIGNATURE_HEADER = 'tl-signature';
/** 5 minutes, as TwelveLabs recommends. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict =
	| { valid: true; timestamp: number; signature: string }
	| { valid: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' };

interface ParsedHeader {
	timestamp?: string;
	signatures: string[];
}

function parseHeader(header: string): ParsedHeader {
	const parsed: ParsedHeader = { signatures: [] };
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') parsed.timestamp = value;
		// Several v1 values can come while a secret is being rotated: any one may match.
		else if (key === 'v1') parsed.signatures.push(value);
	}
	return parsed;
}

/** The hex signature TwelveLabs sends for this body at this time. */
export function signWebhookBody(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret)
		.update(`${timestamp}.`)
		.update(rawBody)
		.digest('hex');
}

/** The header value for a body, as TwelveLabs builds it (used to answer test deliveries too). */
export function signatureHeader(secret: string, timestamp: number, rawBody: Buffer | string): string {
	return `t=${timestamp},v1=${signWebhookBody(secret, timestamp, rawBody)}`;
}

export function verifyWebhookSignature(options: {
	header: string | string[] | undefined;
	rawBody: Buffer;
	secret: string;
	nowMs: number;
	toleranceSeconds?: number;
}): SignatureVerdict {
	const header = Array.isArray(options.header) ? options.header.join(',') : options.header;
	if (!header || !header.trim()) return { valid: false, reason: 'missing' };
	const { timestamp, signatures } = parseHeader(header);
	const candidates = signatures.filter((signature) => /^[0-9a-f]{64}$/i.test(signature));
	if (!timestamp || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) return { valid: false, reason: 'malformed' };

	const expected = Buffer.from(signWebhookBody(options.secret, timestamp, options.rawBody), 'hex');
	const match = candidates.find((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
	if (match === undefined) return { valid: false, reason: 'mismatch' };

	const seconds = Number(timestamp);
	const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	if (Math.abs(options.nowMs / 1000 - seconds) > tolerance) return { valid: false, reason: 'stale' };
	return { valid: true, timestamp: seconds, signature: match.toLowerCase() };
}
