/** The node-type registry a harness Workflow runs with: the caller's types plus the stand-ins. */
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

import { standInNodeTypes } from './stand-in-nodes';

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

export class HarnessNodeTypes implements INodeTypes {
	private readonly types: NodeTypeMap;

	constructor(nodeTypes: NodeTypeMap) {
		this.types = { ...standInNodeTypes, ...nodeTypes };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (type === undefined) {
			throw new UnexpectedError(`Unknown node type "${nodeType}": pass it in HarnessOptions.nodeTypes`);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of Object.keys(this.types)) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}
