/**
 * In-process n8n workflow test harness (n8n-core 2.40's WorkflowExecute, PollContext,
 * RoutingNode, BinaryDataService in filesystem mode; real HTTP through n8n's helpers).
 *
 * './env' must stay the first import: it sets N8N_USER_FOLDER and the binary-data mode
 * before n8n-core is loaded.
 */
import './env';

export type {
	HarnessOptions,
	StreamChunk,
	WorkflowInput,
	WorkflowResult,
} from './types';
export type { ItemsNodeBinary, ItemsNodeItem } from './stand-in-nodes';
export type { PollOptions, PollResult } from './poll';
export type { CredentialTestResult } from './credential-test';
export type { StandInBinarySpec, StandInMode } from './stand-in-stores';

export { runWorkflow } from './run';
export { runPoll } from './poll';
export { testCredential } from './credential-test';
export { chain } from './chain';
export {
	manualTrigger,
	itemsNode,
	MANUAL_TRIGGER_TYPE,
	ITEMS_NODE_TYPE,
	NO_OP_TYPE,
} from './stand-in-nodes';
export { harnessUserFolder } from './env';
export { standInBinary, standInReads } from './stand-in-stores';
