/**
 * `npm start`: a real n8n at http://localhost:5678 with this package installed as users install
 * it, the TwelveLabs emulator behind a demo credential (or the real API when TWELVELABS_API_KEY
 * is set), the example workflows imported, and an owner login printed. Ctrl-C stops everything.
 *
 * Options: --port N (n8n's port, default 5678), --host ADDRESS (where n8n listens, default
 * 127.0.0.1: the demo's owner password is printed and in the README, so n8n stays on this
 * machine unless asked), --fresh (forget the demo's data first). The emulator always listens
 * on 127.0.0.1: only n8n calls it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Emulator, startEmulator } from '../test/emulator';
import { seedDemoData } from './lib/demo-data';
import { CREDENTIAL_TYPE, missingTypes, readExamples, withCredential } from './lib/examples';
import { DEMO_OWNER, N8nApi } from './lib/n8n-api';
import { N8nInstance } from './lib/n8n-instance';
import { buildAndPack, installPackage } from './lib/package';
import { portInUse } from './lib/process';
import { CACHE_DIR, ensureN8n, seconds } from './lib/runtime';
import { CURRENT } from './lib/versions';

const EMULATOR_PORT = 5680;
const EMULATOR_API_KEY = 'tl-demo-key';
const DEMO_FOLDER = path.join(CACHE_DIR, 'demo');
const REAL_API = 'https://api.twelvelabs.io/v1.3';

function say(message: string): void {
	process.stdout.write(`[demo] ${message}\n`);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export interface DemoArgs {
	port: number;
	fresh: boolean;
	/** Where n8n listens. */
	host: string;
	/** Said before starting when `host` is reachable from other machines. */
	warning: string | undefined;
}

export function parseArgs(argv: string[]): DemoArgs {
	let port = 5678;
	let fresh = false;
	let host = '127.0.0.1';
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--port') port = Number(argv[++i]);
		else if (argv[i] === '--host') {
			const value = argv[++i];
			if (!value || value.startsWith('-')) throw new Error('--host needs an address, e.g. --host 0.0.0.0');
			host = value;
		} else if (argv[i] === '--fresh') fresh = true;
		else if (argv[i] === '--help' || argv[i] === '-h') {
			process.stdout.write(
				'Usage: npm start [-- --port 5678] [-- --host 127.0.0.1] [-- --fresh]\n  TWELVELABS_API_KEY=... npm start   uses the real TwelveLabs API\n',
			);
			process.exit(0);
		} else throw new Error(`unknown option ${argv[i]} (try --help)`);
	}
	if (!Number.isInteger(port) || port <= 0) throw new Error('--port needs a port number');
	const warning = LOOPBACK_HOSTS.has(host)
		? undefined
		: `WARNING: n8n will listen on ${host}:${port}. Anyone who can reach this machine there can log in with the demo owner's password printed below (it is also in the README) and use its TwelveLabs credential. Use --host only on a network you trust.`;
	return { port, fresh, host, warning };
}

async function startDemoEmulator(): Promise<Emulator> {
	const port = (await portInUse(EMULATOR_PORT)) ? 0 : EMULATOR_PORT;
	const emulator = await startEmulator({ port, apiKey: EMULATOR_API_KEY, clock: 'realtime' });
	seedDemoData(emulator.state);
	let seen = 0;
	setInterval(() => {
		while (seen < emulator.violations.length) say(`emulator: spec violation: ${emulator.violations[seen++]}`);
	}, 1000).unref();
	return emulator;
}

/** Creates the demo credential, or updates it so it follows this start's emulator port or API key. */
async function upsertCredential(api: N8nApi, baseUrl: string, apiKey: string, real: boolean): Promise<{ id: string; name: string }> {
	const name = real ? 'TwelveLabs API' : 'TwelveLabs (demo emulator)';
	const data = { apiKey, baseUrl, webhookSecret: '' };
	const existing = (await api.listCredentials()).find((credential) => credential.type === CREDENTIAL_TYPE && credential.name === name);
	if (existing) {
		await api.updateCredential(existing.id, name, CREDENTIAL_TYPE, data);
		return { id: existing.id, name };
	}
	return await api.createCredential(name, CREDENTIAL_TYPE, data);
}

/** Imports the examples not imported yet (by name, so a user's edits survive a restart). */
async function importExamples(api: N8nApi, credential: { id: string; name: string }): Promise<string[]> {
	const known = await api.nodeTypeNames();
	const existing = new Set((await api.listWorkflows()).map((workflow) => workflow.name));
	const lines: string[] = [];
	for (const example of readExamples()) {
		const missing = missingTypes(example.workflow, known);
		if (missing.length > 0) {
			lines.push(`skipped ${example.slug}: this n8n has no ${missing.join(', ')}`);
			continue;
		}
		if (existing.has(example.workflow.name)) {
			lines.push(`kept    ${example.workflow.name}`);
			continue;
		}
		await api.createWorkflow(withCredential(example.workflow, credential));
		lines.push(`added   ${example.workflow.name}`);
	}
	return lines;
}

async function main(): Promise<void> {
	const { port, fresh, host, warning } = parseArgs(process.argv.slice(2));
	if (warning) say(warning);
	const realKey = process.env.TWELVELABS_API_KEY?.trim();
	if (await portInUse(port)) {
		throw new Error(`port ${port} is already in use (another n8n?). Stop it, or run: npm start -- --port 5690`);
	}
	if (fresh) fs.rmSync(DEMO_FOLDER, { recursive: true, force: true });
	const started = Date.now();

	let phase = Date.now();
	const runtime = await ensureN8n(CURRENT);
	say(`n8n ${CURRENT.n8nVersion} on Node ${CURRENT.nodeVersion} ready (${seconds(phase)})`);

	phase = Date.now();
	const instance = new N8nInstance({ runtime, userFolder: DEMO_FOLDER, port, listenAddress: host, logLevel: 'info' });
	fs.mkdirSync(instance.dataFolder, { recursive: true });
	const tarball = await buildAndPack(path.join(DEMO_FOLDER, 'build.log'));
	await installPackage(instance.dataFolder, tarball, runtime.env);
	say(`built and installed ${path.basename(tarball)} into ${path.relative(process.cwd(), path.join(instance.dataFolder, 'nodes'))} (${seconds(phase)})`);

	const emulator = realKey ? undefined : await startDemoEmulator();
	let stopping = false;
	const stopAll = async (code: number): Promise<void> => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the emulator...');
		await instance.stop();
		await emulator?.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	phase = Date.now();
	say(`starting n8n (log: ${path.relative(process.cwd(), instance.logFile)})...`);
	try {
		await instance.start();
	} catch (error) {
		await emulator?.close();
		throw error;
	}
	say(`n8n is ready (${seconds(phase)})`);
	void instance.whenExited().then((code) => {
		if (!stopping) {
			say(`n8n exited by itself (code ${code}); see ${instance.logFile}`);
			void stopAll(1);
		}
	});

	let owner: 'created' | 'existing';
	let credential: { id: string; name: string };
	let imported: string[];
	try {
		const api = new N8nApi(`http://127.0.0.1:${port}`);
		owner = await api.signIn(DEMO_OWNER);
		credential = realKey
			? await upsertCredential(api, REAL_API, realKey, true)
			: await upsertCredential(api, emulator!.baseUrl, emulator!.apiKey, false);
		imported = await importExamples(api, credential);
	} catch (error) {
		say(`setting up n8n failed: ${error instanceof Error ? error.message : String(error)}`);
		await stopAll(1);
		return;
	}

	const lines = [
		'',
		`  n8n ${CURRENT.n8nVersion} with n8n-nodes-twelvelabs:  http://localhost:${port}`,
		`  Log in:      ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}${owner === 'created' ? '   (owner just created)' : ''}`,
		realKey
			? `  Credential:  "${credential.name}" -> ${REAL_API} (TWELVELABS_API_KEY)`
			: `  Credential:  "${credential.name}" -> TwelveLabs emulator at ${emulator!.baseUrl} (x-api-key ${emulator!.apiKey})`,
		'  Examples:',
		...imported.map((line) => `    ${line}`),
		`  Ready in ${seconds(started)}. Press Ctrl-C to stop n8n${realKey ? '' : ' and the emulator'}.`,
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

// Run by `npm start`; imported by the tests for its options only.
if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
