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
import { type Example, PACKAGE_PREFIX, packageTypesUsed, readExamples, triggerOf, withCredential } from '../../scripts/lib/examples';
import { packageNodes } from '../../scripts/lib/package';
import { exampleChecks } from './examples.checks';
import { emulatorCredential, errorsOf, executeWorkflow, importWorkflow, outputOf, type SharedN8n, sharedN8n } from './support/n8n';
import { type Sink, startSink } from './support/sink';
import { withStandIns } from './support/standIns';

const listed = new Set(packageNodes().map((node) => `${PACKAGE_PREFIX}${node.name}`));
const examples = readExamples();

function skipReason(example: Example): string | undefined {
	const missing = packageTypesUsed(example.workflow).filter((type) => !listed.has(type.replace(/Tool$/, '')));
	if (missing.length > 0) return `needs ${missing.join(', ')}, which package.json does not list yet`;
	const trigger = triggerOf(example.workflow);
	if (trigger && trigger.type !== 'n8n-nodes-base.manualTrigger') return `started by ${trigger.type}: run by trigger.e2e.ts`;
	return undefined;
}

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

describe.each(examples.map((example) => [example.slug, example] as const))('example %s', (slug, example) => {
	const reason = skipReason(example);
	if (reason) {
		test.skip(`runs in n8n (skipped: ${reason})`, () => undefined);
		return;
	}

	test('runs in n8n with n8n execute, and its destinations get what the expressions say', async () => {
		const { workflow, standIns } = withStandIns(withCredential(example.workflow, credential), sink.url);
		const id = await importWorkflow(n8n, workflow);
		const { execution } = await executeWorkflow(n8n, id);

		expect(errorsOf(execution)).toEqual([]);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('cli');
		expect(emulator.violations).toEqual([]);

		// Every node ran (a disconnected or never-reached node is a broken example).
		expect(Object.keys(execution.data.resultData.runData).sort()).toEqual(example.workflow.nodes.map((node) => node.name).sort());
		const packageNodesWithoutItems = example.workflow.nodes
			.filter((node) => node.type.startsWith(PACKAGE_PREFIX) && outputOf(execution, node.name).length === 0)
			.map((node) => node.name);
		expect(packageNodesWithoutItems).toEqual([]);
		for (const standIn of standIns) {
			const received = sink.to(standIn.node);
			expect(`${standIn.node}: ${received.length} requests`).toBe(`${standIn.node}: ${outputOf(execution, standIn.node).length} requests`);
			// An expression that resolved to nothing names a field the node's output does not have.
			const emptyFields = received.flatMap((request) =>
				Object.entries(standIn.fields)
					.filter(([field, original]) => original.startsWith('=') && /^(|undefined|null|\[object Object\])$/.test(String(request.body[field] ?? '')))
					.map(([field]) => `${standIn.node}: ${field}`),
			);
			expect(emptyFields).toEqual([]);
		}
		await exampleChecks[slug]?.({ execution, sink, emulator, outputOf: (node: string) => outputOf(execution, node) });
	});
});

