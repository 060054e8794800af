/**
 * Drives one PollRound against the API for one kind of thing the trigger follows (tasks, batches):
 * resumes from the stored state (or seeds it), reads the lists, retrieves what finished, and
 * writes the next state only once every request has succeeded, so a poll that fails half-way
 * changes nothing and the next one repeats it cleanly.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { readWindows } from './listWindows';
import type { ListedTask, RoundKind } from './pollRound';
import { PAGE_SIZE, PollRound } from './pollRound';
import { clearSeedRecord, readSeedRecord, stateToResume, writeSeedRecord } from './seedRecord';
import { parseState } from './taskTriggerState';

/** Where a round reads from, and where its state lives. */
export interface RoundSource<Full> {
	kind: RoundKind<Full>;
	/** Key of this round's state in the node's static data. */
	stateKey: string;
	/** Tells this round's seed record apart from the node's other rounds ('' for tasks). */
	recordScope: string;
	/** Identifies the filters: state built for other filters is not reused. */
	watch: string;
	/** What is followed, for log lines ('tasks', 'batches'). */
	noun: string;
	/** One page of the list, newest first; `inFlight` narrows it to one of the in-flight filters. */
	listPage(inFlight: IDataObject | undefined, page: number, pageLimit: number): Promise<{ entries: Full[]; isLastPage: boolean }>;
	/** The in-flight filters, in lifecycle order, so a thing moving on while they are read is still seen in one. */
	inFlight: IDataObject[];
	/** The full object; undefined when it was deleted. */
	retrieve(id: string): Promise<Full | undefined>;
	/** Seeding only: what finished before activation and should be emitted (read before the head page). */
	earlier?: (isTracked: (id: string) => boolean) => Promise<Full[]>;
}

/** What every round of one poll shares. */
export interface PollRun {
	ctx: IPollFunctions;
	/** This poll is the one n8n runs when the workflow is published: start afresh. */
	publishing: boolean;
	startedMs: number;
	/** Stop starting optional requests after this instant. */
	deadlineMs: number;
}

function listedAll<Full>(kind: RoundKind<Full>, entries: Full[]): ListedTask[] {
	return entries.map((entry) => kind.listed(entry)).filter((entry): entry is ListedTask => entry !== undefined);
}

async function readList<Full>(
	source: RoundSource<Full>,
	inFlight: IDataObject | undefined,
	deadlineMs: number,
	onPage: (entries: ListedTask[], isLastPage: boolean) => boolean,
): Promise<boolean> {
	return await readWindows(
		(page, pageLimit) => source.listPage(inFlight, page, pageLimit),
		(listed) => listed.entries.map((entry) => source.kind.listed(entry)?.id ?? ''),
		deadlineMs,
		(listed) => onPage(listedAll(source.kind, listed.entries), listed.isLastPage),
	);
}

/** Reads the in-flight lists in order; false when the deadline cut it short. */
async function readInFlight<Full>(source: RoundSource<Full>, round: PollRound<Full>, deadlineMs: number): Promise<boolean> {
	for (const filter of source.inFlight) {
		const complete = await readList(source, filter, deadlineMs, (entries) => {
			round.addStatusPage(entries);
			return true;
		});
		if (!complete) return false;
	}
	return true;
}

/** The first poll: what is in flight, then the head of the list. Returns earlier finished ones to emit, if asked for. */
async function seedRound<Full>(source: RoundSource<Full>, round: PollRound<Full>): Promise<Full[]> {
	await readInFlight(source, round, Number.POSITIVE_INFINITY);
	round.markStatusListsRead();
	// Before the head page, so everything emitted here is already known when the head is read.
	const earlier = source.earlier ? await source.earlier((id) => round.isTracked(id)) : [];
	const head = await source.listPage(undefined, 1, PAGE_SIZE);
	round.addHeadPage(listedAll(source.kind, head.entries), head.isLastPage);
	return earlier;
}

async function resumeRound<Full>(source: RoundSource<Full>, round: PollRound<Full>, deadlineMs: number): Promise<void> {
	// The head is always read to what is already known (no deadline): stopping inside it could lose new ones.
	await readList(source, undefined, Number.POSITIVE_INFINITY, (entries, isLastPage) => round.addHeadPage(entries, isLastPage));
	if (round.needsStatusLists() && (await readInFlight(source, round, deadlineMs))) {
		round.markStatusListsRead();
	}
	for (const id of round.toRetrieve()) {
		// What is left stays tracked: the next poll retrieves it.
		if (Date.now() >= deadlineMs) break;
		const full = await source.retrieve(id);
		if (full) round.addRetrieved(full);
		else round.addMissing(id);
	}
}

/** One round: returns what to emit (earlier finished ones first, then the earliest finished first). */
export async function runRound<Full>(run: PollRun, source: RoundSource<Full>): Promise<Full[]> {
	const { ctx } = run;
	const staticData = ctx.getWorkflowStaticData('node');
	const global = ctx.getWorkflowStaticData('global');
	const nodeId = ctx.getNode().id;
	const stored = run.publishing ? undefined : parseState(staticData[source.stateKey], source.watch);
	const recorded = run.publishing ? undefined : readSeedRecord(global, nodeId, source.watch, source.recordScope);
	const resumeFrom = stateToResume(stored, recorded);
	if (stored && resumeFrom === stored && recorded) clearSeedRecord(global, nodeId, source.recordScope);
	const round = resumeFrom
		? PollRound.resumeOf(source.kind, resumeFrom)
		: PollRound.seedOf(source.kind, source.watch, run.startedMs);

	const earlier = round.isSeeding ? await seedRound(source, round) : (await resumeRound(source, round, run.deadlineMs), []);
	const result = round.finish();

	if (round.isSeeding) writeSeedRecord(global, nodeId, result.state, source.recordScope);
	staticData[source.stateKey] = result.state as unknown as IDataObject;
	if (result.droppedTracked > 0) {
		ctx.logger.warn(
			`TwelveLabs Trigger "${ctx.getNode().name}": more than ${result.state.tracked.length} ${source.noun} are in flight; ${result.droppedTracked} of the oldest are no longer followed`,
		);
	}
	return [...earlier, ...result.emit];
}
