/**
 * Every example in examples/*.json, imported with `n8n import:workflow` and run with
 * `n8n execute --id` against the emulator, with outside services replaced by a local sink (see
 * support/standIns.ts). Checks the stored execution: it succeeded, every node ran, every
 * TwelveLabs node produced items, and every destination received what its expressions say, with
 * no expression left empty. Examples that need a node the package does not list yet are skipped;
 * examples started by another trigger are covered by trigger.e2e.ts.
 */
import { type Emulator, startEmulator } from '../emulator';
import { seedDemoData } from '../../scripts/lib/demo-data';
import { readExamples, withCredential } from '../../scripts/lib/examples';
import { checkExampleRun, exampleSkipReason } from './examples.checks';
import { emulatorCredential, executeWorkflow, importWorkflow, type SharedN8n, sharedN8n } from './support/n8n';
import { type Sink, startSink } from './support/sink';
import { withStandIns } from './support/standIns';

const examples = readExamples();

let n8n: SharedN8n;
let emulator: Emulator;
let sink: Sink;
let credential: { id: string; name: string };

beforeAll(async () => {
	n8n = await sharedN8n();
	emulator = await startEmulator({ clock: 'realtime', taskDurations: { pendingMs: 200, processingMs: 500, readyMs: 1000 }, assetProcessingMs: 500 });
	sink = await startSink();
	credential = await emulatorCredential(n8n.api, emulator);
});

beforeEach(() => {
	emulator.reset();
	seedDemoData(emulator.state);
	sink.received.length = 0;
});

afterAll(async () => {
	await emulator?.close();
	await sink?.close();
});

test('there are examples, and each has a name and a start node', () => {
	expect(examples.length).toBeGreaterThan(0);
	for (const example of examples) {
		expect(example.workflow.name).toBeTruthy();
		expect(example.workflow.nodes.length).toBeGreaterThan(1);
	}
});

describe.each(examples.map((example) => [example.slug, example] as const))('example %s', (_slug, example) => {
	const reason = exampleSkipReason(example);
	if (reason) {
		test.skip(`runs in n8n (skipped: ${reason})`, () => undefined);
		return;
	}

	test('runs in n8n with n8n execute, and its destinations get what the expressions say', async () => {
		const { workflow, standIns } = withStandIns(withCredential(example.workflow, credential), sink.url);
		const id = await importWorkflow(n8n, workflow);
		const { execution } = await executeWorkflow(n8n, id);

		await checkExampleRun({ example, execution, standIns, sink, emulator });
		expect(execution.mode).toBe('cli');
	});
});

