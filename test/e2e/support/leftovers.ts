/**
 * An n8n this suite started and did not stop (a killed jest run) would hold its port and
 * database: the next run stops it, by the process id it recorded, and only if that process is
 * still an n8n from this repository's cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CACHE_DIR } from '../../../scripts/lib/runtime';
import { E2E_DIR } from './state';

const PID_FILE = path.join(E2E_DIR, 'n8n.pids');

export function rememberPid(pid: number | undefined): void {
	if (!pid) return;
	fs.mkdirSync(E2E_DIR, { recursive: true });
	fs.appendFileSync(PID_FILE, `${pid}\n`);
}

export function stopLeftover(): void {
	if (!fs.existsSync(PID_FILE)) return;
	for (const line of fs.readFileSync(PID_FILE, 'utf8').split('\n')) {
		const pid = Number(line);
		if (!pid) continue;
		let commandLine = '';
		try {
			commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		} catch {
			continue; // gone
		}
		if (!commandLine.includes(CACHE_DIR)) continue;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// not a group leader any more
		}
	}
	fs.rmSync(PID_FILE, { force: true });
}
