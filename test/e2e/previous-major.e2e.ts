/**
 * n8n 1.123 on Node 20, for users still on n8n 1.x: the same tarball loads without errors (every
 * node, its AI tool variant, the credential), and a workflow of the package runs there through
 * `n8n execute` against the emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Emulator, startEmulator } from '../emulator';
import { DEMO_ASSETS, seedDemoData } from '../../scripts/lib/demo-data';
import { CREDENTIAL_TYPE, PACKAGE_PREFIX } from '../../scripts/lib/examples';
import { DEMO_OWNER, N8nApi, type WorkflowJson } from '../../scripts/lib/n8n-api';
import { N8nInstance } from '../../scripts/lib/n8n-instance';
import { installPackage, packageNodes } from '../../scripts/lib/package';
import { ensureN8n } from '../../scripts/lib/runtime';
import { PREVIOUS_MAJOR } from '../../scripts/lib/versions';
import { rememberPid } from './support/leftovers';
import { E2E_DIR, E2E_OUTPUT, readState, recordTiming, waitForInstall } from './support/state';

const nodes = packageNodes();
let instance: N8nInstance;
let api: N8nApi;
let emulator: Emulator;

beforeAll(async () => {
	const state = readState();
	const install = await waitForInstall(15 * 60_000);
	if (install.state === 'failed') throw new Error(`n8n ${PREVIOUS_MAJOR.n8nVersion} could not be installed: ${install.error}`);
	const runtime = await ensureN8n(PREVIOUS_MAJOR);
	const userFolder = path.join(E2E_DIR, `n8n-${PREVIOUS_MAJOR.n8nVersion}`);
	fs.rmSync(userFolder, { recursive: true, force: true });
	instance = new N8nInstance({ runtime, userFolder, logLevel: 'debug' });
	await installPackage(instance.dataFolder, state.tarball, runtime.env);
	const started = Date.now();
	await instance.start();
	rememberPid(instance.pid);
	recordTiming(`boot n8n ${PREVIOUS_MAJOR.n8nVersion}`, Date.now() - started);
	api = new N8nApi(instance.url);
	await api.signIn(DEMO_OWNER);
	emulator = await startEmulator({ clock: 'realtime' });
	seedDemoData(emulator.state);
}, 20 * 60_000);

afterAll(async () => {
	await instance?.stop();
	await emulator?.close();
});

describe(`n8n ${PREVIOUS_MAJOR.n8nVersion} on Node ${PREVIOUS_MAJOR.nodeVersion}`, () => {
	test('runs on the pinned Node and loads the package with no error about it', () => {
		const log = instance.log();
		expect(log).toMatch(/Loaded all credentials and nodes from n8n-nodes-twelvelabs/);
		expect(log.split('\n').filter((line) => /twelvelabs/i.test(line) && /error|fail|could not|cannot/i.test(line))).toEqual([]);
	});

	test('offers every node, each action node as an AI tool, and the credential', async () => {
		const names = await api.nodeTypeNames();
		const expected = [
			...nodes.map((node) => `${PACKAGE_PREFIX}${node.name}`),
			...nodes.filter((node) => node.usableAsTool).map((node) => `${PACKAGE_PREFIX}${node.name}Tool`),
		];
		expect(expected.filter((name) => !names.includes(name))).toEqual([]);
		expect(await api.credentialTypeNames()).toContain(CREDENTIAL_TYPE);
	});

	test('runs an Asset workflow with n8n execute', async () => {
		const credential = await api.createCredential('TwelveLabs emulator', CREDENTIAL_TYPE, { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' });
		const workflow: WorkflowJson = {
			id: 'prevMajorAsset01',
			name: 'List assets on n8n 1.x',
			active: false,
			nodes: [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					name: 'List assets',
					type: `${PACKAGE_PREFIX}twelveLabsAsset`,
					typeVersion: 1,
					position: [200, 0],
					parameters: { operation: 'list', returnAll: true },
					credentials: { [CREDENTIAL_TYPE]: credential },
				},
			],
			connections: { Start: { main: [[{ node: 'List assets', type: 'main', index: 0 }]] } },
			settings: {},
		};
		const file = path.join(E2E_OUTPUT, 'previous-major-workflow.json');
		fs.writeFileSync(file, JSON.stringify(workflow));
		await instance.cli(['import:workflow', `--input=${file}`]);
		// --rawOutput prints the run as JSON on stdout (1.x prints it through its logger: keep level info).
		const output = await instance.cli(['execute', `--id=${workflow.id}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info' });
		fs.writeFileSync(path.join(E2E_OUTPUT, 'previous-major-execute.txt'), output);
		const run = JSON.parse(output.slice(output.search(/^\{/m))) as {
			data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: { id: string } }>> } }>> } };
		};
		const listed = run.data.resultData.runData['List assets'][0].data.main[0].map((item) => item.json.id);
		expect(listed.sort()).toEqual(DEMO_ASSETS.map((asset) => asset._id).sort());
		expect(emulator.violations).toEqual([]);
	});
});
