import {
	DEFAULT_RETRY_POLICY,
	backoffDelayMs,
	isRetryableNetworkError,
	isRetryableStatus,
	retryDelayMs,
	serverRequestedWaitMs,
} from '../../nodes/TwelveLabs/transport/retryPolicy';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('which failures are retried', () => {
	it.each([408, 429, 500, 502, 503, 504])('retries %i for reads', (status) => {
		expect(isRetryableStatus(status, 'safe')).toBe(true);
	});

	it.each([400, 401, 403, 404, 409, 422])('never retries %i', (status) => {
		expect(isRetryableStatus(status, 'safe')).toBe(false);
		expect(isRetryableStatus(status, 'create')).toBe(false);
	});

	it('retries a create only on 429, where the server certainly did not act', () => {
		expect(isRetryableStatus(429, 'create')).toBe(true);
		for (const status of [408, 500, 502, 503, 504]) expect(isRetryableStatus(status, 'create')).toBe(false);
	});

	it('retries a reset connection for reads but not for creates', () => {
		expect(isRetryableNetworkError('ECONNRESET', 'safe')).toBe(true);
		expect(isRetryableNetworkError('ECONNRESET', 'create')).toBe(false);
		expect(isRetryableNetworkError('ECONNREFUSED', 'create')).toBe(true);
		expect(isRetryableNetworkError('ENOTFOUND', 'safe')).toBe(false);
		expect(isRetryableNetworkError(undefined, 'safe')).toBe(false);
	});
});

describe('how long to wait', () => {
	it('reads Retry-After in seconds and as an HTTP date, case-insensitively', () => {
		expect(serverRequestedWaitMs({ 'Retry-After': '3' }, NOW)).toBe(3000);
		expect(serverRequestedWaitMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000);
		expect(serverRequestedWaitMs({ 'RETRY-AFTER-MS': '250' }, NOW)).toBe(250);
	});

	it('reads rate-limit reset headers as epoch seconds or a relative wait', () => {
		expect(serverRequestedWaitMs({ 'X-RateLimit-Reset': String(NOW / 1000 + 7) }, NOW)).toBe(7000);
		expect(serverRequestedWaitMs({ 'x-ratelimit-request-reset': '2' }, NOW)).toBe(2000);
	});

	it('ignores absent or unusable headers', () => {
		expect(serverRequestedWaitMs({}, NOW)).toBeUndefined();
		expect(serverRequestedWaitMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
		expect(serverRequestedWaitMs({ 'x-ratelimit-reset': '' }, NOW)).toBeUndefined();
	});

	it('backs off exponentially within +-20 % and never past the cap', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 10_000 };
		expect(backoffDelayMs(0, policy, 0)).toBe(800);
		expect(backoffDelayMs(0, policy, 0.999999)).toBe(1200);
		expect(backoffDelayMs(2, policy, 0.5)).toBe(4000);
		expect(backoffDelayMs(10, policy, 0.999)).toBe(10_000);
	});

	it('honours the server, but refuses waits longer than the policy allows', () => {
		expect(retryDelayMs(0, { 'retry-after': '2' }, DEFAULT_RETRY_POLICY, NOW, 0)).toBe(2000);
		expect(retryDelayMs(0, { 'retry-after': '3600' }, DEFAULT_RETRY_POLICY, NOW, 0)).toBeUndefined();
		expect(retryDelayMs(1, {}, DEFAULT_RETRY_POLICY, NOW, 0.5)).toBe(1000);
	});
});
