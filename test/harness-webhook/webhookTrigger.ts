/**
 * Runs a webhook trigger node behind a real HTTP server on 127.0.0.1, the way n8n's webhook
 * server does for one production webhook:
 * - the request body is read whole and kept as `req.rawBody` (a Buffer), JSON bodies are also
 *   parsed into `req.body`; `readRawBody()` is there for nodes that call it;
 * - n8n-core 2.40's real WebhookContext (credentials, helpers, getNodeParameter) runs the node's
 *   `webhook()` with `additionalData.httpRequest` / `httpResponse` set;
 * - `noWebhookResponse: true` means the node answered itself; otherwise the server answers 200
 *   as n8n 2.40's `executeWebhook` (responseMode "onReceived") does: without workflow data, with
 *   `webhookResponse` (or "Webhook call received"); with workflow data, with the webhook
 *   description's `responseData` evaluated with n8n's default `'firstEntryJson'` (a string is sent
 *   as it is, `'noData'` sends nothing), and only when that is empty with `webhookResponse` (or
 *   "Workflow was started"). A thrown error is answered 500.
 * What the node returned as `workflowData` (the items that would start the workflow) is recorded
 * per delivery. `activate()` runs the node's `webhookMethods.default` as publishing does.
 */
import '../harness/env';

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IWebhookData, IWebhookDescription, IWebhookResponseData } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { HarnessOptions } from '../harness';
import { createAdditionalData } from '../harness/additional-data';
import { ensureBinaryDataService } from '../harness/binary-data';
import { HarnessCredentialsHelper } from '../harness/credentials-helper';
import { HarnessNodeTypes } from '../harness/node-types';

export interface Delivery {
	status: number;
	/** The items the node handed to n8n to start the workflow with, if any. */
	workflowData?: INodeExecutionData[][];
	error?: Error;
}

export interface WebhookTrigger {
	/** The production URL TwelveLabs would be given. */
	url: string;
	deliveries: Delivery[];
	/** The workflow's static data as n8n would save it after the last delivery (a JSON copy). */
	staticData(): IDataObject;
	/** Runs webhookMethods.default (checkExists, then create when it says false), as publishing does. */
	activate(): Promise<void>;
	close(): Promise<void>;
}

let executionCounter = 0;

interface ExpressLikeResponse extends ServerResponse {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body: unknown): ExpressLikeResponse;
}

/**
 * The body n8n 2.40 sends for a delivery the node did not answer itself (webhook-helpers.js and
 * webhook-on-received-response-extractor.js, responseMode "onReceived").
 */
function onReceivedBody(workflow: Workflow, node: INode, description: IWebhookDescription, result: IWebhookResponseData): unknown {
	if (result.workflowData === undefined) return result.webhookResponse ?? { message: 'Webhook call received' };
	const responseData = workflow.expression.getComplexParameterValue(node, description.responseData, 'webhook', {}, undefined, 'firstEntryJson');
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	return result.webhookResponse ?? { message: 'Workflow was started' };
}

/** Express's `status`/`json`/`send` on a plain ServerResponse (what n8n's nodes call). */
function expressLike(plain: ServerResponse): ExpressLikeResponse {
	const res = plain as ExpressLikeResponse;
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body) => {
		if (!res.headersSent) res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return res;
	};
	res.send = (body) => {
		res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
		return res;
	};
	return res;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * `staticData`: the workflow's static data as loaded from n8n's database (what another process, or
 * this one after a restart, would read).
 */
export async function startWebhookTrigger(node: INode, options: HarnessOptions & { staticData?: IDataObject }): Promise<WebhookTrigger> {
	await ensureBinaryDataService();
	const workflow = new Workflow({
		id: 'harness-webhook-workflow',
		name: 'Harness webhook workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1' },
		staticData: structuredClone(options.staticData ?? {}),
	});
	const workflowNode = workflow.getNode(node.name);
	if (workflowNode === null) throw new UnexpectedError(`Node "${node.name}" not in workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookDescription = nodeType.description.webhooks?.[0];
	if (!nodeType.webhook || !webhookDescription) throw new UnexpectedError(`Node type "${node.type}" has no webhook`);
	const credentialsHelper = new HarnessCredentialsHelper(options.credentialTypes ?? [], { ...options.credentials });
	const pathSegment = `${node.webhookId ?? 'harness-webhook-id'}/${webhookDescription.path}`;

	const newAdditionalData = () =>
		createAdditionalData({
			credentialsHelper,
			executionId: `harness-webhook-${++executionCounter}`,
			workflowId: workflow.id,
		});
	const webhookData = (additionalData: ReturnType<typeof newAdditionalData>): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: pathSegment,
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	});

	const deliveries: Delivery[] = [];
	const handle = async (req: IncomingMessage, plainRes: ServerResponse) => {
		const res = expressLike(plainRes);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (req.method !== 'POST' || url.pathname !== `/webhook/${pathSegment}`) {
			res.status(404).json({ message: 'The requested webhook is not registered.' });
			return;
		}
		const rawBody = await readBody(req);
		let body: unknown = {};
		if (/json/i.test(req.headers['content-type'] ?? '')) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
		}
		const request = Object.assign(req, {
			rawBody,
			body,
			params: {},
			query: Object.fromEntries(url.searchParams),
			readRawBody: async () => {},
		});
		const additionalData = newAdditionalData();
		additionalData.httpRequest = request as unknown as typeof additionalData.httpRequest;
		additionalData.httpResponse = res as unknown as typeof additionalData.httpResponse;
		const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData(additionalData), [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			res.status(500).json({ message: (error as Error).message });
			deliveries.push({ status: 500, error: error as Error });
			return;
		}
		if (!result.noWebhookResponse && !res.writableEnded) {
			const body = onReceivedBody(workflow, workflowNode, webhookDescription, result);
			if (body === undefined) res.status(200).end();
			else if (typeof body === 'string') res.status(200).send(body);
			else res.status(200).json(body);
		}
		deliveries.push({ status: res.statusCode, workflowData: result.workflowData });
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500);
			res.end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook/${pathSegment}`,
		deliveries,
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		async activate() {
			const methods = nodeType.webhookMethods?.default;
			if (!methods) return;
			const additionalData = newAdditionalData();
			const context = new HookContext(workflow, workflowNode, additionalData, 'trigger', 'activate', webhookData(additionalData));
			if (!(await methods.checkExists.call(context))) await methods.create.call(context);
		},
		close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
	};
}
