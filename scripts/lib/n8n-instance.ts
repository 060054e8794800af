/**
 * One n8n process with its own user folder, ports and log, started from a pinned runtime, and
 * its command line (import:workflow, execute, ...) run against the same folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { capture, freePort, Service, sleep, tailOf } from './process';
import type { N8nRuntime } from './runtime';

export interface InstanceOptions {
	runtime: N8nRuntime;
	/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Default: a free port. */
	port?: number;
	/** The address n8n listens on: 127.0.0.1 unless set (the demo's --host). */
	listenAddress?: string;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Extra environment for n8n. */
	env?: NodeJS.ProcessEnv;
	/** Echo n8n's output to the terminal with a prefix. */
	echo?: boolean;
}

/** Settings every n8n started here gets: no calls home, plain-http cookies, a fixed encryption key. */
export function baseEnv(runtime: N8nRuntime, userFolder: string): NodeJS.ProcessEnv {
	// Started from jest, NODE_ENV is 'test', which silences n8n's logger and changes its start-up.
	const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _jestWorker, ...inherited } = runtime.env;
	return {
		...inherited,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-twelvelabs-local-only',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		// A poll trigger's "every minute" is the shortest schedule; nothing here needs less.
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// 1.x: run Code nodes in-process (2.x always uses runners and ignores this).
		N8N_RUNNERS_ENABLED: 'false',
		NODE_OPTIONS: '',
	};
}

/**
 * Whether the n8n serving `baseUrl` is ready: its database migrations are done (GET
 * /healthz/readiness answers 200) and its REST API answers JSON (1.x answers readiness before
 * its REST routes exist).
 */
export async function answersRest(baseUrl: string): Promise<boolean> {
	try {
		const readiness = await fetch(`${baseUrl}/healthz/readiness`);
		if (readiness.status !== 200) return false;
		const settings = await fetch(`${baseUrl}/rest/settings`);
		return settings.status === 200 && (settings.headers.get('content-type') ?? '').includes('json');
	} catch {
		return false; // not listening yet
	}
}

export class N8nInstance {
	readonly runtime: N8nRuntime;
	readonly userFolder: string;
	readonly logFile: string;
	port = 0;
	private service?: Service;
	private env: NodeJS.ProcessEnv = {};

	constructor(private readonly options: InstanceOptions) {
		this.runtime = options.runtime;
		this.userFolder = options.userFolder;
		this.logFile = path.join(options.userFolder, 'n8n.log');
	}

	/** `<userFolder>/.n8n`, where the nodes folder, database and config live. */
	get dataFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	get url(): string {
		return `http://localhost:${this.port}`;
	}

	/** Environment shared by the server and CLI commands (CLI commands get their own runner port). */
	private async commonEnv(): Promise<NodeJS.ProcessEnv> {
		return {
			...baseEnv(this.runtime, this.userFolder),
			N8N_LOG_LEVEL: this.options.logLevel ?? 'info',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...this.options.env,
		};
	}

	async start(): Promise<void> {
		fs.mkdirSync(this.userFolder, { recursive: true });
		this.port = this.options.port ?? (await freePort());
		this.env = {
			...(await this.commonEnv()),
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: this.options.listenAddress ?? '127.0.0.1',
			N8N_EDITOR_BASE_URL: `http://localhost:${this.port}`,
			WEBHOOK_URL: `http://localhost:${this.port}/`,
		};
		fs.writeFileSync(this.logFile, '');
		this.service = new Service('n8n', this.runtime.node.binary, [this.runtime.n8nBin, 'start'], {
			env: this.env,
			cwd: this.userFolder,
			logFile: this.logFile,
			echo: this.options.echo,
		});
		try {
			await this.waitUntilReady();
		} catch (error) {
			await this.service.stop();
			throw error;
		}
	}

	/** Ready means the database migrations are done (GET /healthz/readiness answers 200) and the REST API answers. */
	private async waitUntilReady(timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.service?.running) {
				throw new Error(`n8n exited during start-up. Last lines of ${this.logFile}:\n${tailOf(this.logFile, 40)}`);
			}
			if (await answersRest(`http://127.0.0.1:${this.port}`)) return;
			await sleep(500);
		}
		throw new Error(`n8n was not ready within ${timeoutMs / 1000} s. Last lines of ${this.logFile}:\n${tailOf(this.logFile, 40)}`);
	}

	get running(): boolean {
		return this.service?.running ?? false;
	}

	/** Process id of the server (leader of its process group). */
	get pid(): number | undefined {
		return this.service?.child.pid;
	}

	whenExited(): Promise<number | null> {
		return this.service?.whenExited() ?? Promise.resolve(null);
	}

	async stop(): Promise<void> {
		await this.service?.stop();
	}

	/** The server's log so far. */
	log(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/**
	 * Runs an n8n CLI command on the same user folder (e.g. `import:workflow --input=f.json`),
	 * returns its stdout. It boots a second n8n process, so it gets its own task-runner port.
	 */
	async cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
		fs.mkdirSync(this.userFolder, { recursive: true });
		return await capture(this.runtime.node.binary, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: { ...(await this.commonEnv()), ...env },
		});
	}
}
