/**
 * The example workflows in examples/*.json: read, checked against what the package provides, and
 * pointed at a TwelveLabs credential of the instance they are imported into.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { WorkflowJson, WorkflowNode } from './n8n-api';
import { REPO_ROOT } from './runtime';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const PACKAGE_PREFIX = 'n8n-nodes-twelvelabs.';
export const CREDENTIAL_TYPE = 'twelveLabsApi';

export interface Example {
	/** File name without .json, e.g. `asset-list-and-get`. */
	slug: string;
	file: string;
	workflow: WorkflowJson;
}

export function readExamples(): Example[] {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			slug: file.replace(/\.json$/, ''),
			file: path.join(EXAMPLES_DIR, file),
			workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson,
		}));
}

/** This package's node types the example uses (full names, e.g. `n8n-nodes-twelvelabs.twelveLabsAsset`). */
export function packageTypesUsed(workflow: WorkflowJson): string[] {
	return [...new Set(workflow.nodes.map((node) => node.type).filter((type) => type.startsWith(PACKAGE_PREFIX)))];
}

/** Node types the example needs that the instance does not know (e.g. a node not built yet). */
export function missingTypes(workflow: WorkflowJson, knownTypes: Iterable<string>): string[] {
	const known = new Set(knownTypes);
	return [...new Set(workflow.nodes.map((node) => node.type))].filter((type) => !known.has(type.replace(/Tool$/, '')) && !known.has(type));
}

/** Whether the example starts from a trigger that is not the manual one (it must be published to run). */
export function triggerOf(workflow: WorkflowJson): WorkflowNode | undefined {
	return workflow.nodes.find((node) => /trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook');
}

/** A copy in which every TwelveLabs credential reference names the given credential. */
export function withCredential(workflow: WorkflowJson, credential: { id: string; name: string }): WorkflowJson {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.type.startsWith(PACKAGE_PREFIX)) node.credentials = { ...node.credentials, [CREDENTIAL_TYPE]: credential };
	}
	return copy;
}
