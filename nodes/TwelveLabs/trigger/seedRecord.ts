/**
 * Where the seed outlives the poll that made it, and which poll is a publish.
 *
 * n8n saves a workflow's static data when a workflow is published (after the poll it runs then)
 * and whenever a poll emits. With durable poll cursors (n8n 2.x, N8N_POLLER_DURABLE_CURSORS_ENABLED)
 * a poll node's own static data is staged instead and dropped when the publish poll returns
 * nothing, so the first scheduled poll, in this process or after a restart, would find no seed.
 * The workflow's global static data is never staged: the seed is recorded there too, under a key
 * of the node's own, and a poll that finds it newer than the node's own state resumes from it.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { TaskTriggerState } from './taskTriggerState';
import { copyState, parseState } from './taskTriggerState';

const RECORD_PREFIX = 'twelveLabsTrigger.seed:';

/** `scope` tells apart the seeds of one node's rounds ('' for tasks, as before it had others). */
const recordKey = (nodeId: string, scope: string) => `${RECORD_PREFIX}${scope}${nodeId}`;

/** The seed recorded for this node and these filters, if any. */
export function readSeedRecord(global: IDataObject, nodeId: string, watch: string, scope = ''): TaskTriggerState | undefined {
	return parseState(global[recordKey(nodeId, scope)], watch);
}

export function writeSeedRecord(global: IDataObject, nodeId: string, seed: TaskTriggerState, scope = ''): void {
	global[recordKey(nodeId, scope)] = copyState(seed) as unknown as IDataObject;
}

/** The node's own state has grown from the recorded seed: the record is no longer needed. */
export function clearSeedRecord(global: IDataObject, nodeId: string, scope = ''): void {
	if (recordKey(nodeId, scope) in global) delete global[recordKey(nodeId, scope)];
}

/**
 * The state to resume from: the node's own, unless a newer seed was recorded (the node's state
 * is then from an earlier publication, or missing because the publish poll's was dropped).
 */
export function stateToResume(
	stored: TaskTriggerState | undefined,
	recorded: TaskTriggerState | undefined,
): TaskTriggerState | undefined {
	if (recorded && (!stored || recorded.seededAtMs > stored.seededAtMs)) return recorded;
	return stored;
}

const contextsSeen = new WeakSet<object>();

/**
 * Whether this is the poll n8n runs when the workflow is published (not re-published with a new
 * version, not started with n8n): the first poll of a context activated by publishing. n8n keeps
 * one context for all polls of an activation (its scheduler builds each later one as 'update'),
 * so this holds in this process only for as long as that activation does, which is all it needs.
 */
export function isPublishPoll(ctx: IPollFunctions): boolean {
	const first = !contextsSeen.has(ctx);
	contextsSeen.add(ctx);
	return first && ctx.getActivationMode() === 'activate';
}
