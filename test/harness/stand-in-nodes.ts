/**
 * Node types the harness provides itself, so workflows can start and feed test nodes
 * without n8n-nodes-base:
 * - `n8n-nodes-base.manualTrigger`: same description and `trigger()` as n8n's Manual Trigger.
 * - `n8n-nodes-harness.items`: emits items given in its parameters, storing binaries through
 *   n8n's `prepareBinaryData` (files are streamed from disk, never read whole).
 * - `n8n-nodes-base.noOp`: the node n8n's credential tester builds its test request on.
 */
import { createReadStream } from 'node:fs';

import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const ITEMS_NODE_TYPE = 'n8n-nodes-harness.items';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/** A binary as given to `itemsNode`: inline data (a string is UTF-8 text) or a file to stream. */
export interface ItemsNodeBinary {
	data?: Buffer | string;
	filePath?: string;
	fileName?: string;
	mimeType?: string;
}

export interface ItemsNodeItem {
	json: IDataObject;
	binary?: Record<string, ItemsNodeBinary>;
}

/** How an item is kept in the node's parameters: plain JSON, inline data as base64. */
interface StoredBinary {
	base64?: string;
	/** The data was given as a string. */
	text?: boolean;
	filePath?: string;
	fileName?: string;
	mimeType?: string;
}
interface StoredItem {
	json: IDataObject;
	binary?: Record<string, StoredBinary>;
}

export const manualTriggerNodeType: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		icon: 'fa:mouse-pointer',
		group: ['trigger', 'input'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		maxNodes: 1,
		defaults: { name: "When clicking 'Execute workflow'", color: '#909298' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	},
};

export const itemsNodeType: INodeType = {
	description: {
		displayName: 'Harness Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (test harness stand-in)',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items (JSON)',
				name: 'items',
				type: 'string',
				default: '[]',
			},
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]', { rawExpressions: true }) as string;
		const stored = JSON.parse(raw) as StoredItem[];
		const out: INodeExecutionData[] = [];
		for (const item of stored) {
			const result: INodeExecutionData = { json: item.json };
			if (item.binary) {
				const binary: Record<string, IBinaryData> = {};
				for (const [key, spec] of Object.entries(item.binary)) {
					binary[key] = await storeBinary(this, spec);
				}
				result.binary = binary;
			}
			out.push(result);
		}
		return [out];
	},
};

async function storeBinary(ctx: IExecuteFunctions, spec: StoredBinary): Promise<IBinaryData> {
	// prepareBinaryData takes the file name (and its mime-type guess) from its second argument.
	if (spec.filePath !== undefined) {
		return await ctx.helpers.prepareBinaryData(
			createReadStream(spec.filePath),
			spec.fileName ?? spec.filePath,
			spec.mimeType,
		);
	}
	const buffer = Buffer.from(spec.base64 ?? '', 'base64');
	try {
		return await ctx.helpers.prepareBinaryData(buffer, spec.fileName, spec.mimeType);
	} catch (error) {
		// With no mime type to go on, n8n sniffs a Buffer with `await import('file-type')`, which
		// jest refuses without --experimental-vm-modules; fall back to what n8n would mostly find.
		if (!String((error as Error).message).includes('experimental-vm-modules')) throw error;
		const fallback = spec.text === true ? 'text/plain' : 'application/octet-stream';
		return await ctx.helpers.prepareBinaryData(buffer, spec.fileName, fallback);
	}
}

export const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	},
};

/** The node types the harness adds to every registry (callers' own types take precedence). */
export const standInNodeTypes: Record<string, INodeType> = {
	[MANUAL_TRIGGER_TYPE]: manualTriggerNodeType,
	[ITEMS_NODE_TYPE]: itemsNodeType,
	[NO_OP_TYPE]: noOpNodeType,
};

let nodeCounter = 0;
const nextNodeId = () => `harness-node-${++nodeCounter}`;

/** A Manual Trigger node (the harness provides its type). */
export function manualTrigger(name = "When clicking 'Execute workflow'"): INode {
	return {
		id: nextNodeId(),
		name,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** A node emitting the given items; binaries get stored through n8n's binary helpers. */
export function itemsNode(name: string, items: ItemsNodeItem[]): INode {
	const stored: StoredItem[] = items.map((item) => {
		if (!item.binary) return { json: item.json };
		const binary: Record<string, StoredBinary> = {};
		for (const [key, spec] of Object.entries(item.binary)) {
			const data =
				spec.data === undefined
					? undefined
					: Buffer.isBuffer(spec.data)
						? spec.data.toString('base64')
						: Buffer.from(spec.data, 'utf8').toString('base64');
			binary[key] = {
				base64: data,
				text: typeof spec.data === 'string' ? true : undefined,
				filePath: spec.filePath,
				fileName: spec.fileName,
				mimeType: spec.mimeType,
			};
		}
		return { json: item.json, binary };
	});
	return {
		id: nextNodeId(),
		name,
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(stored) },
	};
}
