/**
 * `npm run scan`: n8n's verification scanner on this package, as n8n runs it before it verifies a
 * community package: the source, then a freshly built and packed tarball. Prints what it finds;
 * exits 1 if anything. (`npm test` runs the same scan in test/unit/verificationScan.test.ts.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { run } from './lib/process';
import { REPO_ROOT } from './lib/runtime';
import { packAndUnpack, scanFolder, type ScanResult } from './lib/scan';

function report(label: string, result: ScanResult): boolean {
	process.stdout.write(result.passed ? `✅ ${label}: passed\n` : `❌ ${label}: ${result.message ?? 'failed'}\n${result.details ?? ''}\n`);
	return result.passed;
}

async function main(): Promise<void> {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'verification-scan-'));
	try {
		const source = report('source', await scanFolder('source', REPO_ROOT));
		await run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, logFile: path.join(scratch, 'build.log') });
		const tarball = report('packed tarball', await scanFolder('tarball', await packAndUnpack(scratch)));
		if (!source || !tarball) process.exitCode = 1;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
