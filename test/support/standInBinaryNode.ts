/**
 * Test-only node: emits one item per spec, each with a binary `data` held by a stand-in binary
 * store (`database` or `s3` mode, see test/harness/stand-in-stores.ts), as a node in a
 * queue-mode n8n would get it.
 */
import type { IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { StandInBinarySpec } from '../harness';
import { standInBinary } from '../harness';

export const STAND_IN_BINARY_TYPE = 'n8n-nodes-test.standInBinary';

export const standInBinaryNodeType: INodeType = {
	description: {
		displayName: 'Stand-In Binary',
		name: 'standInBinary',
		group: ['input'],
		version: 1,
		description: 'Emits items with binaries in a stand-in binary store',
		defaults: { name: 'Stand-In Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Specs (JSON)', name: 'specs', type: 'json', default: '[]' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const specs = JSON.parse(this.getNodeParameter('specs', 0) as string) as StandInBinarySpec[];
		return [specs.map((spec) => ({ json: { mode: spec.mode, size: spec.size }, binary: { data: standInBinary(spec) } }))];
	},
};

export function standInBinaryNode(name: string, ...specs: StandInBinarySpec[]): INode {
	return {
		id: `stand-in-${name}`,
		name,
		type: STAND_IN_BINARY_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { specs: JSON.stringify(specs) },
	};
}
