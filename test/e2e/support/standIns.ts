/**
 * Makes an example runnable without the internet: every node that talks to an outside service
 * (Slack, Google Sheets, ...) becomes an HTTP Request node that POSTs that node's parameters to the
 * local sink, with its expressions kept, so n8n evaluates them against the same items; downloads
 * from outside URLs are pointed at the sink's file server. Names and connections stay the same.
 */
import type { WorkflowJson, WorkflowNode } from '../../../scripts/lib/n8n-api';
import { PACKAGE_PREFIX } from '../../../scripts/lib/examples';

/** n8n nodes that need no outside service: they run as they are. */
const LOCAL_TYPES = new Set(
	[
		'manualTrigger', 'set', 'code', 'if', 'filter', 'switch', 'merge', 'noOp', 'splitOut', 'aggregate', 'limit', 'sort',
		'summarize', 'removeDuplicates', 'splitInBatches', 'dateTime', 'crypto', 'html', 'xml', 'markdown', 'renameKeys',
		'extractFromFile', 'convertToFile', 'readWriteFile', 'httpRequest', 'wait', 'webhook', 'respondToWebhook',
		'scheduleTrigger', 'stickyNote', 'stopAndError', 'executeWorkflowTrigger', 'executionData', 'compareDatasets',
	].map((name) => `n8n-nodes-base.${name}`),
);

/** Separator of flattened parameter paths (not '.', which the HTTP Request node might nest). */
export const PATH_SEPARATOR = '/';

export interface StandIn {
	node: string;
	/** The replaced node's type. */
	replacedType: string;
	/** Flattened parameters sent, with the original (possibly expression) values. */
	fields: Record<string, string>;
}

export function needsStandIn(node: WorkflowNode): boolean {
	return !node.type.startsWith(PACKAGE_PREFIX) && !LOCAL_TYPES.has(node.type) && !node.type.startsWith('@n8n/n8n-nodes-langchain.');
}

function isResourceLocator(value: unknown): value is { __rl: true; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}

/** `{a: {b: '={{ $json.x }}'}}` -> `{'a/b': '={{ $json.x }}'}`; lists of objects (column schemas) are left out. */
export function flattenParameters(value: unknown, prefix = '', into: Record<string, string> = {}): Record<string, string> {
	if (isResourceLocator(value)) return flattenParameters(value.value, prefix, into);
	if (Array.isArray(value)) {
		if (value.every((entry) => typeof entry !== 'object' || entry === null)) into[prefix] = value.map(String).join(',');
		return into;
	}
	if (typeof value === 'object' && value !== null) {
		for (const [key, entry] of Object.entries(value)) {
			flattenParameters(entry, prefix ? `${prefix}${PATH_SEPARATOR}${key}` : key, into);
		}
		return into;
	}
	if (prefix && value !== undefined && value !== null) into[prefix] = String(value);
	return into;
}

function isOutsideUrl(url: string): boolean {
	if (!/^https?:\/\//.test(url)) return false;
	const host = new URL(url).hostname;
	return host !== 'localhost' && host !== '127.0.0.1';
}

export function withStandIns(workflow: WorkflowJson, sinkUrl: string): { workflow: WorkflowJson; standIns: StandIn[] } {
	const copy = structuredClone(workflow);
	const standIns: StandIn[] = [];
	copy.nodes = copy.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.httpRequest' && typeof node.parameters.url === 'string' && isOutsideUrl(node.parameters.url)) {
			const file = new URL(node.parameters.url).pathname.split('/').pop() || 'file';
			return { ...node, parameters: { ...node.parameters, url: `${sinkUrl}/files/${file}` } };
		}
		if (!needsStandIn(node)) return node;
		const fields = flattenParameters(node.parameters);
		standIns.push({ node: node.name, replacedType: node.type, fields });
		const { credentials: _credentials, ...rest } = node;
		return {
			...rest,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${sinkUrl}/sink/${encodeURIComponent(node.name)}`,
				sendBody: true,
				specifyBody: 'keypair',
				bodyParameters: { parameters: Object.entries(fields).map(([name, value]) => ({ name, value })) },
				options: {},
			},
		};
	});
	return { workflow: copy, standIns };
}
