/**
 * n8n 2.40 loads the package as users install it: every node and the credential that
 * package.json lists, each action node also as an AI Agent tool, the credential test answering
 * through the real server, and no load error in n8n's log.
 */
import { type Emulator, startEmulator } from '../emulator';
import { CREDENTIAL_TYPE, PACKAGE_PREFIX } from '../../scripts/lib/examples';
import type { WorkflowNode } from '../../scripts/lib/n8n-api';
import { type PackageNode, packageNodes, readManifest } from '../../scripts/lib/package';
import { type SharedN8n, sharedN8n } from './support/n8n';

const nodes: PackageNode[] = packageNodes();
const actionNodes = nodes.filter((node) => node.usableAsTool);

let n8n: SharedN8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await sharedN8n();
	emulator = await startEmulator({ clock: 'realtime' });
});

afterAll(async () => {
	await emulator?.close();
});

describe('n8n loads the installed package', () => {
	test('n8n logged loading the package from its nodes folder, with no error about it', () => {
		const log = n8n.log();
		expect(log).toMatch(/Loaded all credentials and nodes from n8n-nodes-twelvelabs/);
		const problems = log.split('\n').filter((line) => /twelvelabs/i.test(line) && /error|fail|could not|cannot/i.test(line));
		expect(problems).toEqual([]);
	});

	test.each(nodes.map((node) => [node.name, node]))('%s is a node type the editor offers', async (_name, node) => {
		const types = await n8n.api.nodeTypes();
		const found = types.find((type) => type.name === `${PACKAGE_PREFIX}${node.name}`);
		expect(found).toBeDefined();
		expect(found?.displayName).toBe(node.displayName);
	});

	test('the editor gets every node\'s full description, with all its parameters', async () => {
		const descriptions = await n8n.api.call<Array<{ name: string; properties: Array<{ name: string }> }>>('POST', '/rest/node-types', {
			nodeInfos: nodes.map((node) => ({ name: `${PACKAGE_PREFIX}${node.name}`, version: highestVersion(node.description.version) })),
		});
		for (const node of nodes) {
			// 2.40 answers with the short name (`twelveLabsAsset`).
			const served = descriptions.find((description) => [node.name, `${PACKAGE_PREFIX}${node.name}`].includes(description.name));
			expect({ node: node.name, properties: served?.properties.map((property) => property.name) }).toEqual({
				node: node.name,
				// n8n adds Poll Times to polling triggers.
				properties: [...(node.description.polling ? ['pollTimes'] : []), ...node.description.properties.map((property) => property.name)],
			});
		}
	});

	test('the credential type is offered, and its test answers through the server', async () => {
		expect(readManifest().n8n.credentials).toHaveLength(1);
		expect(await n8n.api.credentialTypeNames()).toContain(CREDENTIAL_TYPE);
		const test = async (apiKey: string) => {
			const data = { apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' };
			const saved = await n8n.api.createCredential(`Credential test ${apiKey}`, CREDENTIAL_TYPE, data);
			return await n8n.api.call<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { id: saved.id, name: saved.name, type: CREDENTIAL_TYPE, data },
			});
		};
		expect(await test(emulator.apiKey)).toMatchObject({ status: 'OK' });
		const rejected = await test('wrong-key');
		expect(rejected.status).toBe('Error');
		expect(rejected.message).toMatch(/API key was rejected by TwelveLabs/);
	});
});

describe('action nodes as AI Agent tools', () => {
	test('every usableAsTool node has its Tool variant, which outputs an ai_tool connection', async () => {
		expect(actionNodes.length).toBeGreaterThan(0);
		const types = await n8n.api.nodeTypes();
		const tools = actionNodes.map((node) => {
			const tool = types.find((type) => type.name === `${PACKAGE_PREFIX}${node.name}Tool`);
			return { tool: `${node.name}Tool`, outputs: tool?.outputs, parameters: Array.isArray(tool?.properties) ? tool.properties.length : 0 };
		});
		expect(tools).toEqual(actionNodes.map((node) => ({ tool: `${node.name}Tool`, outputs: ['ai_tool'], parameters: expect.any(Number) })));
		for (const tool of tools) expect(tool.parameters).toBeGreaterThan(0);
	});

	test('a workflow with an AI Agent using every tool variant saves and reads back unchanged', async () => {
		const credential = await n8n.api.createCredential('Tools credential', CREDENTIAL_TYPE, {
			apiKey: emulator.apiKey,
			baseUrl: emulator.baseUrl,
			webhookSecret: '',
		});
		const agent: WorkflowNode = {
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 2.2,
			position: [400, 0],
			parameters: { options: {} },
		};
		const tools: WorkflowNode[] = actionNodes.map((node, index) => ({
			name: `${node.displayName} tool`,
			type: `${PACKAGE_PREFIX}${node.name}Tool`,
			typeVersion: highestVersion(node.description.version),
			position: [200 + index * 160, 240],
			parameters: {},
			credentials: { [CREDENTIAL_TYPE]: credential },
		}));
		const connections = Object.fromEntries(
			tools.map((tool) => [tool.name, { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] }]),
		);
		const saved = await n8n.api.createWorkflow({
			name: 'Agent with TwelveLabs tools',
			nodes: [
				{ name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, position: [0, 0], parameters: {}, webhookId: 'e2e-chat' },
				agent,
				...tools,
			],
			connections: { ...connections, Chat: { main: [[{ node: agent.name, type: 'main', index: 0 }]] } },
		});
		const read = await n8n.api.getWorkflow(saved.id);
		expect(read.nodes.map((node) => node.type).sort()).toEqual(
			['@n8n/n8n-nodes-langchain.agent', '@n8n/n8n-nodes-langchain.chatTrigger', ...tools.map((tool) => tool.type)].sort(),
		);
		expect(Object.keys(read.connections).sort()).toEqual(['Chat', ...tools.map((tool) => tool.name)].sort());
	});
});

function highestVersion(version: number | number[]): number {
	return Array.isArray(version) ? Math.max(...version) : version;
}
