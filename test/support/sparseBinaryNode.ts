/**
 * Test-only node: emits one item whose binary, in n8n's filesystem binary store, is `size`
 * bytes of zeros. The stored file is made sparse, so a 300 MB or 10 GB binary costs no disk
 * and no time to create, yet reads back (getBinaryStream) as a real file of that size.
 */
import { truncateSync, writeFileSync } from 'node:fs';

import type { IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const SPARSE_BINARY_TYPE = 'n8n-nodes-test.sparseBinary';

export const sparseBinaryNodeType: INodeType = {
	description: {
		displayName: 'Sparse Binary',
		name: 'sparseBinary',
		group: ['input'],
		version: 1,
		description: 'Emits one item with a sparse binary of the given size',
		defaults: { name: 'Sparse Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Size', name: 'size', type: 'number', default: 0 },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: 'video.mp4' },
			{ displayName: 'MIME Type', name: 'mimeType', type: 'string', default: 'video/mp4' },
			{ displayName: 'Binary Field', name: 'field', type: 'string', default: 'data' },
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const size = this.getNodeParameter('size', 0) as number;
		const fileName = this.getNodeParameter('fileName', 0) as string;
		const mimeType = this.getNodeParameter('mimeType', 0) as string;
		const field = this.getNodeParameter('field', 0) as string;
		const binary = await this.helpers.prepareBinaryData(Buffer.alloc(1), fileName, mimeType);
		if (!binary.id) throw new Error('sparseBinary needs the filesystem binary mode');
		const path = this.helpers.getBinaryPath(binary.id);
		truncateSync(path, size);
		const metadata = await this.helpers.getBinaryMetadata(binary.id);
		writeFileSync(`${path}.metadata`, JSON.stringify({ ...metadata, fileSize: size }));
		return [[{ json: {}, binary: { [field]: { ...binary, bytes: size } } }]];
	},
};

export function sparseBinaryNode(name: string, file: { size: number; fileName?: string; mimeType?: string; field?: string }): INode {
	return {
		id: `sparse-${name}`,
		name,
		type: SPARSE_BINARY_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			size: file.size,
			fileName: file.fileName ?? 'video.mp4',
			mimeType: file.mimeType ?? 'video/mp4',
			field: file.field ?? 'data',
		},
	};
}
