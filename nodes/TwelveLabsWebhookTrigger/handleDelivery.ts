/**
 * One webhook delivery from TwelveLabs: verify the signature over the raw body (401 and nothing
 * emitted when it is missing, forged or stale), skip notifications already handled (in this
 * process's memory, then in the workflow's static data), keep the
 * chosen events, and emit the task (retrieved in full unless the user chose otherwise).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AnalyzeTask } from '../TwelveLabs/responses/task';
import { taskItem, taskUsage } from '../TwelveLabs/responses/task';
import { CREDENTIAL_TYPE } from '../TwelveLabs/transport/context';
import {
	forgetHandled,
	forgetStored,
	markHandled,
	storeHandled,
	wasHandled,
	wasStoredAsHandled,
} from '../TwelveLabs/trigger/deliveryLog';
import { retrieveTask } from '../TwelveLabs/trigger/taskApi';
import type { SignatureVerdict } from '../TwelveLabs/trigger/webhookSignature';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifyWebhookSignature } from '../TwelveLabs/trigger/webhookSignature';

/** What the node reads of n8n's request (an Express request whose body n8n has read). */
interface DeliveryRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer | string;
	readRawBody?: () => Promise<void>;
}

/** What the node uses of n8n's response, to refuse a delivery itself. */
interface DeliveryResponse {
	status(code: number): DeliveryResponse;
	json(body: unknown): unknown;
}

interface Envelope {
	id?: string;
	type: string;
	created_at?: string;
	data: IDataObject;
}

/** How long a notification stays in the log kept in the workflow's static data. */
const STORED_FOR_MS = 24 * 60 * 60 * 1000;

const REFUSALS: Record<Extract<SignatureVerdict, { valid: false }>['reason'], string> = {
	missing: 'Missing TL-Signature header',
	malformed: 'Malformed TL-Signature header',
	mismatch: 'Invalid TL-Signature',
	stale: 'TL-Signature timestamp outside the 5-minute tolerance',
};

async function rawBodyOf(request: DeliveryRequest): Promise<Buffer> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	const raw = request.rawBody;
	if (Buffer.isBuffer(raw)) return raw;
	return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.alloc(0);
}

function parseEnvelope(rawBody: Buffer): Envelope | undefined {
	let value: unknown;
	try {
		value = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const { id, type, created_at: createdAt, data } = value as Record<string, unknown>;
	if (typeof type !== 'string' || !type) return undefined;
	return {
		id: typeof id === 'string' && id ? id : undefined,
		type,
		created_at: typeof createdAt === 'string' ? createdAt : undefined,
		data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as IDataObject) : {},
	};
}

async function eventItem(ctx: IWebhookFunctions, envelope: Envelope, fetchFullTask: boolean): Promise<IDataObject> {
	const { data } = envelope;
	const taskId = typeof data.id === 'string' ? data.id : typeof data.task_id === 'string' ? data.task_id : undefined;
	const head: IDataObject = {
		event: envelope.type,
		notificationId: envelope.id ?? null,
		notifiedAt: envelope.created_at ?? null,
	};
	if (fetchFullTask && taskId) {
		const task = await retrieveTask(ctx, taskId);
		if (task) return { ...head, ...taskItem(task) };
		head.warning = `Task ${taskId} was not found: it was deleted after the event was sent. The item holds the event's data only.`;
	}
	return {
		...head,
		taskId: taskId ?? null,
		status: typeof data.status === 'string' ? data.status : null,
		customId: typeof data.custom_id === 'string' ? data.custom_id : null,
		// Read from the event's data as from a task: whatever of it the event carries, null for the rest.
		usage: taskUsage(data as AnalyzeTask),
		payload: data,
	};
}

export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = ctx.getRequestObject() as unknown as DeliveryRequest;
	const refuse = (status: number, message: string): IWebhookResponseData => {
		(ctx.getResponseObject() as unknown as DeliveryResponse).status(status).json({ message });
		return { noWebhookResponse: true };
	};

	const credentials = await ctx.getCredentials<{ webhookSecret?: string }>(CREDENTIAL_TYPE);
	const secret = String(credentials.webhookSecret ?? '').trim();
	if (!secret) return refuse(401, 'Signature cannot be checked: the TwelveLabs credential has no Webhook Signing Secret');

	const rawBody = await rawBodyOf(request);
	const verdict = verifyWebhookSignature({ header: request.headers[SIGNATURE_HEADER], rawBody, secret, nowMs: Date.now() });
	if (!verdict.valid) return refuse(401, REFUSALS[verdict.reason]);

	const envelope = parseEnvelope(rawBody);
	if (!envelope) return refuse(400, 'The body is not a TwelveLabs event (JSON with a "type")');

	const events = ctx.getNodeParameter('events', []) as string[];
	if (!events.includes(envelope.type)) return { webhookResponse: { received: true, ignored: envelope.type } };

	const node = ctx.getNode();
	const key = `${ctx.getWorkflow().id ?? ''}/${node.id}`;
	const notificationId = envelope.id ?? `signature:${verdict.signature}`;
	const nowMs = Date.now();
	// This process's memory first (no database involved), then the copy in the static data.
	const stored = ctx.getWorkflowStaticData('node');
	if (wasHandled(key, notificationId, nowMs) || wasStoredAsHandled(stored, notificationId, nowMs)) {
		return { webhookResponse: { received: true, duplicate: true } };
	}
	// Marked before the task is fetched, so a copy arriving meanwhile is not emitted too.
	markHandled(key, notificationId, nowMs, 2 * SIGNATURE_TOLERANCE_SECONDS * 1000);
	storeHandled(stored, notificationId, nowMs, STORED_FOR_MS);

	let failure: unknown;
	try {
		const item = await eventItem(ctx, envelope, ctx.getNodeParameter('fetchFullTask', true) as boolean);
		return { workflowData: [[{ json: item }]], webhookResponse: { received: true } };
	} catch (error) {
		failure = error;
	}
	// n8n answers 500: TwelveLabs delivers the event again later, and it is handled then.
	forgetHandled(key, notificationId);
	forgetStored(stored, notificationId);
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(node, failure instanceof Error ? failure : String(failure));
}
