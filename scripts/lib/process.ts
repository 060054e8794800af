/** Child processes for the tooling: run-to-completion commands and long-running services. */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Append stdout+stderr here instead of the terminal (kept for the failure message). */
	logFile?: string;
}

/** Runs a command to completion; rejects with the tail of its output when it fails. */
export async function run(command: string, args: string[], options: RunOptions = {}): Promise<void> {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: options.logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit',
	});
	if (options.logFile) {
		const log = fs.createWriteStream(options.logFile, { flags: 'a' });
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
	}
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (code !== 0) {
		const tail = options.logFile ? `\n${tailOf(options.logFile, 40)}` : '';
		throw new Error(`${command} ${args.join(' ')} exited with ${code}${tail}`);
	}
}

/** Runs a command and returns its stdout. */
export async function capture(command: string, args: string[], options: Omit<RunOptions, 'logFile'> = {}): Promise<string> {
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (code !== 0) {
		throw Object.assign(new Error(`${command} ${args.join(' ')} exited with ${code}\n${err.slice(-4000)}${out.slice(-4000)}`), { stdout: out });
	}
	return out;
}

export function tailOf(file: string, lines: number): string {
	if (!fs.existsSync(file)) return '';
	return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * A long-running child in its own process group, so stopping it also stops what it started
 * (n8n starts task-runner processes).
 */
export class Service {
	readonly child: ChildProcess;
	private exited: Promise<number | null>;

	constructor(
		readonly name: string,
		command: string,
		args: string[],
		options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string; echo?: boolean },
	) {
		const log = fs.createWriteStream(options.logFile, { flags: 'a' });
		this.child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		for (const stream of [this.child.stdout, this.child.stderr]) {
			stream?.pipe(log, { end: false });
			if (options.echo) stream?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(name, chunk.toString())));
		}
		this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Resolves when the process exits (with its exit code). */
	whenExited(): Promise<number | null> {
		return this.exited;
	}

	/** SIGTERM to the group, SIGKILL after graceMs. */
	async stop(graceMs = 10_000): Promise<void> {
		if (!this.running || this.child.pid === undefined) return;
		const pid = this.child.pid;
		signalGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(timer);
		// Task runners and other grandchildren share the group: make sure none outlive it.
		signalGroup(pid, 'SIGKILL');
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function prefixLines(name: string, text: string): string {
	return text
		.split('\n')
		.filter((line) => line.length > 0)
		.map((line) => `[${name}] ${line}\n`)
		.join('');
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
	const net = await import('node:net');
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on this port of 127.0.0.1. */
export async function portInUse(port: number): Promise<boolean> {
	const net = await import('node:net');
	return await new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
