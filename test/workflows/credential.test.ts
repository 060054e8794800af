import { TwelveLabsApi } from '../../credentials/TwelveLabsApi.credentials';
import { testCredential } from '../harness';
import { useEmulator } from '../emulator/jest';

const emulator = useEmulator();

describe('TwelveLabs API credential test', () => {
	it('accepts a good key with GET /indexes?page_limit=1', async () => {
		const result = await testCredential(new TwelveLabsApi(), { apiKey: emulator().apiKey, baseUrl: emulator().baseUrl });
		expect(result.status).toBe('OK');
		expect(emulator().requests.map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', '/indexes', { page_limit: '1' }],
		]);
		expect(emulator().requests[0].headers['x-api-key']).toBe('<redacted>');
	});

	it('turns a 401 into "the API key was rejected"', async () => {
		const result = await testCredential(new TwelveLabsApi(), { apiKey: 'not-the-key', baseUrl: emulator().baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('The API key was rejected by TwelveLabs');
	});

	it('accepts a base URL with a trailing slash', async () => {
		const result = await testCredential(new TwelveLabsApi(), { apiKey: emulator().apiKey, baseUrl: `${emulator().baseUrl}/` });
		expect(result.status).toBe('OK');
	});
});
