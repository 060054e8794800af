/**
 * Headless Chromium for the editor checks: Debian's `chromium` package, installed with apt when
 * missing (playwright's own browser download is not reachable), driven by playwright-core.
 */
import * as fs from 'node:fs';

import { run } from './process';

export const CHROMIUM = '/usr/bin/chromium';

function log(message: string): void {
	process.stdout.write(`[browser] ${message}\n`);
}

/** Installs Debian's chromium when it is not there yet; returns its path. */
export async function ensureChromium(): Promise<string> {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const sudo = isRoot ? [] : ['sudo', '-n'];
	if (!isRoot && !fs.existsSync('/usr/bin/sudo')) {
		throw new Error('Chromium is missing and this user cannot install it: run `apt-get install -y chromium` as root');
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = async (args: string[]): Promise<void> => {
		const [command, ...rest] = [...sudo, 'apt-get', ...args];
		await run(command, rest, { env });
	};
	log('installing Debian\'s chromium with apt-get (once per machine)...');
	await apt(['update', '-q']);
	await apt(['install', '-y', '-q', '--no-install-recommends', 'chromium']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is missing`);
	return CHROMIUM;
}

/** Flags for a quiet, isolated headless run (no sandbox: CI runs as root). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];
