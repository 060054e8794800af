/** Small fetch helpers for the emulator's own tests. */
import type { Emulator } from './index';

export interface CallOptions {
	/** JSON body. */
	body?: unknown;
	rawBody?: string | FormData | Uint8Array;
	contentType?: string;
	/** null sends no x-api-key; default: the emulator's key. */
	apiKey?: string | null;
	headers?: Record<string, string>;
}

export interface CallResult {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export async function call(emu: Emulator, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	const key = options.apiKey === undefined ? emu.apiKey : options.apiKey;
	if (key !== null) headers['x-api-key'] = key;
	let body: string | FormData | Uint8Array | undefined;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	} else if (options.rawBody !== undefined) {
		body = options.rawBody;
		if (options.contentType) headers['content-type'] = options.contentType;
	}
	const res = await fetch(`${emu.baseUrl}${path}`, { method, headers, body });
	const text = await res.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** Asserts a violation matching `pattern` was seen, then clears the list (so the test does not fail). */
export function expectViolation(emu: Emulator, pattern: RegExp): void {
	expect(emu.violations.join('\n')).toMatch(pattern);
	emu.violations.length = 0;
}
