/**
 * One n8n process of a queue-mode cluster (`n8n start`, `n8n worker` or `n8n webhook`) with its own
 * user folder, task-runner port and log. Its log is appended to across restarts, so a test can
 * read everything a process printed in the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { answersRest, baseEnv } from './n8n-instance';
import { freePort, Service, sleep, tailOf } from './process';
import type { N8nRuntime } from './runtime';

export type QueueRole = 'main' | 'worker' | 'webhook';

export interface QueueProcessOptions {
	role: QueueRole;
	/** e.g. `worker-2`; also the name of its user folder. */
	name: string;
	runtime: N8nRuntime;
	userFolder: string;
	/** What every process of the cluster shares (database, Redis, modes, encryption key...). */
	env: NodeJS.ProcessEnv;
	/** `n8n worker --concurrency`. */
	concurrency?: number;
}

/** Lines that say a process that does not serve the editor is ready. */
const READY_LINE: Record<Exclude<QueueRole, 'main'>, string> = {
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting',
};

export class QueueProcess {
	readonly logFile: string;
	/** The HTTP port (main and webhook processes; fixed across restarts). */
	port = 0;
	private service?: Service;

	constructor(readonly options: QueueProcessOptions) {
		this.logFile = path.join(options.userFolder, 'n8n.log');
	}

	get name(): string {
		return this.options.name;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** `<userFolder>/.n8n`: its nodes folder, config and crash journal. */
	get dataFolder(): string {
		return path.join(this.options.userFolder, '.n8n');
	}

	get pid(): number | undefined {
		return this.running ? this.service?.child.pid : undefined;
	}

	get running(): boolean {
		return this.service?.running ?? false;
	}

	async start(): Promise<void> {
		const { role, runtime, userFolder } = this.options;
		fs.mkdirSync(userFolder, { recursive: true });
		if (role !== 'worker' && !this.port) this.port = await freePort();
		const env: NodeJS.ProcessEnv = {
			...baseEnv(runtime, userFolder),
			...this.options.env,
			// Each process runs its own task runner: the default broker port would clash.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// A worker's health server (off by default) must not take a fixed port either.
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			...(this.port ? { N8N_PORT: String(this.port) } : {}),
		};
		const args = [runtime.n8nBin, role === 'main' ? 'start' : role];
		if (role === 'worker' && this.options.concurrency) args.push(`--concurrency=${this.options.concurrency}`);
		const offset = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
		fs.appendFileSync(this.logFile, `\n----- ${new Date().toISOString()} ${this.name} starting -----\n`);
		this.service = new Service(this.name, runtime.node.binary, args, { env, cwd: userFolder, logFile: this.logFile });
		try {
			await this.waitUntilReady(offset);
		} catch (error) {
			await this.service.stop(2_000);
			throw error;
		}
	}

	private async waitUntilReady(logOffset: number, timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running) throw new Error(`${this.name} exited during start-up. Last lines of ${this.logFile}:\n${tailOf(this.logFile, 40)}`);
			if (await this.ready(logOffset)) return;
			await sleep(250);
		}
		throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s. Last lines of ${this.logFile}:\n${tailOf(this.logFile, 40)}`);
	}

	private async ready(logOffset: number): Promise<boolean> {
		const role = this.options.role;
		if (role !== 'main') return this.logSince(logOffset).includes(READY_LINE[role]);
		return await answersRest(this.url);
	}

	private logSince(offset: number): string {
		const fd = fs.openSync(this.logFile, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	}

	/** Everything the process printed in this run (all its starts). */
	log(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/** SIGTERM (n8n finishes or hands back its jobs), SIGKILL after `graceMs`. */
	async stop(graceMs = 10_000): Promise<void> {
		await this.service?.stop(graceMs);
	}

	/** SIGKILL to the process and its task runner, as a crash or an OOM kill would. */
	async kill(): Promise<void> {
		const pid = this.pid;
		if (!pid || !this.service) return;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
		await this.service.whenExited();
	}

	/** Resident memory of the process and its children (task runner), in MiB; 0 when not running. */
	rssMiB(): number {
		const leader = this.pid;
		if (!leader) return 0;
		let kib = 0;
		for (const entry of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				// Field 5 of /proc/<pid>/stat is the process group; the comm field may hold spaces.
				const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
				const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
				if (group !== leader) continue;
				const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
				kib += rss ? Number(rss[1]) : 0;
			} catch {
				// exited meanwhile
			}
		}
		return Math.round(kib / 1024);
	}
}
