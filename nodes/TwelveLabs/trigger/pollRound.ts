/**
 * One poll of the TwelveLabs Trigger, as a pure state machine: the caller feeds it what the API
 * answered (list pages, retrieved tasks) and asks it what to fetch next; `finish()` gives the
 * tasks to emit and the next state. No I/O here, so every rule is unit-tested without a server.
 *
 * A poll goes:
 * 1. the head of the list, newest first, until it reaches tasks already known: new tasks are
 *    found there, and tracked tasks listed on those pages are resolved for free;
 * 2. when more than a few tracked tasks are still unresolved, the lists of queued, pending and
 *    processing tasks (what is still in flight costs pages of 50, whatever the account's history);
 * 3. `GET /analyze/tasks/{id}` for each tracked task that left those lists (its outcome) and for
 *    each finished task to emit (list entries are cut short): one request per finished task.
 * The first poll after activation seeds instead: it remembers the head and every task in flight,
 * and emits nothing. *
 * Batches (Batch Finished) go through the same round: a RoundKind says what an id, a finished
 * status and the emission order are; "task" below stands for either.
 */
import type { AnalyzeTask } from '../responses/task';
import type { TaskOutcome } from './taskEvents';
import { eventOfStatus, isFinishedStatus, outcomeOfEvent } from './taskEvents';
import type { TaskMark, TaskTriggerState } from './taskTriggerState';
import { MAX_RECENT, MAX_TRACKED, RECENT_WINDOW_MS, STATE_VERSION } from './taskTriggerState';

export const PAGE_SIZE = 50;
/** Up to this many unresolved tracked tasks are retrieved one by one rather than through the status lists. */
export const DIRECT_RETRIEVE_MAX = 3;
/** Reading on past the head pays when the next page should resolve at least this many tracked tasks. */
const DENSE_PAGE = 12;

/**
 * What the round needs to know about the things it follows: tasks for the task events, batches
 * for Batch Finished. Both are listed newest-created first and retrieved by id.
 */
export interface RoundKind<Full> {
	/** Reads a list entry or a retrieved object; undefined when it carries no id. */
	listed(entry: unknown): ListedTask | undefined;
	/** A status that will not change any more (statuses are open-ended: unknown ones are in flight). */
	isFinished(status: string): boolean;
	/** A finished status the user asked to be told about. */
	isWanted(status: string): boolean;
	/** Emission order: the earliest finished first. */
	byCompletion(a: Full, b: Full): number;
}

/** The task events: a task is finished when ready, failed or canceled; wanted per the chosen outcomes. */
export function taskRoundKind(outcomes: Iterable<TaskOutcome>): RoundKind<AnalyzeTask> {
	const chosen = new Set(outcomes);
	return {
		listed: listedTask,
		isFinished: isFinishedStatus,
		isWanted: (status) => {
			const event = eventOfStatus(status);
			return event !== undefined && chosen.has(outcomeOfEvent(event));
		},
		byCompletion,
	};
}

/** A task (or batch) as a list page shows it, reduced to what the round needs. */
export interface ListedTask {
	id: string;
	status: string;
	/** created_at in epoch ms; NaN when the API gave none that parses. */
	createdAtMs: number;
}

/** A reader of list entries (or retrieved objects) whose id is `idField`; undefined when an entry carries none. */
export function listedBy(idField: string): (entry: unknown) => ListedTask | undefined {
	return (entry) => {
		if (typeof entry !== 'object' || entry === null) return undefined;
		const record = entry as Record<string, unknown>;
		const { status, created_at: createdAt } = record;
		const id = record[idField];
		if (typeof id !== 'string' || id.length === 0) return undefined;
		return {
			id,
			status: typeof status === 'string' ? status : 'unknown',
			createdAtMs: typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN,
		};
	};
}

/** Reads a list entry or a retrieved task; undefined when it carries no task id. */
export const listedTask = listedBy('task_id');

interface Observation<Full> {
	createdAtMs: number;
	/** The latest status seen this poll; undefined while unresolved. */
	status?: string;
	full?: Full;
	/** The API answered 404: the task was deleted. */
	missing?: boolean;
}

export interface RoundResult<Full = AnalyzeTask> {
	state: TaskTriggerState;
	/** Full tasks to emit, the earliest finished first. */
	emit: Full[];
	/** Tracked tasks forgotten to keep the state within MAX_TRACKED. */
	droppedTracked: number;
}

export class PollRound<Full = AnalyzeTask> {
	private readonly recent: Map<string, number>;
	private readonly tracked: Map<string, number>;
	private readonly seen = new Map<string, Observation<Full>>();
	private readonly scannedToMs: number;
	private readonly floorMs: number;

	private headTopMs = Number.NEGATIVE_INFINITY;
	private headBottomMs = Number.POSITIVE_INFINITY;
	private headDone = false;
	private headReachedEnd = false;
	private extraPages = 0;
	private extraPageAllowance = 0;
	private statusListsRead = false;

	private constructor(
		private readonly watch: string,
		private readonly kind: RoundKind<Full>,
		private readonly seeding: boolean,
		previous: TaskTriggerState | undefined,
		private readonly seededAtMs: number,
	) {
		this.recent = new Map(previous?.recent ?? []);
		this.tracked = new Map(previous?.tracked ?? []);
		this.scannedToMs = previous?.scannedToMs ?? 0;
		this.floorMs = previous?.floorMs ?? Number.NEGATIVE_INFINITY;
	}

	/** The first poll: remembers what exists and what is in flight, emits nothing. */
	static seed(watch: string, outcomes: Iterable<TaskOutcome>, nowMs = Date.now()): PollRound {
		return PollRound.seedOf(taskRoundKind(outcomes), watch, nowMs);
	}

	static resume(state: TaskTriggerState, outcomes: Iterable<TaskOutcome>): PollRound {
		return PollRound.resumeOf(taskRoundKind(outcomes), state);
	}

	static seedOf<F>(kind: RoundKind<F>, watch: string, nowMs = Date.now()): PollRound<F> {
		return new PollRound(watch, kind, true, undefined, nowMs);
	}

	static resumeOf<F>(kind: RoundKind<F>, state: TaskTriggerState): PollRound<F> {
		return new PollRound(state.watch, kind, false, state, state.seededAtMs);
	}

	get isSeeding(): boolean {
		return this.seeding;
	}

	isTracked(id: string): boolean {
		return this.tracked.has(id);
	}

	private createdAtOf(task: ListedTask): number {
		if (Number.isFinite(task.createdAtMs)) return task.createdAtMs;
		return this.tracked.get(task.id) ?? this.recent.get(task.id) ?? this.scannedToMs;
	}

	private isKnown(id: string, createdAtMs: number): boolean {
		return createdAtMs <= this.floorMs || this.recent.has(id) || this.tracked.has(id);
	}

	private observe(task: ListedTask): number {
		const createdAtMs = this.createdAtOf(task);
		const before = this.seen.get(task.id);
		this.seen.set(task.id, { ...before, createdAtMs, status: task.status });
		return createdAtMs;
	}

	/** Tracked tasks nothing has been learnt about yet this poll. */
	unresolved(): string[] {
		const ids: string[] = [];
		for (const id of this.tracked.keys()) {
			if (this.seen.get(id)?.status === undefined) ids.push(id);
		}
		return ids;
	}

	/**
	 * Feeds one page of `GET /analyze/tasks` (newest first, the user's filters, no status filter).
	 * Returns true when the next page is worth reading.
	 */
	addHeadPage(tasks: ListedTask[], isLastPage: boolean): boolean {
		let lastIsNew = false;
		for (const task of tasks) {
			const wasKnown = this.isKnown(task.id, this.createdAtOf(task)) || this.seen.has(task.id);
			const createdAtMs = this.observe(task);
			this.headTopMs = Math.max(this.headTopMs, createdAtMs);
			this.headBottomMs = Math.min(this.headBottomMs, createdAtMs);
			lastIsNew = !this.seeding && !wasKnown;
			// New tasks, and known ones still in flight that are not tracked (tracking lost), are followed from now on.
			if (lastIsNew || !this.kind.isFinished(task.status)) this.tracked.set(task.id, createdAtMs);
		}
		if (isLastPage || tasks.length === 0) this.headReachedEnd = true;
		if (this.seeding || this.headReachedEnd) {
			this.headDone = true;
			return false;
		}
		const last = tasks[tasks.length - 1];
		if (!this.headDone) {
			if (lastIsNew || this.createdAtOf(last) > this.scannedToMs) return true;
			this.headDone = true;
			this.extraPageAllowance = Math.ceil(this.unresolved().length / PAGE_SIZE) + 2;
		} else {
			this.extraPages += 1;
		}
		// Tracked tasks are usually the newest: reading on is cheaper than the three status lists
		// while the next page should hold many of them. It is judged by the tracked tasks created
		// within the time the old part of this page spanned (the next page is older still), and
		// capped so it never costs much more than the lists. With at most a page of tasks in flight
		// each list is one page: three requests at most, which reading on could only exceed.
		const unresolved = this.unresolved();
		if (unresolved.length <= DIRECT_RETRIEVE_MAX || this.tracked.size <= PAGE_SIZE) return false;
		if (this.extraPages >= this.extraPageAllowance) return false;
		const old = tasks.map((task) => this.createdAtOf(task)).filter((at) => at <= this.scannedToMs);
		if (old.length < 2) return false;
		const lastMs = old[old.length - 1];
		const spanMs = Math.max(0, ((old[0] - lastMs) * PAGE_SIZE) / (old.length - 1));
		let onNextPage = 0;
		for (const id of unresolved) {
			const at = this.tracked.get(id) ?? Number.NEGATIVE_INFINITY;
			if (at <= lastMs && at >= lastMs - spanMs) onNextPage += 1;
		}
		return onNextPage >= Math.min(unresolved.length, DENSE_PAGE);
	}

	/** Whether the queued/pending/processing lists should be read before retrieving tasks one by one. */
	needsStatusLists(): boolean {
		return this.seeding || this.unresolved().length > DIRECT_RETRIEVE_MAX;
	}

	/** Feeds one page of a `status=queued|pending|processing` list. */
	addStatusPage(tasks: ListedTask[]): void {
		for (const task of tasks) {
			const createdAtMs = this.observe(task);
			if (!this.kind.isFinished(task.status)) this.tracked.set(task.id, createdAtMs);
		}
	}

	/** Every status list was read to its end: a tracked task none of them showed has finished or gone. */
	markStatusListsRead(): void {
		this.statusListsRead = true;
	}

	/** Task ids to `GET`, oldest first: tracked tasks whose outcome is unknown, finished tasks to emit. */
	toRetrieve(): string[] {
		if (this.seeding) return [];
		const unresolvedCount = this.unresolved().length;
		const wanted: TaskMark[] = [];
		for (const [id, createdAtMs] of this.tracked) {
			const seen = this.seen.get(id);
			if (seen?.missing || seen?.full) continue;
			if (seen?.status === undefined) {
				if (this.statusListsRead || unresolvedCount <= DIRECT_RETRIEVE_MAX) wanted.push([id, createdAtMs]);
			} else if (this.isWanted(seen.status)) {
				wanted.push([id, createdAtMs]);
			}
		}
		return wanted.sort((a, b) => a[1] - b[1]).map(([id]) => id);
	}

	private isWanted(status: string): boolean {
		return this.kind.isFinished(status) && this.kind.isWanted(status);
	}

	addRetrieved(task: Full): void {
		const listed = this.kind.listed(task);
		if (!listed) return;
		this.observe(listed);
		const seen = this.seen.get(listed.id);
		if (seen) seen.full = task;
	}

	/** `GET` answered 404: the task was deleted, there is nothing left to emit. */
	addMissing(id: string): void {
		const seen = this.seen.get(id);
		this.seen.set(id, { createdAtMs: seen?.createdAtMs ?? this.tracked.get(id) ?? this.scannedToMs, ...seen, missing: true });
	}

	finish(): RoundResult<Full> {
		const emit: Full[] = [];
		const stillTracked: TaskMark[] = [];
		for (const [id, createdAtMs] of this.tracked) {
			const seen = this.seen.get(id);
			if (seen?.missing) continue;
			const status = seen?.status;
			// The seed keeps following what it saw in flight, even if it finished meanwhile: the next poll emits it.
			if (this.seeding || status === undefined || !this.kind.isFinished(status)) {
				stillTracked.push([id, createdAtMs]);
				continue;
			}
			if (!this.isWanted(status)) continue;
			if (seen?.full) emit.push(seen.full);
			// Finished but not fetched yet (the poll ran out of time): the next poll fetches it.
			else stillTracked.push([id, createdAtMs]);
		}

		const scannedToMs = this.nextScannedTo();
		let floorMs = Math.max(this.floorMs, scannedToMs - RECENT_WINDOW_MS);
		// A seed that read only the first page knows nothing below it by id: all of that is old.
		if (this.seeding && !this.headReachedEnd && Number.isFinite(this.headBottomMs)) {
			floorMs = Math.max(floorMs, this.headBottomMs);
		}
		const known = new Map<string, number>();
		for (const [id, at] of this.recent) known.set(id, at);
		for (const [id, seen] of this.seen) known.set(id, seen.createdAtMs);
		let recent = [...known].filter(([, at]) => at > floorMs).sort(newestFirst);
		if (recent.length > MAX_RECENT) {
			floorMs = recent[MAX_RECENT][1];
			recent = recent.filter(([, at]) => at > floorMs);
		}

		stillTracked.sort(newestFirst);
		const tracked = stillTracked.slice(0, MAX_TRACKED);
		emit.sort((a, b) => this.kind.byCompletion(a, b));
		return {
			state: { version: STATE_VERSION, watch: this.watch, seededAtMs: this.seededAtMs, scannedToMs, floorMs, recent, tracked },
			emit,
			droppedTracked: stillTracked.length - tracked.length,
		};
	}

	private nextScannedTo(): number {
		if (this.seeding) return Number.isFinite(this.headTopMs) ? this.headTopMs : 0;
		if (!this.headDone || !Number.isFinite(this.headTopMs)) return this.scannedToMs;
		return Math.max(this.scannedToMs, this.headTopMs);
	}
}

function newestFirst(a: TaskMark, b: TaskMark): number {
	return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function timeOf(value: unknown): number {
	const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

/** Orders tasks the earliest finished first (then the earliest created). */
export function byCompletion(a: AnalyzeTask, b: AnalyzeTask): number {
	return (
		timeOf(a.completed_at) - timeOf(b.completed_at) ||
		timeOf(a.created_at) - timeOf(b.created_at) ||
		(a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0)
	);
}
