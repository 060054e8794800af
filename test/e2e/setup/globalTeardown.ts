/** Stops the shared n8n and prints the phase timings. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { E2E_OUTPUT } from '../support/state';

export default async function globalTeardown(): Promise<void> {
	await globalThis.__E2E_N8N__?.stop();
	// Do not leave an install half-done (it would be redone from scratch next time anyway).
	await globalThis.__E2E_PREVIOUS_MAJOR__;
	const timings = path.join(E2E_OUTPUT, 'timings.log');
	if (fs.existsSync(timings)) process.stdout.write(`\n[e2e] timings:\n${fs.readFileSync(timings, 'utf8')}`);
}
