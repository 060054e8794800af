// Runs n8n's verification scanner (@n8n/scan-community-package) on folders, the way n8n does
// before it verifies a community package: the source leg lints package.json and the node and
// credential sources, the tarball leg the shipped JavaScript and package.json, both with
// eslint-disable comments ignored. The scanner needs Node >= 24; scripts/lib/scan.ts runs this
// file on the pinned one. Usage: node scan-package.mjs <source|tarball> <folder>
// Prints the scanner's answer as JSON; exits 1 when it finds something.
import path from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

// The same patterns analyzePackageByName() gives each leg (scanner.mjs).
const PATTERNS = { source: SOURCE_FILE_PATTERNS, tarball: ['**/*.js', 'package.json'] };

const [leg, folder] = process.argv.slice(2);
if (!PATTERNS[leg] || !folder) {
	process.stderr.write('Usage: node scan-package.mjs <source|tarball> <folder>\n');
	process.exit(2);
}
const { passed, message, details } = await analyzePackage(path.resolve(folder), PATTERNS[leg]);
process.stdout.write(`${JSON.stringify({ passed, message, details })}\n`);
process.exitCode = passed ? 0 : 1;
