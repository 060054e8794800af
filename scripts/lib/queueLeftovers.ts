/**
 * Servers of a queue cluster whose run was killed before its stop(): each pid recorded in
 * QUEUE_PID_FILE is stopped if that process still belongs to the cluster's folder (its command
 * line or its working directory is inside it: redis rewrites its command line, n8n and redis run
 * from their folder, the postmaster names its data folder), so a reused pid is never hit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CACHE_DIR } from './runtime';

/** Where running servers' pids are recorded (a line `pid<TAB>kind<TAB>dir<TAB>owner pid` each). */
export const QUEUE_PID_FILE = path.join(CACHE_DIR, 'queue-cluster.pids');

/** A process group we started (n8n, redis), or a postmaster (started detached by pg_ctl). */
export type PidKind = 'group' | 'postmaster';

/** Records a server this process started, for stopQueueLeftovers() of a later run. */
export function recordQueuePid(pid: number | undefined, kind: PidKind, dir: string): void {
	if (!pid) return;
	fs.mkdirSync(path.dirname(QUEUE_PID_FILE), { recursive: true });
	fs.appendFileSync(QUEUE_PID_FILE, `${pid}\t${kind}\t${dir}\t${process.pid}\n`);
}

/** Whether a process with this id still exists (signal 0 only checks). */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function belongsTo(pid: number, dir: string): boolean {
	try {
		const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		if (commandLine.includes(dir)) return true;
		return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
	} catch {
		return false; // gone
	}
}

function stop(pid: number, kind: PidKind): void {
	try {
		// The postmaster is not our process group's leader (pg_ctl detached it): SIGQUIT is its
		// immediate shutdown, which takes the backends along. The others lead their group.
		if (kind === 'postmaster') process.kill(pid, 'SIGQUIT');
		else process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * Stops what killed runs left, and keeps the records of clusters whose owner (the process that
 * started them, e.g. a concurrent jest run) is still alive. Returns how many it signalled.
 */
export function stopQueueLeftovers(): number {
	if (!fs.existsSync(QUEUE_PID_FILE)) return 0;
	let stopped = 0;
	const kept: string[] = [];
	for (const line of fs.readFileSync(QUEUE_PID_FILE, 'utf8').split('\n')) {
		const [pidText, kind, dir, ownerText] = line.split('\t');
		const pid = Number(pidText);
		if (!pid || !dir || (kind !== 'group' && kind !== 'postmaster')) continue;
		if (!belongsTo(pid, dir)) continue;
		const owner = Number(ownerText);
		if (owner && owner !== process.pid && alive(owner)) {
			kept.push(line);
			continue;
		}
		stop(pid, kind);
		stopped += 1;
	}
	if (kept.length) fs.writeFileSync(QUEUE_PID_FILE, `${kept.join('\n')}\n`);
	else fs.rmSync(QUEUE_PID_FILE, { force: true });
	return stopped;
}
