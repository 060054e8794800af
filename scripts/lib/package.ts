/**
 * This package as users get it: built, packed into a tarball, and installed under n8n's `nodes`
 * folder the way n8n's own community-package installer does it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { capture, run } from './process';
import { CACHE_DIR, REPO_ROOT } from './runtime';

export interface PackageManifest {
	name: string;
	version: string;
	n8n: { credentials: string[]; nodes: string[] };
}

export function readManifest(): PackageManifest {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageManifest;
}

export interface PackageNode {
	/** e.g. `twelveLabsAsset` */
	name: string;
	displayName: string;
	/** Whether n8n also offers it as an AI Agent tool (`<name>Tool`). */
	usableAsTool: boolean;
	/** The description's top-level `properties` (for the editor checks). */
	description: NodeDescription;
}

export interface NodeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	usableAsTool?: boolean;
	polling?: boolean;
	webhooks?: unknown[];
	properties: Array<Record<string, unknown>>;
	[key: string]: unknown;
}

/**
 * The nodes package.json lists, read from the built files in dist/ (build first). Loaded with the
 * repository's own n8n-workflow; the class is the file's base name, as n8n expects.
 */
export function packageNodes(): PackageNode[] {
	return readManifest().n8n.nodes.map((file) => {
		const absolute = path.join(REPO_ROOT, file);
		const className = path.basename(file).replace(/\.node\.js$/, '');
		const exported = require(absolute) as Record<string, new () => { description: NodeDescription }>;
		const NodeClass = exported[className];
		if (!NodeClass) throw new Error(`${file} does not export a class named ${className}`);
		const description = new NodeClass().description;
		return { name: description.name, displayName: description.displayName, usableAsTool: description.usableAsTool === true, description };
	});
}

/** Whether package.json lists a node with this type name (e.g. `twelveLabsTrigger`), without building. */
export function packageListsNode(className: string): boolean {
	return readManifest().n8n.nodes.some((file) => path.basename(file) === `${className}.node.js`);
}

/** Builds dist/ and packs it; returns the tarball's absolute path. */
export async function buildAndPack(logFile?: string): Promise<string> {
	await run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, logFile });
	const destination = path.join(CACHE_DIR, 'pack');
	fs.rmSync(destination, { recursive: true, force: true });
	fs.mkdirSync(destination, { recursive: true });
	const out = await capture('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT });
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	return path.join(destination, filename);
}

/**
 * Installs the tarball into `<n8nFolder>/nodes` as n8n's installer does (`--ignore-scripts
 * --legacy-peer-deps`: the package then uses n8n's own n8n-workflow). `n8nFolder` is
 * `<N8N_USER_FOLDER>/.n8n`. `env` selects the npm/Node to use.
 */
export async function installPackage(n8nFolder: string, tarball: string, env: NodeJS.ProcessEnv): Promise<void> {
	const nodesDir = path.join(n8nFolder, 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	await run(
		'npm',
		['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--no-progress', '--loglevel=error'],
		{ cwd: nodesDir, env, logFile: path.join(n8nFolder, 'nodes-install.log') },
	);
}
