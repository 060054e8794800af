/**
 * The servers n8n's queue mode needs, from Debian: `postgresql` and `redis-server`, installed with
 * apt-get when missing (as root, or with `sudo -n`), like the browser for the editor checks.
 * The packages' own system-wide servers (ports 5432 and 6379) are not started: the suite runs
 * servers of its own on free ports (scripts/lib/postgres.ts, scripts/lib/redis.ts).
 */
import * as fs from 'node:fs';

import { postgresBinDir } from './postgres';
import { run } from './process';
import { REDIS_SERVER } from './redis';

/** Debian's way to keep maintainer scripts from starting services during an install. */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function log(message: string): void {
	process.stdout.write(`[queue] ${message}\n`);
}

/** Debian packages still missing for queue mode. */
export function missingQueuePackages(): string[] {
	const missing: string[] = [];
	if (!postgresBinDir() || !fs.existsSync('/usr/bin/psql')) missing.push('postgresql');
	if (!fs.existsSync(REDIS_SERVER)) missing.push('redis-server');
	return missing;
}

/** Installs Debian's postgresql and redis-server when missing (once per machine). */
export async function ensureQueueServices(): Promise<void> {
	const missing = missingQueuePackages();
	if (missing.length === 0) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot && !fs.existsSync('/usr/bin/sudo')) {
		throw new Error(`${missing.join(' and ')} missing and this user cannot install them: run \`apt-get install -y ${missing.join(' ')}\` as root`);
	}
	const sudo = isRoot ? [] : ['sudo', '-n'];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const asRoot = async (command: string, args: string[]): Promise<void> => {
		const [head, ...rest] = [...sudo, command, ...args];
		await run(head, rest, { env });
	};
	const started = Date.now();
	const ownPolicy = !fs.existsSync(POLICY_RC_D);
	log(`installing Debian's ${missing.join(' and ')} with apt-get (once per machine)...`);
	if (ownPolicy) {
		await asRoot('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC_D} && chmod 755 ${POLICY_RC_D}`]);
	}
	try {
		await asRoot('apt-get', ['update', '-q']);
		await asRoot('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing]);
	} finally {
		if (ownPolicy) await asRoot('rm', ['-f', POLICY_RC_D]);
	}
	const still = missingQueuePackages();
	if (still.length) throw new Error(`apt-get installed ${missing.join(', ')}, but ${still.join(', ')} still look missing`);
	log(`installed ${missing.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
