/**
 * The package in n8n's queue mode: Postgres and Redis of the suite's own, n8n 2.40 main + 2
 * workers + 1 webhook process, each with the packed tarball in its own nodes folder, binary data
 * in the database (queue mode's default). Each run is checked where it ran, from the logs: the
 * worker that logged "Worker started execution <id>", never main.
 *   - every process loaded the package;
 *   - every example that runs offline, started through main's REST API (manual runs offloaded);
 *   - Analyze started by a webhook on the webhook process; Async Task create, then Wait;
 *   - Asset upload of a small file (direct) from the database store; of a 120 MiB file from it,
 *     refused on the worker before any request (it used to hang); of a 90 MiB file from it, with
 *     the worker's memory printed (not asserted); and of a file over 200 MB
 *     (multipart) from the filesystem store on a folder all processes share (workers restarted
 *     with it: the database store refuses such files, see nodes/TwelveLabs/upload/binaryStorage.ts);
 *   - the credential test, answered by main.
 */
import * as path from 'node:path';

import { type Emulator, startEmulator } from '../emulator';
import { seedDemoData } from '../../scripts/lib/demo-data';
import { CREDENTIAL_TYPE, readExamples, withCredential } from '../../scripts/lib/examples';
import type { Execution, N8nApi } from '../../scripts/lib/n8n-api';
import { ensureQueueServices, QueueCluster } from '../../scripts/lib/queueCluster';
import { ensureN8n } from '../../scripts/lib/runtime';
import { CURRENT } from '../../scripts/lib/versions';
import { checkExampleRun, exampleSkipReason } from './examples.checks';
import { emulatorCredential, errorsOf, outputOf } from './support/n8n';
import { callWebhook, type FileServer, onlyExecution, publish, runManually, startFileServer } from './support/queueRuns';
import { type Sink, startSink } from './support/sink';
import { chain, downloadedBinaryId, manualTrigger, packageNode, sampledRss, uploadWorkflow } from './support/queueWorkflows';
import { withStandIns } from './support/standIns';
import { E2E_DIR, printTiming, readState, timed } from './support/state';

const MiB = 1024 * 1024;
const VIDEO_URL = 'https://example.com/videos/queue-mode.mp4';

const fileStarted = Date.now();
let cluster: QueueCluster | undefined;
let api: N8nApi;
let emulator: Emulator;
let sink: Sink;
let files: FileServer;
let credential: { id: string; name: string };

beforeAll(async () => {
	await timed('queue: Postgres and Redis installed (apt-get when missing)', () => ensureQueueServices());
	const runtime = await ensureN8n(CURRENT);
	cluster = await QueueCluster.start({
		runtime,
		tarball: readState().tarball,
		dir: path.join(E2E_DIR, 'queue'),
		workers: 2,
		webhookProcesses: 1,
		workerConcurrency: 5,
		binaryDataMode: 'database',
		onStep: printTiming,
	});
	api = await cluster.api();
	emulator = await startEmulator({ clock: 'realtime', taskDurations: { pendingMs: 200, processingMs: 500, readyMs: 1000 }, assetProcessingMs: 500 });
	sink = await startSink();
	files = await startFileServer();
	credential = await emulatorCredential(api, emulator);
}, 600_000);

beforeEach(() => {
	emulator.reset();
	seedDemoData(emulator.state);
	sink.received.length = 0;
});

afterAll(async () => {
	const rss = cluster?.rssMiB();
	if (rss) process.stdout.write(`[e2e] queue: resident memory (MiB, with task runners): ${JSON.stringify(rss)}\n`);
	await cluster?.stop();
	await emulator?.close();
	await sink?.close();
	await files?.close();
	printTiming('queue: whole file (cluster up, tests, cluster down)', Date.now() - fileStarted);
}, 120_000);

function theCluster(): QueueCluster {
	if (!cluster) throw new Error('the queue cluster did not start');
	return cluster;
}

/** The execution ran on a worker (its log names the execution), and main did not run it itself. */
function expectRanOnAWorker(execution: Execution): void {
	const worker = theCluster().workerOf(execution.id);
	expect({ execution: execution.id, ranOnAWorker: worker !== undefined, ranOnMain: theCluster().mainRan(execution.id) }).toEqual({
		execution: execution.id,
		ranOnAWorker: true,
		ranOnMain: false,
	});
}

/** Started through main's REST API: main put it on the queue, a worker ran it. */
function expectQueuedByMainRunOnAWorker(execution: Execution): void {
	expect(execution.mode).toBe('manual');
	expect(theCluster().enqueuedBy(execution.id)).toBe('main');
	expectRanOnAWorker(execution);
}




test('every process (main, each worker, the webhook process) loaded the package from its own nodes folder', () => {
	const loaded = (log: string) => /Loaded all credentials and nodes from n8n-nodes-twelvelabs/.test(log);
	const logs = { main: theCluster().mainLog(), workers: theCluster().workerLogs(), webhooks: theCluster().webhookLogs() };
	expect({ main: loaded(logs.main), workers: logs.workers.map(loaded), webhooks: logs.webhooks.map(loaded) }).toEqual({
		main: true,
		workers: [true, true],
		webhooks: [true],
	});
});

describe('examples, run on workers', () => {
	const examples = readExamples().filter((example) => !exampleSkipReason(example));

	test('there are examples to run', () => {
		expect(examples.length).toBeGreaterThan(0);
	});

	test.each(examples.map((example) => [example.slug, example] as const))('%s: started through main, run by a worker, checked', async (_slug, example) => {
		const { workflow, standIns } = withStandIns(withCredential(example.workflow, credential), sink.url);
		const execution = await runManually(api, workflow);
		await checkExampleRun({ example, execution, standIns, sink, emulator });
		expectQueuedByMainRunOnAWorker(execution);
	});
});

test('Analyze started by a webhook on the webhook process runs on a worker, and the answer goes back to the caller', async () => {
	const webhookPath = `queue-analyze-${Date.now()}`;
	const workflow = chain('Queue: webhook -> Analyze', [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			webhookId: webhookPath,
		},
		packageNode(credential, 'Analyze', 'twelveLabsAnalyze', 1, {
			videoSource: 'url',
			videoUrl: '={{ $json.body.videoUrl }}',
			promptType: 'plain',
			prompt: 'Describe this video in one sentence.',
			simplify: true,
			options: {},
		}),
	]);
	const { id } = await publish(api, workflow);
	try {
		const answer = await callWebhook(theCluster().webhookUrls[0], webhookPath, { videoUrl: VIDEO_URL });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.body)).toMatchObject({ text: expect.stringMatching(/^In response to "Describe this video/) });

		const execution = await onlyExecution(api, id);
		expect(errorsOf(execution)).toEqual([]);
		expect(execution.mode).toBe('webhook');
		expect(theCluster().enqueuedBy(execution.id)).toBe('webhook-1');
		expectRanOnAWorker(execution);
		const analyzed = emulator.requests.filter((request) => request.method === 'POST' && request.path === '/analyze');
		expect(analyzed.map((request) => request.body)).toEqual([expect.objectContaining({ video: { type: 'url', url: VIDEO_URL } })]);
		expect(emulator.violations).toEqual([]);
	} finally {
		await api.call('POST', `/rest/workflows/${id}/deactivate`, {}).catch(() => undefined);
	}
});

test('Async Task: Create, then Wait for the task, on a worker', async () => {
	const execution = await runManually(
		api,
		chain('Queue: Async Task create + wait', [
			manualTrigger,
			packageNode(credential, 'Create the task', 'twelveLabsAsyncTask', 1, {
				resource: 'task',
				operation: 'create',
				videoSource: 'url',
				videoUrl: VIDEO_URL,
				analysisMode: 'general',
				promptType: 'plain',
				prompt: 'List the people in this video.',
				waitForCompletion: false,
				options: {},
			}),
			packageNode(credential, 'Wait for the task', 'twelveLabsAsyncTask', 2, {
				resource: 'task',
				operation: 'wait',
				taskId: { __rl: true, mode: 'id', value: '={{ $json.taskId }}' },
				options: {},
			}),
		]),
	);
	expect(errorsOf(execution)).toEqual([]);
	expectQueuedByMainRunOnAWorker(execution);
	const [created] = outputOf(execution, 'Create the task');
	const [waited] = outputOf(execution, 'Wait for the task');
	expect(created).toMatchObject({ taskId: expect.any(String) });
	expect(waited).toMatchObject({ taskId: created.taskId, status: 'ready' });
	expect(emulator.requests.filter((request) => request.method === 'GET' && request.path === `/analyze/tasks/${String(created.taskId)}`).length).toBeGreaterThan(0);
	expect(emulator.violations).toEqual([]);
});



async function uploadOnAWorker(bytes: number): Promise<{ execution: Execution; binaryId: string; asset: Record<string, unknown> }> {
	const execution = await runManually(api, uploadWorkflow(credential, files.fileUrl(bytes), bytes));
	expect(errorsOf(execution)).toEqual([]);
	expectQueuedByMainRunOnAWorker(execution);
	const [asset] = outputOf(execution, 'Upload');
	return { execution, binaryId: downloadedBinaryId(execution), asset };
}

test('Asset upload of a small file: direct, from the database binary store, on a worker', async () => {
	const bytes = 2 * MiB;
	const { binaryId, asset } = await uploadOnAWorker(bytes);
	expect(binaryId).toMatch(/^database:/);
	expect(asset).toMatchObject({ id: expect.any(String), status: 'ready' });
	expect(emulator.state.getAsset(String(asset.id))).toMatchObject({ method: 'direct', size: bytes });
	expect(emulator.requests.filter((request) => request.path.startsWith('/assets/multipart-uploads'))).toEqual([]);
	expect(emulator.violations).toEqual([]);
});

test('credential test: main answers it (it is not an execution), through the emulator', async () => {
	const testCredential = async (apiKey: string) => {
		const data = { apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' };
		const saved = await api.createCredential(`Queue credential test ${apiKey}`, CREDENTIAL_TYPE, data);
		return await api.call<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { id: saved.id, name: saved.name, type: CREDENTIAL_TYPE, data },
		});
	};
	expect(await testCredential(emulator.apiKey)).toMatchObject({ status: 'OK' });
	const rejected = await testCredential('wrong-key');
	expect(rejected.status).toBe('Error');
	expect(rejected.message).toMatch(/API key was rejected by TwelveLabs/);
	// Both tests reached the emulator (the rejected key is recorded as sent; a correct one is redacted).
	expect(emulator.requests.some((request) => request.headers['x-api-key'] === 'wrong-key')).toBe(true);
	expect(emulator.requests.some((request) => request.headers['x-api-key'] === '<redacted>')).toBe(true);
});

/**
 * What hung before the guard: n8n 2.40 reads a database-mode binary whole, and a 300 MiB one
 * never came back (the execution stayed "running" for over 10 minutes, a multipart session and
 * an asset left open at TwelveLabs). Past 100 MiB the node now refuses the file before any read
 * or request; without that refusal this 120 MiB file would be read whole and uploaded (no error).
 */
test('Asset upload of a 120 MiB file from the database binary store: refused at once on the worker, naming the size, the mode and the setting; nothing sent to TwelveLabs', async () => {
	const bytes = 120 * MiB;
	const deadlineMs = 120_000;
	const execution = await runManually(api, uploadWorkflow(credential, files.fileUrl(bytes), bytes), deadlineMs).catch((error: unknown) => {
		throw new Error(`the Upload of a ${bytes}-byte database-mode binary did not end within ${deadlineMs / 1000} s (the hang the size check prevents?): ${String(error)}`);
	});
	expect(execution.status).toBe('error');
	expect(downloadedBinaryId(execution)).toMatch(/^database:/);
	expect(errorsOf(execution)).toContainEqual(
		expect.stringMatching(
			/^Upload: The binary "[^"]+" \(120\.0 MiB\) is too big to upload from n8n's database binary store: .*at most 100\.0 MiB.*N8N_DEFAULT_BINARY_DATA_MODE=database.*N8N_DEFAULT_BINARY_DATA_MODE=filesystem/s,
		),
	);
	expectQueuedByMainRunOnAWorker(execution);
	const uploadRequests = emulator.requests.filter((request) => request.path === '/assets' || request.path.startsWith('/assets/multipart-uploads'));
	expect(uploadRequests.map((request) => `${request.method} ${request.path}`)).toEqual([]);
	expect(emulator.violations).toEqual([]);
}, 180_000);


// Prints the worker's memory (asserts none: a shared machine is too noisy); the figure for the README beside bench:upload's stand-in.
test('Asset upload of a 90 MiB file from the database binary store: uploaded whole (direct) on a worker; its memory printed', async () => {
	const bytes = 90 * MiB;
	const { result: execution, samples } = await sampledRss(theCluster(), () => runManually(api, uploadWorkflow(credential, files.fileUrl(bytes), bytes)));
	expect(errorsOf(execution)).toEqual([]);
	expectQueuedByMainRunOnAWorker(execution);
	expect(downloadedBinaryId(execution)).toMatch(/^database:/);
	const [asset] = outputOf(execution, 'Upload');
	expect(emulator.state.getAsset(String(asset.id))).toMatchObject({ method: 'direct', size: bytes });
	expect(emulator.violations).toEqual([]);

	const worker = `worker-${(theCluster().workerOf(execution.id) ?? 0) + 1}`;
	const uploadStarted = execution.data.resultData.runData.Upload[0].startTime;
	const of = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rss[worker] ?? 0);
	const before = samples[0].rss[worker] ?? 0;
	const downloadPeak = Math.max(...of(0, uploadStarted));
	const uploadPeak = Math.max(...of(uploadStarted, Infinity));
	process.stdout.write(
		`[e2e] queue: ${worker} resident memory (MiB, with its task runner) around a 90 MiB Download + Asset Upload from the database binary store: ` +
			`${before} before, peak ${downloadPeak} while downloading (+${downloadPeak - before}), peak ${uploadPeak} while uploading (+${uploadPeak - before}); ${samples.length} samples every 200 ms\n`,
	);
}, 180_000);

// Last: it restarts the workers with the filesystem store.
test('Asset upload of a file over 200 MB: multipart, streamed from the filesystem store shared by all processes, on a worker', async () => {
	await theCluster().restartWorkers(theCluster().filesystemBinaryEnv);
	const bytes = 201 * MiB;
	const { binaryId, asset } = await uploadOnAWorker(bytes);
	expect(binaryId).toMatch(/^filesystem/);
	expect(asset).toMatchObject({ id: expect.any(String), status: 'ready' });
	expect(emulator.state.getAsset(String(asset.id))).toMatchObject({ method: 'multipart', size: bytes });
	expect(emulator.requests.filter((request) => request.method === 'POST' && request.path === '/assets/multipart-uploads')).toHaveLength(1);
	expect(emulator.violations).toEqual([]);
}, 300_000);
