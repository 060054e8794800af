/** `npm start` keeps n8n on this machine unless told otherwise, and says what opening it up means. */
import { parseArgs } from '../../scripts/demo';

describe('npm start options', () => {
	it('listens on 127.0.0.1 by default', () => {
		expect(parseArgs([])).toEqual({ port: 5678, fresh: false, host: '127.0.0.1', warning: undefined });
	});

	it('--host opens n8n to another interface, with a warning naming the port and the printed password', () => {
		const args = parseArgs(['--host', '0.0.0.0', '--port', '5690']);
		expect(args.host).toBe('0.0.0.0');
		expect(args.warning).toMatch(/0\.0\.0\.0/);
		expect(args.warning).toMatch(/5690/);
		expect(args.warning).toMatch(/password/);
		expect(parseArgs(['--host', 'localhost']).warning).toBeUndefined();
		expect(() => parseArgs(['--host'])).toThrow('--host needs an address, e.g. --host 0.0.0.0');
	});
});
