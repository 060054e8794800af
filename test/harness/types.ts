/** The harness's public option and result types (re-exported by index.ts). */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowSettings,
} from 'n8n-workflow';

export interface HarnessOptions {
	/** By full type name, e.g. 'n8n-nodes-twelvelabs.twelveLabsAsset'; the harness adds its stand-ins. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Their `authenticate` block is applied to authenticated requests; `test` runs in testCredential. */
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type name, e.g. { twelveLabsApi: { apiKey: 'k' } }. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Run as a streaming execution: `isStreaming()` is true and sendChunk calls are captured. */
	streaming?: boolean;
	/** Stop the execution (n8n's "stop execution": the cancel signal fires) after this many ms. */
	cancelAfterMs?: number;
}

export interface WorkflowInput {
	nodes: INode[];
	connections: IConnections;
	/** Defaults to { executionOrder: 'v1' }, what n8n gives new workflows. */
	settings?: IWorkflowSettings;
}

export interface StreamChunk {
	type: string;
	itemIndex: number;
	/** As n8n sends it: sendChunk JSON-stringifies non-string content. */
	content?: unknown;
	nodeName: string;
}

export interface WorkflowResult {
	/** IRun status: 'success' | 'error' | 'canceled' | ... */
	status: string;
	/** The execution's error, if any (the last node error). */
	error?: Error;
	/** Items of the node's last run on main output N (default 0); [] if none. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error of the node's last run, if it failed. */
	nodeError(nodeName: string): Error | undefined;
	/** sendChunk calls, in order (only with `streaming: true`). */
	chunks: StreamChunk[];
	run: IRun;
}
