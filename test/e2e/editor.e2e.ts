/**
 * The editor in a real browser (Debian's chromium through playwright-core): each node package.json
 * lists is found in the node panel, added to a canvas, and its panel shows the parameters its
 * description says, for every value of every parameter that changes what is shown (operation,
 * video source, prompt kind...). One screenshot per node, of its panel as first opened, goes to
 * .tmp/e2e/screenshots (or SCREENSHOTS_DIR: `npm run screenshots` writes docs/screenshots).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Emulator, startEmulator } from '../emulator';
import { seedDemoData } from '../../scripts/lib/demo-data';
import { CREDENTIAL_TYPE, PACKAGE_PREFIX } from '../../scripts/lib/examples';
import type { WorkflowNode } from '../../scripts/lib/n8n-api';
import { type NodeDescription, type PackageNode, packageNodes } from '../../scripts/lib/package';
import { REPO_ROOT } from '../../scripts/lib/runtime';
import { contextShowing, expectedLabels, type Property, resolveValues, switchParameters } from './support/displayOptions';
import { Editor } from './support/editor';
import { type SharedN8n, sharedN8n } from './support/n8n';
import { E2E_OUTPUT } from './support/state';

const SCREENSHOTS = process.env.SCREENSHOTS_DIR ? path.resolve(REPO_ROOT, process.env.SCREENSHOTS_DIR) : path.join(E2E_OUTPUT, 'screenshots');
const CREDENTIAL_NAME = 'TwelveLabs account';
const nodes = packageNodes();

let n8n: SharedN8n;
let emulator: Emulator;
let editor: Editor;
let credential: { id: string; name: string };
/** Descriptions as n8n serves them to the editor (with what n8n adds, e.g. Poll Times on polling triggers). */
let served: Map<string, NodeDescription>;

beforeAll(async () => {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	n8n = await sharedN8n();
	emulator = await startEmulator({ clock: 'realtime' });
	seedDemoData(emulator.state);
	credential = await n8n.api.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' });
	served = new Map((await n8n.api.nodeTypes()).map((type) => [type.name, type as unknown as NodeDescription]));
	editor = await Editor.open(n8n.url);
	await editor.login();
}, 300_000);

afterAll(async () => {
	await editor?.close();
	await emulator?.close();
});

function versionOf(node: PackageNode): number {
	const { version } = node.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function isTrigger(node: PackageNode): boolean {
	return node.description.polling === true || (node.description.webhooks?.length ?? 0) > 0 || /trigger$/i.test(node.name);
}

/**
 * The node panel's entry for the node's default settings: the default operation's action, or for
 * a trigger "On <event>" (n8n lists a trigger's first options parameter as its triggers).
 */
function defaultAction(node: PackageNode): string | undefined {
	const properties = node.description.properties as unknown as Property[];
	const values = resolveValues(node.description, {}, versionOf(node));
	const operation = properties.find((property) => property.name === 'operation');
	if (operation) return operation.options?.find((option) => option.value === values.operation)?.action;
	if (!isTrigger(node)) return undefined;
	const events = properties.find((property) => property.type === 'options' || property.type === 'multiOptions');
	const value = Array.isArray(values[events?.name ?? '']) ? (values[events!.name] as unknown[])[0] : values[events?.name ?? ''];
	const option = events?.options?.find((candidate) => candidate.value === value);
	return option ? `On ${option.name.toLowerCase()}` : undefined;
}

async function workflowFor(node: PackageNode): Promise<string> {
	const start: WorkflowNode[] = isTrigger(node)
		? []
		: [{ name: 'When clicking "Execute workflow"', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const workflow = await n8n.api.createWorkflow({ name: `Editor check: ${node.displayName}`, nodes: start, connections: {} });
	return workflow.id;
}

describe.each(nodes.map((node) => [node.displayName, node] as const))('%s in the editor', (_name, node) => {
	test('is found in the node panel, added to a canvas, and its panel shows the right parameters for each choice', async () => {
		const version = versionOf(node);
		const description = served.get(`${PACKAGE_PREFIX}${node.name}`);
		if (!description) throw new Error(`n8n does not serve ${PACKAGE_PREFIX}${node.name}`);
		await editor.openWorkflow(await workflowFor(node));
		const categories = ((description.codex as { categories?: string[] } | undefined)?.categories ?? []).join(', ');
		try {
			await editor.addNode(node.displayName, defaultAction(node));
		} catch (error) {
			// Seen in n8n 2.40: the node panel's search leaves out nodes whose codex categories include "AI"
			// (n8n's own Perplexity node too), while "Analytics" or "Data & Storage" nodes are found.
			const hint = /\bAI\b/.test(categories) ? ` Its codex categories are [${categories}]: n8n 2.40's node panel search leaves out nodes in the "AI" category.` : '';
			throw new Error(`${error instanceof Error ? error.message : String(error)}.${hint}`);
		}
		await editor.selectCredential(credential.name);

		const mismatches: string[] = [];
		// n8n 2.40 sometimes folds a Resource with a single option into the panel's header.
		const singleResource = (description.properties as unknown as Property[]).find((property) => property.name === 'resource' && property.options?.length === 1);
		const comparable = (labels: string[]): string[] => (singleResource ? labels.filter((label) => label !== singleResource.displayName) : labels);
		const check = async (given: Record<string, unknown>, label: string): Promise<void> => {
			const expected = comparable(expectedLabels(description, given, version));
			const shown = comparable(await editor.parameterLabels());
			if (JSON.stringify(shown) !== JSON.stringify(expected)) {
				mismatches.push(`${label}: shows [${shown.join(', ')}], expected [${expected.join(', ')}]`);
			}
		};

		await check({}, 'as first opened');
		await editor.screenshot(path.join(SCREENSHOTS, `${node.name}.png`));

		for (const switcher of switchParameters(description)) {
			const context = contextShowing(description, switcher, version);
			if (!context) continue;
			const defaults = resolveValues(description, {}, version);
			for (const [name, value] of Object.entries(context)) await selectValue(node, name, value);
			for (const option of switcher.options ?? []) {
				await editor.selectOption(switcher.name, option.name);
				await check({ ...context, [switcher.name]: option.value }, `${switcher.displayName} = ${option.name}`);
			}
			// Back to the defaults, so the next switch starts from the panel as first opened. A switch
			// whose options lack the default (another resource's Operation) goes back with its context.
			const defaultOption = switcher.options?.find((option) => option.value === defaults[switcher.name]);
			if (defaultOption) await editor.selectOption(switcher.name, defaultOption.name);
			for (const name of Object.keys(context)) await selectValue(node, name, defaults[name]);
		}
		expect(mismatches).toEqual([]);
		expect(editor.pageErrors).toEqual([]);
		await editor.closePanel();
	});
});

async function selectValue(node: PackageNode, parameter: string, value: unknown): Promise<void> {
	const property = (node.description.properties as unknown as Property[]).find((candidate) => candidate.name === parameter && candidate.options?.some((option) => option.value === value));
	const option = property?.options?.find((candidate) => candidate.value === value);
	if (option) await editor.selectOption(parameter, option.name);
}

describe('action nodes as AI Agent tools, on a canvas', () => {
	test('an AI Agent with every TwelveLabs tool attached opens with every node rendered', async () => {
		const tools = nodes.filter((node) => node.usableAsTool);
		const agent: WorkflowNode = { name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 2.2, position: [300, 0], parameters: { options: {} } };
		const toolNodes: WorkflowNode[] = tools.map((node, index) => ({
			name: `${node.displayName} Tool`,
			type: `${PACKAGE_PREFIX}${node.name}Tool`,
			typeVersion: versionOf(node),
			position: [200 + index * 180, 260],
			parameters: {},
			credentials: { [CREDENTIAL_TYPE]: credential },
		}));
		const workflow = await n8n.api.createWorkflow({
			name: 'Editor check: AI Agent with TwelveLabs tools',
			nodes: [
				{ name: 'When chat message received', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, position: [0, 0], parameters: {}, webhookId: 'editor-chat' },
				agent,
				...toolNodes,
			],
			connections: {
				'When chat message received': { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
				...Object.fromEntries(toolNodes.map((tool) => [tool.name, { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] }])),
			},
		});
		await editor.openWorkflow(workflow.id);
		await editor.page.click('[data-test-id="zoom-to-fit"]');
		const rendered = await editor.page.locator('[data-test-id="canvas-node"]').count();
		expect(rendered).toBe(toolNodes.length + 2);
		await editor.screenshot(path.join(SCREENSHOTS, 'ai-agent-tools.png'));
		expect(editor.pageErrors).toEqual([]);
	});
});
