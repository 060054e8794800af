/**
 * A scheduled poll: one round for the task events and one for Batch Finished (each only when
 * chosen), each with its own state, under one lock per trigger node.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { AnalyzeTask } from '../TwelveLabs/responses/task';
import type { AnalyzeBatch } from '../TwelveLabs/trigger/batchEvents';
import { BATCH_IN_FLIGHT_STATUSES, batchEventItem, batchRoundKind, listBatchPage, retrieveBatch } from '../TwelveLabs/trigger/batchEvents';
import { tryLockPoll } from '../TwelveLabs/trigger/pollLock';
import { taskRoundKind } from '../TwelveLabs/trigger/pollRound';
import type { PollRun, RoundSource } from '../TwelveLabs/trigger/roundRunner';
import { runRound } from '../TwelveLabs/trigger/roundRunner';
import { isPublishPoll } from '../TwelveLabs/trigger/seedRecord';
import { listTaskPage, retrieveTask } from '../TwelveLabs/trigger/taskApi';
import { IN_FLIGHT_STATUSES, taskEventItem } from '../TwelveLabs/trigger/taskEvents';
import { listEarlierFinished } from './earlierTasks';
import type { TriggerSettings } from './settings';

/** Where each round's state lives in the node's static data. */
export const STATE_KEY = 'taskTrigger';
export const BATCH_STATE_KEY = 'batchTrigger';

/** n8n 1.x has no poll budget; its polls are not abandoned, this only bounds the lock. */
const DEFAULT_BUDGET_MS = 5 * 60_000;
/** Stop starting requests after this share of the budget: the last ones still need time to answer. */
const BUDGET_SHARE = 0.7;

function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	const read = (ctx as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	if (typeof read !== 'function') return undefined;
	const budget = read.call(ctx);
	return typeof budget === 'number' && Number.isFinite(budget) && budget >= 0 ? budget : undefined;
}

function taskSource(ctx: IPollFunctions, settings: TriggerSettings): RoundSource<AnalyzeTask> {
	return {
		kind: taskRoundKind(settings.outcomes),
		stateKey: STATE_KEY,
		recordScope: '',
		watch: settings.watch,
		noun: 'tasks',
		listPage: async (inFlight, page, pageLimit) => {
			const listed = await listTaskPage(ctx, { ...settings.query, ...inFlight }, page, pageLimit);
			return { entries: listed.tasks, isLastPage: listed.isLastPage };
		},
		inFlight: IN_FLIGHT_STATUSES.map((status) => ({ status })),
		retrieve: async (id) => await retrieveTask(ctx, id),
		earlier: settings.earlierTasks > 0 ? async (isTracked) => await listEarlierFinished(ctx, settings, isTracked) : undefined,
	};
}

function batchSource(ctx: IPollFunctions, settings: TriggerSettings): RoundSource<AnalyzeBatch> {
	const { analysis_mode } = settings.query;
	return {
		kind: batchRoundKind,
		stateKey: BATCH_STATE_KEY,
		recordScope: 'batches:',
		watch: JSON.stringify({ analysis_mode: analysis_mode ?? null }),
		noun: 'batches',
		listPage: async (inFlight, page, pageLimit) =>
			await listBatchPage(ctx, { ...(analysis_mode ? { analysis_mode } : {}), ...inFlight }, page, pageLimit),
		// One list: an account has at most 5 active batches, so it is one page.
		inFlight: [{ status: BATCH_IN_FLIGHT_STATUSES }],
		retrieve: async (id) => await retrieveBatch(ctx, id),
	};
}

export async function pollEvents(ctx: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const key = `${ctx.getWorkflow().id ?? ''}/${ctx.getNode().id}`;
	const startedMs = Date.now();
	const budgetMs = pollBudgetMs(ctx);
	const release = tryLockPoll(key, startedMs, (budgetMs ?? DEFAULT_BUDGET_MS) + 60_000);
	if (!release) {
		ctx.logger.debug(`TwelveLabs Trigger "${ctx.getNode().name}": the previous poll is still running, skipping this one`);
		return null;
	}
	try {
		const run: PollRun = {
			ctx,
			// Publishing starts afresh, as the first publish did, whatever an earlier publication left.
			publishing: isPublishPoll(ctx),
			startedMs,
			deadlineMs: budgetMs === undefined ? Number.POSITIVE_INFINITY : startedMs + budgetMs * BUDGET_SHARE,
		};
		const items: INodeExecutionData[] = [];
		if (settings.outcomes.length > 0) {
			for (const task of await runRound(run, taskSource(ctx, settings))) items.push({ json: taskEventItem(task) });
		}
		if (settings.batchFinished) {
			for (const batch of await runRound(run, batchSource(ctx, settings))) items.push({ json: batchEventItem(batch) });
		}
		return items.length > 0 ? [items] : null;
	} finally {
		release();
	}
}
