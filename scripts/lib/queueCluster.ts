/**
 * n8n in queue mode on this machine: a Postgres and a Redis of its own (127.0.0.1, free ports),
 * one main process, N workers and M webhook processes, each with its own user folder holding this
 * package installed from its tarball (n8n installs community packages on main only; workers and
 * webhook processes need it in their own `<user folder>/.n8n/nodes`, else their executions fail
 * with `Unrecognized node type`).
 *
 * API:
 *   await ensureQueueServices();   // apt-get install postgresql redis-server when missing
 *   const cluster = await QueueCluster.start({ runtime, tarball, dir, workers: 2, webhookProcesses: 1 });
 *   cluster.mainUrl, cluster.webhookUrls        // http://127.0.0.1:<port>
 *   await cluster.api()                         // N8nApi on main, owner logged in once (login answers 429 after ~7 a minute)
 *   cluster.mainLog(), workerLogs(), webhookLogs()   // each process's whole log (appended across restarts)
 *   cluster.workerOf(executionId)               // index of the worker that logged running it, or undefined
 *   cluster.enqueuedBy(executionId)             // 'main' or 'webhook-N': the process that queued it
 *   await cluster.killMain(); await cluster.startMain();   // SIGKILL, then again on the same port and folder
 *   await cluster.restartWebhooks();
 *   await cluster.restartWorkers(cluster.filesystemBinaryEnv);   // optionally with more environment
 *   await cluster.sql('SELECT ...')             // psql -At on the cluster's database
 *   cluster.rssMiB()                            // resident memory per process
 *   await cluster.stop()                        // everything; idempotent, safe after a failed start
 *
 * Every server's pid is appended to QUEUE_PID_FILE as it starts; stopQueueLeftovers() (called by
 * the e2e global setup) kills those still running from a run that was killed before its stop().
 * Processes log at debug level: a worker's log names each execution it runs (see workerOf()).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_OWNER, N8nApi } from './n8n-api';
import { installPackage } from './package';
import { PostgresServer } from './postgres';
import { QueueProcess, type QueueRole } from './queueProcess';
import { RedisServer } from './redis';
import type { N8nRuntime } from './runtime';

import { recordQueuePid } from './queueLeftovers';

export { ensureQueueServices } from './queueServices';
export { QUEUE_PID_FILE, stopQueueLeftovers } from './queueLeftovers';

export interface QueueClusterOptions {
	runtime: N8nRuntime;
	/** The packed package (`npm pack`), installed into every process's nodes folder. */
	tarball: string;
	/** A folder of its own (emptied first): data, user folders and logs. */
	dir: string;
	/** Default 2. */
	workers?: number;
	/** Default 1. */
	webhookProcesses?: number;
	/** `n8n worker --concurrency`; default n8n's (10). */
	workerConcurrency?: number;
	/** Default `database` (n8n's queue-mode default); `filesystem` uses a folder all processes share. */
	binaryDataMode?: 'database' | 'filesystem';
	/** Extra environment for every n8n process (overrides the cluster's). */
	env?: NodeJS.ProcessEnv;
	/** Each setup step's duration; default: printed as `[queue] <step>: N s`. */
	onStep?: (step: string, ms: number) => void;
}

function printStep(step: string, ms: number): void {
	process.stdout.write(`[queue] ${step}: ${(ms / 1000).toFixed(1)} s\n`);
}

export class QueueCluster {
	private postgres?: PostgresServer;
	private redis?: RedisServer;
	private main?: QueueProcess;
	private workers: QueueProcess[] = [];
	private webhooks: QueueProcess[] = [];
	private loggedIn?: Promise<N8nApi>;
	private stopping?: Promise<void>;

	private constructor(private readonly options: QueueClusterOptions) {}

	get dir(): string {
		return this.options.dir;
	}

	/** Starts everything; on failure stops what it started and rethrows. */
	static async start(options: QueueClusterOptions): Promise<QueueCluster> {
		const cluster = new QueueCluster(options);
		try {
			await cluster.boot();
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	private async step<T>(name: string, work: () => Promise<T>): Promise<T> {
		const started = Date.now();
		const result = await work();
		(this.options.onStep ?? printStep)(name, Date.now() - started);
		return result;
	}

	private async boot(): Promise<void> {
		const { dir, runtime } = this.options;
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		// The postgres user must be able to reach its data folder inside.
		fs.chmodSync(dir, 0o755);

		const userFolder = (name: string) => path.join(dir, name);
		const [postgres, redis] = await Promise.all([
			this.step('queue: start Postgres', () => PostgresServer.start(path.join(dir, 'postgres'))),
			this.step('queue: start Redis', () => RedisServer.start(path.join(dir, 'redis'))),
			this.step('queue: install the tarball into every process\'s nodes folder', () => this.installEverywhere()),
		]);
		this.postgres = postgres;
		this.redis = redis;
		recordQueuePid(postgres.pid, 'postmaster', dir);
		recordQueuePid(redis.pid, 'group', dir);

		const env = this.sharedEnv();
		const make = (role: QueueRole, name: string) =>
			new QueueProcess({ role, name, runtime, userFolder: userFolder(name), env, concurrency: this.options.workerConcurrency });
		this.main = make('main', 'main');
		this.workers = this.names('worker', this.options.workers ?? 2).map((name) => make('worker', name));
		this.webhooks = this.names('webhook', this.options.webhookProcesses ?? 1).map((name) => make('webhook', name));

		// Main first: it runs the database migrations the others expect.
		await this.step('queue: boot main (migrations)', () => this.startProcess(this.main as QueueProcess));
		await this.step('queue: create the owner', async () => {
			const api = new N8nApi(this.mainUrl);
			await api.signIn(DEMO_OWNER);
			this.loggedIn = Promise.resolve(api);
		});
		await this.step(`queue: boot ${this.workers.length} workers and ${this.webhooks.length} webhook processes`, () =>
			Promise.all([...this.workers, ...this.webhooks].map((child) => this.startProcess(child))).then(() => undefined),
		);
	}

	private names(prefix: string, count: number): string[] {
		return Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}`);
	}

	/** n8n's installer on main's folder, then the same nodes folder copied to the other processes. */
	private async installEverywhere(): Promise<void> {
		const { dir, runtime, tarball } = this.options;
		const mainNodes = path.join(dir, 'main', '.n8n');
		await installPackage(mainNodes, tarball, runtime.env);
		const others = [...this.names('worker', this.options.workers ?? 2), ...this.names('webhook', this.options.webhookProcesses ?? 1)];
		for (const name of others) {
			fs.cpSync(path.join(mainNodes, 'nodes'), path.join(dir, name, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
		}
	}

	private sharedEnv(): NodeJS.ProcessEnv {
		const mode = this.options.binaryDataMode ?? 'database';
		return {
			...(this.postgres as PostgresServer).n8nEnv,
			...(this.redis as RedisServer).n8nEnv,
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'debug',
			N8N_DEFAULT_BINARY_DATA_MODE: mode,
			...(mode === 'filesystem' ? this.filesystemBinaryEnv : {}),
			// A stopped process waits this long for its running executions.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...this.options.env,
		};
	}

	private async startProcess(child: QueueProcess): Promise<void> {
		await child.start();
		recordQueuePid(child.pid, 'group', this.options.dir);
	}

	private get mainProcess(): QueueProcess {
		if (!this.main) throw new Error('the queue cluster has not started');
		return this.main;
	}

	get mainUrl(): string {
		return this.mainProcess.url;
	}

	get webhookUrls(): string[] {
		return this.webhooks.map((webhook) => webhook.url);
	}

	/** The owner's API client on main, logged in once (the cookie outlives restarts of main). */
	async api(): Promise<N8nApi> {
		this.loggedIn ??= (async () => {
			const api = new N8nApi(this.mainUrl);
			await api.login(DEMO_OWNER);
			return api;
		})();
		return await this.loggedIn;
	}

	mainLog(): string {
		return this.mainProcess.log();
	}

	workerLogs(): string[] {
		return this.workers.map((worker) => worker.log());
	}

	webhookLogs(): string[] {
		return this.webhooks.map((webhook) => webhook.log());
	}

	/** Index (0-based) of the worker whose log says it ran this execution; undefined when none did. */
	workerOf(executionId: string): number | undefined {
		const index = this.workerLogs().findIndex((log) => ranExecution(log, executionId));
		return index === -1 ? undefined : index;
	}

	/** The process (`main`, `webhook-1`, ...) whose log says it put this execution on the queue. */
	enqueuedBy(executionId: string): string | undefined {
		const pattern = new RegExp(`Enqueued execution ${executionId}\\b`);
		return [this.main, ...this.webhooks].find((child) => child && pattern.test(child.log()))?.name;
	}

	/** Whether main's log says main itself ran this execution (not only enqueued it). */
	mainRan(executionId: string): boolean {
		return ranExecution(this.mainLog(), executionId);
	}

	/** SIGKILL to main and its task runner (a crash); the workers and webhook processes keep running. */
	async killMain(): Promise<void> {
		await this.mainProcess.kill();
	}

	/** Main again, on the same port and user folder. */
	async startMain(): Promise<void> {
		await this.step('queue: restart main', () => this.startProcess(this.mainProcess));
	}

	/**
	 * Stops the workers (they finish or hand back running jobs) and starts them again, with `env`
	 * added to their environment when given (e.g. another binary data mode).
	 */
	async restartWorkers(env: NodeJS.ProcessEnv = {}): Promise<void> {
		await this.step('queue: restart the workers', async () => {
			await Promise.all(this.workers.map((worker) => worker.stop()));
			for (const worker of this.workers) worker.options.env = { ...worker.options.env, ...env };
			await Promise.all(this.workers.map((worker) => this.startProcess(worker)));
		});
	}

	/** The environment for filesystem binary data on the folder every process of this cluster shares. */
	get filesystemBinaryEnv(): NodeJS.ProcessEnv {
		return { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_BINARY_DATA_STORAGE_PATH: path.join(this.options.dir, 'binary-data') };
	}

	async restartWebhooks(): Promise<void> {
		await this.step('queue: restart the webhook processes', async () => {
			await Promise.all(this.webhooks.map((webhook) => webhook.stop()));
			await Promise.all(this.webhooks.map((webhook) => this.startProcess(webhook)));
		});
	}

	/** One statement on the cluster's database; psql's unaligned output (`|` between columns). */
	async sql(query: string): Promise<string> {
		if (!this.postgres) throw new Error('the queue cluster has no database yet');
		return await this.postgres.sql(query);
	}

	/** Resident memory (MiB) of each running n8n process (with its task runner) and of Postgres. */
	rssMiB(): Record<string, number> {
		const rss: Record<string, number> = {};
		for (const child of [this.main, ...this.workers, ...this.webhooks]) if (child) rss[child.name] = child.rssMiB();
		return rss;
	}

	/**
	 * Stops n8n processes, then Redis and Postgres, and removes the database and binary files
	 * (the logs stay in `dir`). Idempotent; safe after a failed start.
	 */
	async stop(): Promise<void> {
		this.stopping ??= (async () => {
			const children = [this.main, ...this.workers, ...this.webhooks].filter((child): child is QueueProcess => child !== undefined);
			await Promise.allSettled(children.map((child) => child.stop()));
			await Promise.allSettled([this.redis?.stop(), this.postgres?.stop()]);
			for (const data of ['binary-data', path.join('postgres', 'data')]) {
				fs.rmSync(path.join(this.options.dir, data), { recursive: true, force: true });
			}
		})();
		await this.stopping;
	}
}

/** n8n's job processor logs `Worker started execution <id> (job <n>)` on the process that runs it. */
function ranExecution(log: string, executionId: string): boolean {
	return new RegExp(`started execution ${executionId}\\b`).test(log);
}
