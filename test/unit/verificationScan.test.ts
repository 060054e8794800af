/**
 * n8n's verification scanner passes on this package, as n8n runs it before it verifies a
 * community package: on the source and on the packed tarball (dist/ must be built: `npm test`
 * builds it first). And the scan can fail: a finding planted in a copy of each is reported, also
 * behind an eslint-disable comment, which the scanner ignores.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/runtime';
import { packAndUnpack, scanFolder, type ScanResult } from '../../scripts/lib/scan';

// Loading ESLint and n8n's rules takes a few seconds per scan on a busy machine.
jest.setTimeout(180_000);

let scratch: string;
beforeAll(() => {
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'verification-scan-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function findings(result: ScanResult): string {
	return `${result.message ?? ''}\n${result.details ?? ''}`;
}

/** What the source leg reads (package.json, nodes/, credentials/), copied so it can be spoiled. */
function copyOfSource(): string {
	const copy = path.join(scratch, 'source');
	for (const entry of ['package.json', 'nodes', 'credentials']) {
		fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
	}
	return copy;
}

describe("n8n's verification scan", () => {
	let tarballFolder: string;
	beforeAll(async () => {
		tarballFolder = await packAndUnpack(scratch);
	});

	it('passes on the source', async () => {
		const result = await scanFolder('source', REPO_ROOT);
		expect(findings(result)).toBe('\n');
		expect(result.passed).toBe(true);
	});

	it('passes on the packed tarball, which holds the built nodes', async () => {
		expect(fs.existsSync(path.join(tarballFolder, 'dist', 'nodes', 'TwelveLabsAnalyze', 'TwelveLabsAnalyze.node.js'))).toBe(true);
		const result = await scanFolder('tarball', tarballFolder);
		expect(findings(result)).toBe('\n');
		expect(result.passed).toBe(true);
	});

	it('fails on source with a parameter without a default, eslint-disable or not', async () => {
		const copy = copyOfSource();
		const file = path.join(copy, 'nodes', 'TwelveLabs', 'params', 'idLocator.ts');
		// What idLocator.ts held before: a locator mode declared outside `modes`.
		fs.appendFileSync(
			file,
			[
				'',
				'// eslint-disable-next-line n8n-nodes-base/node-param-default-missing',
				"export const plantedMode = { displayName: 'By ID', name: 'id', type: 'string' };",
				'',
			].join('\n'),
		);
		const result = await scanFolder('source', copy);
		expect(result.passed).toBe(false);
		expect(findings(result)).toContain('idLocator.ts');
		expect(findings(result)).toContain('n8n-nodes-base/node-param-default-missing');
	});

	it('fails on a tarball whose shipped JavaScript logs to the console', async () => {
		const copy = path.join(scratch, 'spoiled-tarball');
		fs.cpSync(tarballFolder, copy, { recursive: true });
		const file = path.join(copy, 'dist', 'nodes', 'TwelveLabsAnalyze', 'TwelveLabsAnalyze.node.js');
		fs.appendFileSync(file, '\nconsole.log("planted");\n');
		const result = await scanFolder('tarball', copy);
		expect(result.passed).toBe(false);
		expect(findings(result)).toContain('TwelveLabsAnalyze.node.js');
		expect(findings(result)).toContain('no-console');
	});
});
