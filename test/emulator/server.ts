/**
 * The HTTP server: records every request, checks the API key, applies scripted faults, validates
 * the request against the spec, then hands it to the route that serves it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from './faults';
import {
	ApiError,
	drain,
	type EmulatorEnv,
	type ErrorStyle,
	errorBody,
	hasBody,
	mediaType,
	readBody,
	Reply,
	type RouteContext,
	type RouteDef,
	sleep,
} from './http';
import type { AccountRateLimit } from './rate-limit';
import type { MatchedOperation } from './spec';
import type { Fault, RecordedRequest } from './types';

export const API_PREFIX = '/v1.3';
export const UPLOAD_TEMPLATE = '/_upload/{upload_id}/{chunk_index}';
const JSON_BODY_LIMIT = 64 * 1024 * 1024;
const CANCEL_PATH = /^\/analyze\/tasks\/[^/]+\/cancel\/?$/;
const UPLOAD_PATH = /^\/_upload\/([^/]+)\/([^/]+)\/?$/;

export interface ServerDeps {
	env: EmulatorEnv;
	faults: Faults;
	requests: RecordedRequest[];
	apiRoutes: RouteDef[];
	uploadRoute: RouteDef;
	/** Called with each request once recorded, before it is answered. */
	onRequest?: (record: RecordedRequest) => void;
	rateLimit?: AccountRateLimit;
	/** The limit's text for 429 messages, e.g. '10 requests per 1 s'. */
	rateLimitText?: string;
}

function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const prev = query[key];
		if (prev === undefined) query[key] = value;
		else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return query;
}

export class EmulatorServer {
	private server: Server | undefined;

	constructor(private readonly deps: ServerDeps) {}

	async listen(port: number): Promise<number> {
		const server = createServer((req, res) => {
			this.handle(req, res).catch((err: unknown) => {
				this.deps.env.violation(`emulator crashed on ${req.method} ${req.url}: ${String(err)}`);
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ code: 'internal_error', message: 'The emulator failed.' }));
				}
			});
		});
		server.keepAliveTimeout = 5000;
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		return (server.address() as AddressInfo).port;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { env, requests } = this.deps;
		const url = new URL(req.url ?? '/', env.origin);
		const method = (req.method ?? 'GET').toUpperCase();
		const inApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
		const path = inApi ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
		const headers: Record<string, string | string[]> = {};
		for (const [name, value] of Object.entries(req.headers)) {
			if (value === undefined) continue;
			headers[name.toLowerCase()] = name.toLowerCase() === 'x-api-key' && value === env.options.apiKey ? '<redacted>' : value;
		}
		const record: RecordedRequest = { method, path, query: parseQuery(url.searchParams), headers, status: 0 };
		requests.push(record);
		this.deps.onRequest?.(record);

		if (!inApi) {
			const upload = UPLOAD_PATH.exec(path);
			if (upload) {
				await this.handleRoute(req, res, record, this.deps.uploadRoute, undefined, {
					upload_id: decodeURIComponent(upload[1]),
					chunk_index: decodeURIComponent(upload[2]),
				});
				return;
			}
			await drain(req);
			await new Reply(res, record, env, undefined, 'flat').send(404, { 'content-type': 'text/plain' }, 'Not found');
			return;
		}

		if (req.headers['x-api-key'] !== env.options.apiKey) {
			await drain(req);
			await new Reply(res, record, env, undefined, 'flat').json(401, {
				code: 'api_key_invalid',
				message: 'The API key you provided is not valid. Check your API key and try again.',
			});
			return;
		}

		const matched = env.spec.match(method, path);
		if (!matched) {
			await drain(req);
			const reply = new Reply(res, record, env, undefined, 'flat');
			if (CANCEL_PATH.test(path) && method === 'POST' && !env.options.cancelExtension) {
				// The cancel endpoint is not in the 2026-07-30 spec: answer like an API without it.
				await reply.error(404, 'resource_not_exist', `The requested resource does not exist: POST ${path}.`);
				return;
			}
			const allowed = env.spec.methodsFor(path);
			const reason = allowed.length
				? `${method} is not an operation of ${path} (the spec has ${allowed.join(', ')})`
				: `${path} is not a path of the spec`;
			env.violation(`${method} ${path}: ${reason}`);
			await reply.error(404, 'resource_not_exist', `No such route: ${method} ${API_PREFIX}${path}.`);
			return;
		}
		const route = this.deps.apiRoutes.find((r) => r.method === method && r.path === matched.spec.template);
		await this.handleRoute(req, res, record, route, matched, matched.pathParams);
	}

	private async rateLimited(reply: Reply, matched: MatchedOperation): Promise<void> {
		if (emptyRateLimitBody(matched)) {
			await reply.empty(429);
			return;
		}
		const limit = this.deps.rateLimitText ?? 'the account';
		await reply.error(429, 'too_many_requests', `You have exceeded the rate limit (${limit}). Please retry after the reset time in the X-Ratelimit-Reset header.`);
	}

	private async handleRoute(
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
		route: RouteDef | undefined,
		matched: MatchedOperation | undefined,
		params: Record<string, string>,
	): Promise<void> {
		const { env, faults } = this.deps;
		const method = record.method;
		const template = matched?.spec.template ?? route?.path;
		const style: ErrorStyle = route?.errors ?? 'flat';
		const reply = new Reply(res, record, env, matched, style);
		const where = `${method} ${record.path}`;

		if (matched) record.route = matched.spec.template;
		// Every API answer carries the rate-limit headers; a limited request consumes no fault.
		const admission = matched ? this.deps.rateLimit?.admit(Date.now()) : undefined;
		for (const [name, value] of Object.entries(admission?.headers ?? {})) res.setHeader(name, value);
		let fault: Fault | undefined = admission?.limited ? undefined : faults.take(method, template, record.path);
		if (fault?.kind === 'delay') {
			await sleep(fault.ms);
			fault = undefined;
		}
		if (fault?.kind === 'reset') {
			req.socket.destroy();
			return;
		}

		// Spec validation of parameters and body (API routes only).
		const problems: string[] = [];
		let query: Record<string, unknown> = { ...record.query };
		let body: unknown;
		if (matched) {
			const checked = env.spec.validateParameters(matched, record.query);
			problems.push(...checked.errors);
			query = checked.query;
			const declared = env.spec.bodyMediaTypes(matched);
			const type = mediaType(req);
			if (!route?.streamBody || fault?.kind === 'status') {
				if (!hasBody(req)) {
					if (declared.length > 0 && !route?.streamBody) problems.push(`the request has no body (expected ${declared.join(' or ')})`);
				} else if (declared.length === 0) {
					// Tolerate an empty JSON object; anything else is a body the operation does not take.
					const raw = await readBody(req, 1024 * 1024).catch(() => Buffer.from('x'));
					if (!/^\s*(\{\s*\})?\s*$/.test(raw.toString('utf8'))) problems.push(`${where} takes no request body, but one was sent`);
				} else if (!declared.includes(type)) {
					await drain(req);
					problems.push(`content-type '${type || '(none)'}' is not accepted (expected ${declared.join(' or ')})`);
				} else if (type === 'application/json') {
					try {
						const raw = await readBody(req, JSON_BODY_LIMIT);
						body = JSON.parse(raw.toString('utf8'));
						record.body = body;
						problems.push(...env.spec.validateJsonBody(matched, body));
					} catch (err) {
						if (err instanceof ApiError) {
							await reply.error(err.status, err.code, err.message);
							return;
						}
						problems.push('the body is not valid JSON');
					}
				} else {
					await drain(req);
				}
			} else if (declared.length > 0 && !declared.includes(type)) {
				await drain(req);
				problems.push(`content-type '${type || '(none)'}' is not accepted (expected ${declared.join(' or ')})`);
			}
		}
		for (const problem of problems) env.violation(`${where}: ${problem}`);

		if (admission?.limited && matched) {
			await drain(req);
			await this.rateLimited(reply, matched);
			return;
		}

		if (fault?.kind === 'status') {
			await drain(req);
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
			let payload = '';
			if (fault.body === undefined) {
				payload = JSON.stringify(errorBody(style, faultCode(fault.status), faultMessage(fault.status)));
				headers['content-type'] ??= 'application/json';
			} else if (fault.body !== '') {
				payload = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
				headers['content-type'] ??= typeof fault.body === 'string' ? 'text/plain' : 'application/json';
			}
			await reply.send(fault.status, headers, payload);
			return;
		}

		if (problems.length > 0) {
			await drain(req);
			await reply.error(400, 'parameter_invalid', problems.join('; '));
			return;
		}
		if (!route) {
			await drain(req);
			env.violation(`${where}: the emulator does not implement ${method} ${template ?? record.path}`);
			await reply.error(501, 'not_implemented', `The emulator does not implement ${method} ${template ?? record.path}.`);
			return;
		}

		const ctx: RouteContext = { req, method, path: record.path, params, matched, query, body, fault, record, env, reply };
		try {
			await route.handle(ctx);
		} catch (err) {
			if (!(err instanceof ApiError)) throw err;
			await drain(req);
			await reply.error(err.status, err.code, err.message);
		}
		if (!reply.sent) {
			env.violation(`${where}: the route answered nothing`);
			await reply.error(500, 'internal_error', 'The emulator route answered nothing.');
		}
	}
}

/** The spec says which 429s have an empty body (`POST /analyze`); the others use the route's error shape. */
function emptyRateLimitBody(matched: MatchedOperation): boolean {
	return /body is empty/i.test(matched.spec.operation.responses?.['429']?.description ?? '');
}

function faultCode(status: number): string {
	if (status === 429) return 'too_many_requests';
	if (status === 403) return 'forbidden';
	if (status === 408) return 'request_canceled_or_timed_out';
	if (status >= 500) return 'internal_error';
	return 'fault';
}

function faultMessage(status: number): string {
	if (status === 429) return 'You have exceeded the rate limit. Please try again later.';
	if (status >= 500) return `The server answered ${status} (scripted fault).`;
	return `Scripted fault ${status}.`;
}

