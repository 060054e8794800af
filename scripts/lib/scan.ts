/**
 * n8n's verification scanner (@n8n/scan-community-package, a pinned devDependency) on this
 * package: the source as the repository holds it, and the tarball `npm pack` makes. Its CLI only
 * scans a published name, so scripts/scan-package.mjs calls its analyzePackage() on folders, with
 * the file patterns the CLI gives each leg. The scanner needs Node >= 24: it runs on the Node the
 * n8n runtime uses (from the npm registry into `.n8n-runtime/`, once), whatever Node runs the caller.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { capture, run } from './process';
import { REPO_ROOT, ensureNode } from './runtime';
import { CURRENT } from './versions';

export type ScanLeg = 'source' | 'tarball';

export interface ScanResult {
	passed: boolean;
	message?: string;
	/** ESLint's report (stylish format): file, line, rule. */
	details?: string;
}

const SCAN_SCRIPT = path.join(REPO_ROOT, 'scripts', 'scan-package.mjs');

async function nodeForScanner(): Promise<string> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= 24) return process.execPath;
	return (await ensureNode(CURRENT.nodeVersion)).binary;
}

/** Scans a folder as one leg of n8n's scan: `source` (a checkout) or `tarball` (an unpacked tarball). */
export async function scanFolder(leg: ScanLeg, folder: string): Promise<ScanResult> {
	const node = await nodeForScanner();
	// The scanner makes a temporary folder when loaded and leaves it behind: give it one to throw away.
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	try {
		// Not NODE_ENV=test (set by jest): with it, eslint-plugin-n8n-nodes-base checks file names
		// against its own test fixtures and reports every node.
		const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratch };
		delete env.NODE_ENV;
		const out = await capture(node, [SCAN_SCRIPT, leg, folder], { env }).catch(
			(error: Error & { stdout?: string }) => {
				// Exit 1 with a JSON answer is a finding; anything else is the scanner failing to run.
				if (error.stdout?.trim().startsWith('{')) return error.stdout;
				throw error;
			},
		);
		return JSON.parse(out) as ScanResult;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

/** Packs the built package (dist/ must exist) into `destination` and unpacks it there; returns the folder. */
export async function packAndUnpack(destination: string): Promise<string> {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const out = await capture('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT });
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	const unpacked = path.join(destination, 'package');
	fs.mkdirSync(unpacked, { recursive: true });
	await run('tar', ['-xzf', path.join(destination, filename), '-C', unpacked, '--strip-components=1']);
	return unpacked;
}
