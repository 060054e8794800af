/**
 * Shared by the upload benchmarks: the RSS sampler, and bench-only nodes that store a binary
 * in n8n's filesystem store and pass it on, as a download would.
 */
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IBinaryData, IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

export const MiB = 1024 * 1024;

/** RSS sampler: a phase starts after a full GC, from the RSS at that moment. */
export const sampler = {
	baseline: 0,
	peak: 0,
	timer: undefined as NodeJS.Timeout | undefined,
	start() {
		gc();
		this.baseline = process.memoryUsage.rss();
		this.peak = this.baseline;
		this.timer = setInterval(() => {
			this.peak = Math.max(this.peak, process.memoryUsage.rss());
		}, 5);
	},
	stop(): number {
		clearInterval(this.timer);
		this.peak = Math.max(this.peak, process.memoryUsage.rss());
		return this.peak - this.baseline;
	},
};

/** Bytes of a recognisable pattern (not zeros, so nothing along the way can shortcut them). */
async function* pattern(size: number): AsyncGenerator<Buffer> {
	const block = Buffer.alloc(MiB);
	for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
	for (let sent = 0; sent < size; sent += block.length) yield sent + block.length <= size ? block : block.subarray(0, size - sent);
}

/** Binaries stored by the Make Binary node, by label, for later runs to upload. */
export const stored: Record<string, IBinaryData> = {};
export const sizes: Record<string, number> = {};

/** Writes `size` bytes into n8n's binary store, streamed (as a download would be). */
export const MAKE_BINARY = 'n8n-nodes-bench.makeBinary';
export const makeBinaryNode: INodeType = {
	description: {
		displayName: 'Make Binary',
		name: 'makeBinary',
		group: ['input'],
		version: 1,
		description: 'Stores a binary of the given size',
		defaults: { name: 'Make Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Size', name: 'size', type: 'number', default: 0 },
			{ displayName: 'Label', name: 'label', type: 'string', default: '' },
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const size = this.getNodeParameter('size', 0) as number;
		const label = this.getNodeParameter('label', 0) as string;
		const binary = await this.helpers.prepareBinaryData(Readable.from(pattern(size)), `${label}.mp4`, 'video/mp4');
		if (!binary.id) throw new Error('the binary store is not in filesystem mode');
		stored[label] = binary;
		sizes[label] = size;
		return [this.getInputData()];
	},
};

/** Emits one item carrying a binary stored earlier (n8n passes binaries between nodes this way). */
export const STORED_BINARY = 'n8n-nodes-bench.storedBinary';
export const storedBinaryNode: INodeType = {
	description: { ...makeBinaryNode.description, displayName: 'Stored Binary', name: 'storedBinary' },
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const label = this.getNodeParameter('label', 0) as string;
		return [[{ json: {}, binary: { data: stored[label] } }]];
	},
};

export function benchNode(type: string, name: string, parameters: INode['parameters'] = {}): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters };
}
