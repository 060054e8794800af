/**
 * n8n's REST API (what the editor uses) and its public API, over undici. The `n8n-auth` cookie
 * is bound to the `browser-id` header, so one client sends the same browser-id every time.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseFlatted } from 'flatted';
import { request } from 'undici';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** The login the demo and the tests create (n8n wants 8+ characters with a digit and an uppercase letter). */
export const DEMO_OWNER: Owner = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'TwelveLabs-demo-1',
};

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	active?: boolean;
	versionId?: string;
	[key: string]: unknown;
}

export interface ExecutionItem {
	json: Record<string, unknown>;
	binary?: Record<string, { mimeType?: string; fileName?: string; fileSize?: string; id?: string }>;
	pairedItem?: unknown;
}

export interface NodeRun {
	startTime: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; name?: string };
	data?: { main?: Array<ExecutionItem[] | null> };
}

export interface ExecutionData {
	resultData: { runData: Record<string, NodeRun[]>; error?: { message?: string }; lastNodeExecuted?: string };
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	workflowId: string;
	data: ExecutionData;
}

export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly route: string,
		readonly body: string,
	) {
		super(`${route} answered ${status}: ${body.slice(0, 500)}`);
	}
}

export class N8nApi {
	private cookie = '';
	private readonly browserId = randomUUID();
	private apiKey = '';

	constructor(readonly baseUrl: string) {}

	/** The value the editor sends as `browser-id` (the browser test reuses the cookie only through a real login). */
	async call<T>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await request(`${this.baseUrl}${route}`, {
			method: method as 'GET',
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.body.text();
		const setCookie = response.headers['set-cookie'];
		for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
			const pair = line.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		if (response.statusCode >= 400) throw new N8nApiError(response.statusCode, `${method} ${route}`, text);
		if (!text) return undefined as T;
		const parsed = JSON.parse(text) as { data?: T } | T;
		// The REST API wraps answers in {data}; /types/*.json and the public API do not.
		return (parsed !== null && typeof parsed === 'object' && 'data' in parsed && !route.startsWith('/api/') ? parsed.data : parsed) as T;
	}

	/** Creates the owner on a fresh instance, or logs in when one exists. */
	async signIn(owner: Owner = DEMO_OWNER): Promise<'created' | 'existing'> {
		const settings = await this.call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad) {
			await this.call('POST', '/rest/owner/setup', owner);
			await this.login(owner);
			return 'created';
		}
		await this.login(owner);
		return 'existing';
	}

	async login(owner: Owner = DEMO_OWNER): Promise<void> {
		await this.call('POST', '/rest/login', { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password });
	}

	async nodeTypeNames(): Promise<string[]> {
		const types = await this.call<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((type) => type.name);
	}

	async nodeTypes(): Promise<Array<Record<string, unknown> & { name: string }>> {
		return await this.call('GET', '/types/nodes.json');
	}

	async credentialTypeNames(): Promise<string[]> {
		const types = await this.call<Array<{ name: string }>>('GET', '/types/credentials.json');
		return types.map((type) => type.name);
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const created = await this.call<{ id: string; name: string }>('POST', '/rest/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	async listCredentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		return await this.call('GET', '/rest/credentials');
	}

	async updateCredential(id: string, name: string, type: string, data: Record<string, unknown>): Promise<void> {
		await this.call('PATCH', `/rest/credentials/${id}`, { name, type, data });
	}

	async createWorkflow(workflow: WorkflowJson): Promise<WorkflowJson & { id: string; versionId: string }> {
		const { id: _id, active: _active, ...body } = workflow;
		return await this.call('POST', '/rest/workflows', { ...body, settings: body.settings ?? {} });
	}

	async listWorkflows(): Promise<Array<{ id: string; name: string }>> {
		return await this.call('GET', '/rest/workflows');
	}

	async getWorkflow(id: string): Promise<WorkflowJson & { id: string; versionId: string }> {
		return await this.call('GET', `/rest/workflows/${id}`);
	}

	async getExecution(id: string): Promise<Execution> {
		const raw = await this.call<Omit<Execution, 'data'> & { data: string }>('GET', `/rest/executions/${id}`);
		return { ...raw, id: String(raw.id), data: parseFlatted(raw.data) as ExecutionData };
	}

	// --- public API (/api/v1), authenticated with an API key ---

	/** Creates an API key for the public API (2.x asks for scopes and an expiry; 1.x takes a label). */
	async enablePublicApi(): Promise<void> {
		if (this.apiKey) return;
		const scopes = await this.call<string[]>('GET', '/rest/api-keys/scopes').catch(() => undefined);
		const created = await this.call<{ rawApiKey?: string; apiKey?: string }>('POST', '/rest/api-keys', {
			label: `e2e ${Date.now()}`,
			expiresAt: null,
			...(scopes ? { scopes } : {}),
		});
		const key = created.rawApiKey ?? created.apiKey;
		if (!key) throw new Error('n8n returned no API key');
		this.apiKey = key;
	}

	async publicApi<T>(method: string, route: string, body?: unknown): Promise<T> {
		await this.enablePublicApi();
		const response = await request(`${this.baseUrl}/api/v1${route}`, {
			method: method as 'GET',
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.body.text();
		if (response.statusCode >= 400) throw new N8nApiError(response.statusCode, `${method} /api/v1${route}`, text);
		return (text ? JSON.parse(text) : undefined) as T;
	}
}
