/**
 * An n8n this suite started and did not stop (a killed jest run) would hold its port and
 * database: the next run stops it, by the process id it recorded, and only if that process is
 * still an n8n from this repository's cache and the run that started it is gone. The same for
 * the queue-mode cluster's n8n processes, Postgres and Redis (see scripts/lib/queueLeftovers.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { alive, stopQueueLeftovers } from '../../../scripts/lib/queueLeftovers';
import { CACHE_DIR } from '../../../scripts/lib/runtime';
import { E2E_DIR } from './state';

const PID_FILE = path.join(E2E_DIR, 'n8n.pids');

export function rememberPid(pid: number | undefined): void {
	if (!pid) return;
	fs.mkdirSync(E2E_DIR, { recursive: true });
	// With the id of the run that started it: a run still going (another jest in this folder) is left alone.
	fs.appendFileSync(PID_FILE, `${pid}\t${process.pid}\n`);
}

export function stopLeftover(): void {
	stopQueueLeftovers();
	if (!fs.existsSync(PID_FILE)) return;
	const kept: string[] = [];
	for (const line of fs.readFileSync(PID_FILE, 'utf8').split('\n')) {
		const [pid, owner] = line.split('\t').map(Number);
		if (!pid) continue;
		if (owner && owner !== process.pid && alive(owner)) {
			kept.push(line);
			continue;
		}
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
	if (kept.length) fs.writeFileSync(PID_FILE, `${kept.join('\n')}\n`);
	else fs.rmSync(PID_FILE, { force: true });
}
