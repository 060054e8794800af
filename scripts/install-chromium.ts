/** Installs Debian's chromium for the editor checks when it is missing: `npx ts-node --transpile-only scripts/install-chromium.ts`. */
import { ensureChromium } from './lib/browser';

ensureChromium().then(
	(path) => process.stdout.write(`chromium: ${path}\n`),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
