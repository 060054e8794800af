/**
 * A throwaway PostgreSQL server of Debian's `postgresql` package, on 127.0.0.1 and a free port,
 * with its data, socket and log in a folder of its own. Postgres refuses to run as root: as root,
 * initdb and pg_ctl run as the `postgres` user (`runuser`), which then owns that folder.
 *
 *   const db = await PostgresServer.start('/tmp/x/postgres');
 *   await db.sql('SELECT 1');   // psql -At
 *   await db.stop();
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { capture, freePort, run } from './process';

const PG_ROOT = '/usr/lib/postgresql';
/** The superuser password of these local, test-only servers (they listen on 127.0.0.1 only). */
const PASSWORD = 'n8n-local-only';
export const DATABASE = 'n8n';
export const USER = 'postgres';

/** The newest installed server's bin folder (`/usr/lib/postgresql/<major>/bin`), or undefined. */
export function postgresBinDir(): string | undefined {
	if (!fs.existsSync(PG_ROOT)) return undefined;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((major) => fs.existsSync(path.join(PG_ROOT, major, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : undefined;
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a server command as the user Postgres accepts (itself, or `postgres` when we are root). */
function asServerUser(binary: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', USER, '--', binary, ...args]] : [binary, args];
}

export class PostgresServer {
	private stopped = false;

	private constructor(
		readonly folder: string,
		readonly port: number,
		private readonly binDir: string,
	) {}

	get dataDir(): string {
		return path.join(this.folder, 'data');
	}

	get logFile(): string {
		return path.join(this.folder, 'postgres.log');
	}

	/** What n8n needs to reach the database (`DB_POSTGRESDB_*`). */
	get n8nEnv(): NodeJS.ProcessEnv {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: PASSWORD,
		};
	}

	/** The postmaster's process id (while it runs). */
	get pid(): number | undefined {
		try {
			return Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
		} catch {
			return undefined;
		}
	}

	/** initdb in `<folder>/data`, start on a free port, create the `n8n` database. */
	static async start(folder: string): Promise<PostgresServer> {
		const binDir = postgresBinDir();
		if (!binDir) throw new Error(`PostgreSQL is not installed (no ${PG_ROOT}/<major>/bin/initdb): run ensureQueueServices() or apt-get install postgresql`);
		fs.rmSync(folder, { recursive: true, force: true });
		fs.mkdirSync(path.join(folder, 'socket'), { recursive: true });
		// A real file: initdb reads it as the postgres user (a `<(...)` pipe is not readable there).
		const passwordFile = path.join(folder, 'password');
		fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
		if (isRoot()) await run('chown', ['-R', `${USER}:${USER}`, folder]);

		const server = new PostgresServer(folder, await freePort(), binDir);
		await server.serverCommand('initdb', ['-D', server.dataDir, '-U', USER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-sync']);
		fs.rmSync(passwordFile, { force: true });
		// Durability settings off: a test database that dies with the run.
		const options = [
			`-p ${server.port}`,
			'-c listen_addresses=127.0.0.1',
			`-k ${path.join(folder, 'socket')}`,
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
		].join(' ');
		await server.serverCommand('pg_ctl', ['-D', server.dataDir, '-l', server.logFile, '-o', options, '-w', '-t', '60', 'start']);
		await server.psql('postgres', `CREATE DATABASE ${DATABASE}`);
		return server;
	}

	private async serverCommand(name: string, args: string[]): Promise<void> {
		const [command, commandArgs] = asServerUser(path.join(this.binDir, name), args);
		await run(command, commandArgs, { logFile: path.join(this.folder, 'commands.log') });
	}

	private async psql(database: string, query: string): Promise<string> {
		return await capture('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', USER, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], {
			env: { ...process.env, PGPASSWORD: PASSWORD, PGCONNECT_TIMEOUT: '10' },
		});
	}

	/** Runs one statement on the `n8n` database; returns psql's unaligned output (`|` between columns). */
	async sql(query: string): Promise<string> {
		return (await this.psql(DATABASE, query)).trimEnd();
	}

	/** Stops the server (fast shutdown; immediate if that hangs). Idempotent. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		if (!fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
		try {
			await this.serverCommand('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '20', 'stop']);
		} catch {
			const pid = this.pid;
			// SIGQUIT: immediate shutdown, the postmaster takes its backends with it.
			if (pid) {
				try {
					process.kill(pid, 'SIGQUIT');
				} catch {
					// already gone
				}
			}
		}
	}
}
