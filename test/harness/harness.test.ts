import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, sleep } from 'n8n-workflow';

import {
	chain,
	harnessUserFolder,
	itemsNode,
	manualTrigger,
	runPoll,
	runWorkflow,
	testCredential,
} from './index';

// ---- a tiny API on 127.0.0.1 -------------------------------------------------------------

interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
}

let server: Server;
let baseUrl: string;
const seen: SeenRequest[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (req.headers['x-api-key'] !== 'good-key') {
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ code: 'api_key_invalid', message: 'bad key' }));
			return;
		}
		if (url.pathname === '/v1/fail') {
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: 'boom' }));
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ path: url.pathname, q: url.searchParams.get('q') }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
});

// ---- test credential and nodes -----------------------------------------------------------

const testApi: ICredentialType = {
	name: 'testApi',
	displayName: 'Test API',
	properties: [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://unused.invalid' },
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	},
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/ping' },
		rules: [{ type: 'responseCode', properties: { value: 401, message: 'The API key was rejected.' } }],
	},
};

const credentials = { testApi: { id: '1', name: 'Test account' } };

/** Calls GET <baseUrl>/<path>?q=<item.json.q> with the credential, one request per item. */
const fetchNode: INodeType = {
	description: {
		displayName: 'Fetch',
		name: 'fetch',
		group: ['transform'],
		version: [1, 2],
		description: 'test node',
		defaults: { name: 'Fetch' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'testApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: 'things' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { baseUrl: base } = await this.getCredentials<{ baseUrl: string }>('testApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const path = this.getNodeParameter('path', i) as string;
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					method: 'GET',
					url: `${base}/${path}`,
					qs: { q: items[i].json.q as string },
					json: true,
				})) as IDataObject;
				out.push({
					json: { ...body, version: this.getNode().typeVersion },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw new NodeApiError(this.getNode(), error as never, { itemIndex: i });
			}
		}
		return [out];
	},
};

/** Streams each binary `data` through getBinaryStream and reports its size and hash. */
const hashNode: INodeType = {
	description: {
		displayName: 'Hash',
		name: 'hash',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Hash' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			const binary = item.binary?.data;
			if (!binary?.id) throw new Error('expected a binary with an id (filesystem mode)');
			const hash = createHash('sha256');
			let bytes = 0;
			let chunks = 0;
			for await (const chunk of await this.helpers.getBinaryStream(binary.id, 64 * 1024)) {
				hash.update(chunk as Buffer);
				bytes += (chunk as Buffer).length;
				chunks++;
			}
			out.push({
				json: { id: binary.id, fileName: binary.fileName ?? null, bytes, chunks, sha256: hash.digest('hex') },
				pairedItem: { item: i },
			});
		}
		return [out];
	},
};

/** Sends begin/item/end chunks when streaming. */
const streamNode: INodeType = {
	description: {
		displayName: 'Stream',
		name: 'stream',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Stream' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const streaming = this.isStreaming?.() ?? false;
		if (streaming) {
			this.sendChunk('begin', 0);
			this.sendChunk('item', 0, 'hello ');
			this.sendChunk('item', 0, { text: 'world' });
			this.sendChunk('end', 0);
		}
		return [[{ json: { streaming }, pairedItem: { item: 0 } }]];
	},
};

/** Waits with n8n's cancel signal, like a node polling a long task. */
const waitNode: INodeType = {
	description: {
		displayName: 'Wait',
		name: 'wait',
		group: ['transform'],
		version: 1,
		description: 'test node',
		defaults: { name: 'Wait' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await sleep(10_000, this.getExecutionCancelSignal());
		return [this.getInputData()];
	},
};

/** A poll trigger keeping a cursor in node static data; parameter `fail` makes it throw after staging. */
const pollNode: INodeType = {
	description: {
		displayName: 'Poller',
		name: 'poller',
		group: ['trigger'],
		version: 1,
		description: 'test node',
		polling: true,
		defaults: { name: 'Poller' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'testApi', required: true }],
		properties: [{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false }],
	},
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node');
		const cursor = typeof state.cursor === 'number' ? state.cursor : 0;
		state.cursor = cursor + 1;
		const { baseUrl: base } = await this.getCredentials<{ baseUrl: string }>('testApi');
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
			url: `${base}/events`,
			qs: { q: String(cursor) },
			json: true,
		})) as IDataObject;
		if (this.getNodeParameter('fail') === true) throw new Error('poll failed after staging');
		return [
			[
				{
					json: {
						...body,
						cursor,
						mode: this.getMode(),
						budget: typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : null,
					},
				},
			],
		];
	},
};

const nodeTypes = {
	'test.fetch': fetchNode,
	'test.hash': hashNode,
	'test.stream': streamNode,
	'test.wait': waitNode,
	'test.poller': pollNode,
};

function testNode(name: string, type: keyof typeof nodeTypes, extra: Partial<INode> = {}): INode {
	return {
		id: `id-${name}`,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...extra,
	};
}

const options = () => ({
	nodeTypes,
	credentialTypes: [testApi],
	credentials: { testApi: { apiKey: 'good-key', baseUrl } },
});

// ---- tests --------------------------------------------------------------------------------

describe('runWorkflow', () => {
	it('runs Manual Trigger -> node with httpRequestWithAuthentication over real HTTP', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Items', [{ json: { q: 'a' } }, { json: { q: 'b' } }]),
				testNode('Fetch', 'test.fetch', { typeVersion: 2, credentials }),
			),
			options(),
		);

		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => r.headers['x-api-key'])).toEqual(['good-key', 'good-key']);
		expect(seen.map((r) => r.url)).toEqual(['/v1/things?q=a', '/v1/things?q=b']);
		expect(result.output('Fetch')).toEqual([
			{ json: { path: '/v1/things', q: 'a', version: 2 }, pairedItem: { item: 0 } },
			{ json: { path: '/v1/things', q: 'b', version: 2 }, pairedItem: { item: 1 } },
		]);
		// The engine fills in pairedItem for a node that sets none (one input item).
		expect(result.output('Items').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
		]);
		expect(result.output('Nobody')).toEqual([]);
	});

	it('turns errors into items with Continue On Fail, and fails the run without it', async () => {
		const items = itemsNode('Items', [{ json: { q: 'x' } }, { json: { q: 'y' } }]);
		const fetch = testNode('Fetch', 'test.fetch', { credentials, parameters: { path: 'fail' } });

		const continued = await runWorkflow(
			chain(manualTrigger(), items, { ...fetch, onError: 'continueRegularOutput' }),
			options(),
		);
		expect(continued.status).toBe('success');
		expect(continued.output('Fetch')).toHaveLength(2);
		expect(continued.output('Fetch')[0].json.error).toEqual(expect.any(String));
		expect(continued.output('Fetch').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);

		const stopped = await runWorkflow(chain(manualTrigger(), items, fetch), options());
		expect(stopped.status).toBe('error');
		// n8n-core 2.40 keeps a plain copy of the error's fields (not the NodeApiError instance).
		expect(stopped.error).toBeInstanceOf(Error);
		expect(stopped.error).toMatchObject({ httpCode: '500', name: 'NodeApiError' });
		expect(stopped.nodeError('Fetch')?.message).toBe(stopped.error?.message);
		expect(stopped.output('Fetch')).toEqual([]);
	});

	it('routes errors to the error output with continueErrorOutput, and passes through disabled nodes', async () => {
		const workflow = chain(
			manualTrigger(),
			itemsNode('Items', [{ json: { q: 'x' } }]),
			testNode('Fetch', 'test.fetch', {
				credentials,
				parameters: { path: 'fail' },
				onError: 'continueErrorOutput',
			}),
		);
		const errorOutput = await runWorkflow(workflow, options());
		expect(errorOutput.status).toBe('success');
		expect(errorOutput.output('Fetch', 0)).toEqual([]);
		expect(errorOutput.output('Fetch', 1)).toHaveLength(1);

		const disabled = chain(
			manualTrigger(),
			itemsNode('Items', [{ json: { q: 'x' } }]),
			testNode('Fetch', 'test.fetch', { credentials, disabled: true }),
		);
		seen.length = 0;
		const passed = await runWorkflow(disabled, options());
		expect(passed.status).toBe('success');
		expect(seen).toHaveLength(0);
		expect(passed.output('Fetch').map((item) => item.json)).toEqual([{ q: 'x' }]);
	});

	it('honours alwaysOutputData, and starts a workflow without a trigger at its first node', async () => {
		const fetch = testNode('Fetch', 'test.fetch', { credentials });
		const empty = await runWorkflow(chain(itemsNode('Items', []), fetch), options());
		expect(empty.status).toBe('success');
		expect(empty.run.data.resultData.runData.Items).toHaveLength(1);
		// A node whose input is empty does not run (execution order v1).
		expect(empty.run.data.resultData.runData.Fetch).toBeUndefined();

		const always = await runWorkflow(
			chain({ ...itemsNode('Items', []), alwaysOutputData: true }, fetch),
			options(),
		);
		expect(always.output('Items')).toEqual([{ json: {}, pairedItem: [{ item: 0, input: 0 }] }]);
		expect(always.output('Fetch')).toHaveLength(1);
		expect(seen).toHaveLength(1);
	});

	it('stores itemsNode binaries on disk and streams them with getBinaryStream', async () => {
		const filePath = join(harnessUserFolder, 'big.bin');
		const content = Buffer.alloc(1024 * 1024 + 7, 'abcdefgh');
		writeFileSync(filePath, content);

		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Items', [
					{ json: { n: 1 }, binary: { data: { filePath, mimeType: 'video/mp4', fileName: 'clip.mp4' } } },
					{ json: { n: 2 }, binary: { data: { data: 'inline text', mimeType: 'text/plain' } } },
				]),
				testNode('Hash', 'test.hash'),
			),
			options(),
		);

		expect(result.status).toBe('success');
		const [big, small] = result.output('Hash').map((item) => item.json);
		expect(big.id).toMatch(/^filesystem/);
		expect(big.fileName).toBe('clip.mp4');
		expect(big.bytes).toBe(content.length);
		expect(big.chunks).toBeGreaterThan(1);
		expect(big.sha256).toBe(createHash('sha256').update(content).digest('hex'));
		expect(small.bytes).toBe('inline text'.length);
		expect(result.output('Items')[0].binary?.data.mimeType).toBe('video/mp4');
	});

	it('captures sendChunk calls when streaming, and reports isStreaming false otherwise', async () => {
		const workflow = chain(manualTrigger(), testNode('Stream', 'test.stream'));

		const streamed = await runWorkflow(workflow, { ...options(), streaming: true });
		expect(streamed.output('Stream')[0].json.streaming).toBe(true);
		expect(streamed.chunks).toEqual([
			{ type: 'begin', itemIndex: 0, content: undefined, nodeName: 'Stream' },
			{ type: 'item', itemIndex: 0, content: 'hello ', nodeName: 'Stream' },
			{ type: 'item', itemIndex: 0, content: '{"text":"world"}', nodeName: 'Stream' },
			{ type: 'end', itemIndex: 0, content: undefined, nodeName: 'Stream' },
		]);

		const plain = await runWorkflow(workflow, options());
		expect(plain.output('Stream')[0].json.streaming).toBe(false);
		expect(plain.chunks).toEqual([]);
	});

	it('cancels the execution after cancelAfterMs through the execution cancel signal', async () => {
		const started = Date.now();
		const result = await runWorkflow(chain(manualTrigger(), testNode('Wait', 'test.wait')), {
			...options(),
			cancelAfterMs: 100,
		});
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.status).toBe('canceled');
		expect(result.output('Wait')).toEqual([]);
	});
});

describe('runPoll', () => {
	const poller = (fail = false) =>
		testNode('Poller', 'test.poller', { credentials, parameters: { fail } });

	it('round-trips static data across scheduled polls', async () => {
		const first = await runPoll(poller(), options());
		expect(first.error).toBeUndefined();
		expect(first.items?.[0][0].json).toMatchObject({ q: '0', cursor: 0, mode: 'trigger' });
		expect(first.items?.[0][0].json.budget).toBe(300_000);
		expect(first.staticData).toEqual({ 'node:Poller': { cursor: 1 } });

		const restored = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		const second = await runPoll(poller(), { ...options(), staticData: restored, pollBudgetMs: 1234 });
		expect(second.items?.[0][0].json).toMatchObject({ cursor: 1, budget: 1234 });
		expect(second.staticData).toEqual({ 'node:Poller': { cursor: 2 } });
		expect(restored).toEqual({ 'node:Poller': { cursor: 1 } });
		expect(seen.map((r) => r.headers['x-api-key'])).toEqual(['good-key', 'good-key']);
	});

	it('does not commit static data when poll() throws', async () => {
		const staticData = { 'node:Poller': { cursor: 5 } };
		const failed = await runPoll(poller(true), { ...options(), staticData });
		expect(failed.error?.message).toBe('poll failed after staging');
		expect(failed.items).toBeNull();
		expect(failed.staticData).toEqual({ 'node:Poller': { cursor: 5 } });
	});

	it('never saves static data in manual mode ("Fetch test event")', async () => {
		const staticData = { 'node:Poller': { cursor: 3 } };
		const manual = await runPoll(poller(), { ...options(), mode: 'manual', staticData });
		expect(manual.items?.[0][0].json).toMatchObject({ cursor: 3, mode: 'manual' });
		expect(manual.staticData).toEqual({ 'node:Poller': { cursor: 3 } });
	});
});

describe('testCredential', () => {
	it('is OK when the test request succeeds, with the generic authenticate applied', async () => {
		await expect(testCredential(testApi, { apiKey: 'good-key', baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen).toHaveLength(1);
		expect(seen[0].url).toBe('/v1/ping');
		expect(seen[0].headers['x-api-key']).toBe('good-key');
	});

	it("is an Error with the rule's message when a responseCode rule matches", async () => {
		await expect(testCredential(testApi, { apiKey: 'bad', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'The API key was rejected.',
		});
	});

	it('is an Error with the status text when no rule matches, and with the code when unreachable', async () => {
		const noRules: ICredentialType = { ...testApi, test: { request: { ...testApi.test!.request } } };
		await expect(testCredential(noRules, { apiKey: 'bad', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Unauthorized',
		});
		await expect(
			testCredential(noRules, { apiKey: 'good-key', baseUrl: 'http://127.0.0.1:9/v1' }),
		).resolves.toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
