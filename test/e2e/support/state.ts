/**
 * What the global setup hands to the test files: where the shared n8n listens, its user folder
 * (for CLI commands), the packed tarball, and whether the previous-major runtime installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CACHE_DIR, REPO_ROOT } from '../../../scripts/lib/runtime';

export const E2E_DIR = path.join(CACHE_DIR, 'e2e');
/** Test output that is not committed: screenshots of a normal run, logs, timings. */
export const E2E_OUTPUT = path.join(REPO_ROOT, '.tmp', 'e2e');
const STATE_FILE = path.join(E2E_DIR, 'state.json');

export interface E2eState {
	url: string;
	port: number;
	userFolder: string;
	tarball: string;
	pid: number;
	timings: Record<string, number>;
}

export function writeState(state: E2eState): void {
	fs.mkdirSync(E2E_DIR, { recursive: true });
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readState(): E2eState {
	if (!fs.existsSync(STATE_FILE)) throw new Error('No e2e state: run the suite with `npm run test:e2e` (its global setup starts n8n)');
	return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as E2eState;
}

export function clearState(): void {
	fs.rmSync(STATE_FILE, { force: true });
}

/** Phase durations, appended by the setup and the test files, printed at the end. */
export function recordTiming(name: string, ms: number): void {
	fs.mkdirSync(E2E_OUTPUT, { recursive: true });
	fs.appendFileSync(path.join(E2E_OUTPUT, 'timings.log'), `${name}\t${(ms / 1000).toFixed(1)} s\n`);
}

/** Records a setup step's time and prints it as `[e2e] <step>: N s`, like the global setup's steps. */
export function printTiming(step: string, ms: number): void {
	recordTiming(step, ms);
	process.stdout.write(`[e2e] ${step}: ${(ms / 1000).toFixed(1)} s\n`);
}

/** Runs `work` and prints how long it took (printTiming). */
export async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await work();
	printTiming(step, Date.now() - started);
	return result;
}

/**
 * The previous-major runtime installs in the background while the other files run (see the
 * global setup); its test waits for this status.
 */
const PREVIOUS_MAJOR_STATUS = path.join(E2E_DIR, 'previous-major.status.json');

export type InstallStatus = { state: 'installing' } | { state: 'ready' } | { state: 'failed'; error: string };

export function writeInstallStatus(status: InstallStatus): void {
	fs.mkdirSync(E2E_DIR, { recursive: true });
	fs.writeFileSync(PREVIOUS_MAJOR_STATUS, JSON.stringify(status));
}

export async function waitForInstall(timeoutMs: number): Promise<InstallStatus> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = fs.existsSync(PREVIOUS_MAJOR_STATUS)
			? (JSON.parse(fs.readFileSync(PREVIOUS_MAJOR_STATUS, 'utf8')) as InstallStatus)
			: ({ state: 'failed', error: 'the global setup did not start the install' } as InstallStatus);
		if (status.state !== 'installing') return status;
		if (Date.now() > deadline) return { state: 'failed', error: `still installing after ${timeoutMs / 1000} s` };
		await new Promise((resolve) => setTimeout(resolve, 2_000));
	}
}
