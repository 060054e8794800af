/**
 * Before the e2e files run: install the pinned n8n runtimes (cached in .n8n-runtime/), build and
 * pack this package, install the tarball into a fresh n8n user folder, start n8n 2.40 there and
 * create its owner. Test files reach it through readState().
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_OWNER, N8nApi } from '../../../scripts/lib/n8n-api';
import { N8nInstance } from '../../../scripts/lib/n8n-instance';
import { buildAndPack, installPackage } from '../../../scripts/lib/package';
import { ensureN8n } from '../../../scripts/lib/runtime';
import { CURRENT, PREVIOUS_MAJOR } from '../../../scripts/lib/versions';
import { rememberPid, stopLeftover } from '../support/leftovers';
import { clearState, E2E_DIR, E2E_OUTPUT, recordTiming, timed, writeInstallStatus, writeState } from '../support/state';

declare global {
	var __E2E_N8N__: N8nInstance | undefined;
	var __E2E_PREVIOUS_MAJOR__: Promise<void> | undefined;
}

export default async function globalSetup(): Promise<void> {
	process.stdout.write('\n');
	fs.rmSync(E2E_OUTPUT, { recursive: true, force: true });
	fs.mkdirSync(E2E_OUTPUT, { recursive: true });
	stopLeftover();
	clearState();

	const runtime = await timed(`install n8n ${CURRENT.n8nVersion}`, () => ensureN8n(CURRENT));
	// The previous major serves one file (run last): it installs while the others run, since
	// two installs at once on two cores take as long as one after the other.
	writeInstallStatus({ state: 'installing' });
	const started = Date.now();
	globalThis.__E2E_PREVIOUS_MAJOR__ = ensureN8n(PREVIOUS_MAJOR).then(
		() => {
			recordTiming(`install n8n ${PREVIOUS_MAJOR.n8nVersion} (in the background)`, Date.now() - started);
			writeInstallStatus({ state: 'ready' });
		},
		(error: unknown) => writeInstallStatus({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
	);

	const tarball = await timed('build and pack the package', () => buildAndPack(path.join(E2E_OUTPUT, 'build.log')));

	const userFolder = path.join(E2E_DIR, `n8n-${CURRENT.n8nVersion}`);
	fs.rmSync(userFolder, { recursive: true, force: true });
	const instance = new N8nInstance({ runtime, userFolder, logLevel: 'debug' });
	await timed('install the tarball into n8n', () => installPackage(instance.dataFolder, tarball, runtime.env));
	globalThis.__E2E_N8N__ = instance;
	await timed(`boot n8n ${CURRENT.n8nVersion}`, () => instance.start());
	rememberPid(instance.pid);

	const api = new N8nApi(instance.url);
	await api.signIn(DEMO_OWNER);
	writeState({
		url: instance.url,
		port: instance.port,
		userFolder,
		tarball,
		pid: instance.pid ?? 0,
		timings: {},
	});
}
