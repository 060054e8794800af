/**
 * A scheduled poll: resumes from the stored state (or seeds it), drives a PollRound against the
 * API, and writes the next state only once every request has succeeded, so a poll that fails
 * half-way changes nothing and the next one repeats it cleanly.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { AnalyzeTask } from '../TwelveLabs/responses/task';
import { tryLockPoll } from '../TwelveLabs/trigger/pollLock';
import { listedTask, PAGE_SIZE, PollRound } from '../TwelveLabs/trigger/pollRound';
import type { ListedTask } from '../TwelveLabs/trigger/pollRound';
import type { TaskListQuery } from '../TwelveLabs/trigger/taskApi';
import { listTaskPage, readList, retrieveTask } from '../TwelveLabs/trigger/taskApi';
import { IN_FLIGHT_STATUSES, taskEventItem } from '../TwelveLabs/trigger/taskEvents';
import { clearSeedRecord, isPublishPoll, readSeedRecord, stateToResume, writeSeedRecord } from '../TwelveLabs/trigger/seedRecord';
import { parseState } from '../TwelveLabs/trigger/taskTriggerState';
import { listEarlierFinished } from './earlierTasks';
import type { TriggerSettings } from './settings';

/** Where the state lives in the node's static data. */
export const STATE_KEY = 'taskTrigger';

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

function listedTasks(tasks: AnalyzeTask[]): ListedTask[] {
	return tasks.map(listedTask).filter((task): task is ListedTask => task !== undefined);
}

/** Reads the queued, pending and processing lists in that order; false when the deadline cut it short. */
async function readStatusLists(
	ctx: IPollFunctions,
	round: PollRound,
	query: TaskListQuery,
	deadlineMs: number,
): Promise<boolean> {
	// In lifecycle order, so a task moving on while the lists are read is still seen in one of them.
	for (const status of IN_FLIGHT_STATUSES) {
		const complete = await readList(ctx, { ...query, status }, deadlineMs, (page) => {
			round.addStatusPage(listedTasks(page.tasks));
			return true;
		});
		if (!complete) return false;
	}
	return true;
}

/** The first poll: what is in flight, then the head of the list. Returns earlier tasks to emit, if asked for. */
async function seedRound(ctx: IPollFunctions, round: PollRound, settings: TriggerSettings): Promise<AnalyzeTask[]> {
	await readStatusLists(ctx, round, settings.query, Number.POSITIVE_INFINITY);
	round.markStatusListsRead();
	// Before the head page, so every task emitted here is already known when the head is read.
	const earlier =
		settings.earlierTasks > 0
			? await listEarlierFinished(ctx, settings, (id) => round.isTracked(id))
			: [];
	const head = await listTaskPage(ctx, settings.query, 1, PAGE_SIZE);
	round.addHeadPage(listedTasks(head.tasks), head.isLastPage);
	return earlier;
}

async function resumeRound(ctx: IPollFunctions, round: PollRound, query: TaskListQuery, deadlineMs: number) {
	// The head is always read to the tasks already known (no deadline): stopping inside it could lose new tasks.
	await readList(ctx, query, Number.POSITIVE_INFINITY, (page) => round.addHeadPage(listedTasks(page.tasks), page.isLastPage));
	if (round.needsStatusLists() && (await readStatusLists(ctx, round, query, deadlineMs))) {
		round.markStatusListsRead();
	}
	for (const taskId of round.toRetrieve()) {
		// What is left stays tracked: the next poll retrieves it.
		if (Date.now() >= deadlineMs) break;
		const task = await retrieveTask(ctx, taskId);
		if (task) round.addRetrieved(task);
		else round.addMissing(taskId);
	}
}

export async function pollTasks(ctx: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const key = `${ctx.getWorkflow().id ?? ''}/${ctx.getNode().id}`;
	const startedMs = Date.now();
	const budgetMs = pollBudgetMs(ctx);
	const release = tryLockPoll(key, startedMs, (budgetMs ?? DEFAULT_BUDGET_MS) + 60_000);
	if (!release) {
		ctx.logger.debug(`TwelveLabs Trigger "${ctx.getNode().name}": the previous poll is still running, skipping this one`);
		return null;
	}
	try {
		const staticData = ctx.getWorkflowStaticData('node');
		const global = ctx.getWorkflowStaticData('global');
		const nodeId = ctx.getNode().id;
		// Publishing starts afresh, as the first publish did, whatever an earlier publication left.
		const publishing = isPublishPoll(ctx);
		const stored = publishing ? undefined : parseState(staticData[STATE_KEY], settings.watch);
		const recorded = publishing ? undefined : readSeedRecord(global, nodeId, settings.watch);
		const resumeFrom = stateToResume(stored, recorded);
		if (stored && resumeFrom === stored && recorded) clearSeedRecord(global, nodeId);
		const round = resumeFrom
			? PollRound.resume(resumeFrom, settings.outcomes)
			: PollRound.seed(settings.watch, settings.outcomes, startedMs);

		const deadlineMs = budgetMs === undefined ? Number.POSITIVE_INFINITY : startedMs + budgetMs * BUDGET_SHARE;
		const earlier = round.isSeeding
			? await seedRound(ctx, round, settings)
			: (await resumeRound(ctx, round, settings.query, deadlineMs), []);
		const result = round.finish();

		if (round.isSeeding) writeSeedRecord(global, nodeId, result.state);
		staticData[STATE_KEY] = result.state as unknown as IDataObject;
		if (result.droppedTracked > 0) {
			ctx.logger.warn(
				`TwelveLabs Trigger "${ctx.getNode().name}": more than ${result.state.tracked.length} tasks are in flight; ${result.droppedTracked} of the oldest are no longer followed`,
			);
		}
		const items = [...earlier, ...result.emit].map((task) => ({ json: taskEventItem(task) }));
		return items.length > 0 ? [items] : null;
	} finally {
		release();
	}
}
