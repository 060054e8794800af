/** Builds a linear workflow: each node's main output 0 feeds the next node's main input 0. */
import type { IConnections, INode } from 'n8n-workflow';

export function chain(...nodes: INode[]): { nodes: INode[]; connections: IConnections } {
	const positioned = nodes.map((node, index): INode => ({
		...node,
		position: [index * 220, 0],
	}));
	const connections: IConnections = {};
	for (let i = 0; i < positioned.length - 1; i++) {
		connections[positioned[i].name] = {
			main: [[{ node: positioned[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { nodes: positioned, connections };
}
