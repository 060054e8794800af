/**
 * Where to read a task list next so that a list shifting under the reader loses nothing.
 *
 * The API lists tasks newest first, by page number and page size only. Between two requests tasks
 * leave a status list (they move on or finish) and new ones arrive at its head. Tasks leaving
 * ahead of the next page move every later task up: plain page N+1 would jump over the first of
 * them. Tasks arriving move the rest down: they are read twice, which is harmless.
 *
 * So each window after the first overlaps what was read (a page size and number chosen so the
 * window starts a few positions before the end of the last one), and is accepted only when it
 * shares a task with what was read: then every task still listed below that task was read. A
 * window sharing none may have jumped over tasks; it is read again from further up (the overlap
 * doubles each time, down to the head of the list, which needs no overlap). A list of at most
 * one page costs one request, as before; a long one about one request per 45 tasks.
 */
export const MAX_PAGE_LIMIT = 50;
/** Tasks each window re-reads from the one before: how many may leave the list ahead between two requests. */
export const BASE_OVERLAP = 5;
const MAX_OVERLAP = 45;

export interface ListWindow {
	page: number;
	pageLimit: number;
}

/** The page with at most `MAX_PAGE_LIMIT` entries that starts at or before `latestStart` and reaches furthest. */
export function windowFrom(latestStart: number): ListWindow & { start: number } {
	if (latestStart <= 0) return { page: 1, pageLimit: MAX_PAGE_LIMIT, start: 0 };
	let best = { page: 1, pageLimit: MAX_PAGE_LIMIT, start: 0 };
	let bestEnd = MAX_PAGE_LIMIT;
	for (let pageLimit = MAX_PAGE_LIMIT; pageLimit >= 1; pageLimit--) {
		const page = Math.floor(latestStart / pageLimit) + 1;
		const end = page * pageLimit;
		if (end > bestEnd) {
			best = { page, pageLimit, start: (page - 1) * pageLimit };
			bestEnd = end;
		}
	}
	return best;
}

export class ListWindows {
	/** Positions [0, readTo) of the list, as it stood at the last accepted window, have been read. */
	private readTo = 0;
	private overlap = BASE_OVERLAP;
	private readonly read = new Set<string>();
	private window = windowFrom(0);
	private finished = false;

	/** The list has been read to its end. */
	get done(): boolean {
		return this.finished;
	}

	/** The window to ask for next. */
	next(): ListWindow {
		return { page: this.window.page, pageLimit: this.window.pageLimit };
	}

	/**
	 * Takes the ids the window answered, in order. True when the window joins what was read (use its
	 * entries); false when it may have jumped over tasks (ignore it: `next()` now reads further up).
	 */
	accept(ids: string[], isLastPage: boolean): boolean {
		const { start } = this.window;
		const known = ids.filter((id) => id.length > 0);
		const joins = start === 0 || known.some((id) => this.read.has(id));
		if (!joins) {
			this.overlap = Math.min(MAX_OVERLAP, this.overlap * 2);
			// Further up than the rejected window, by the larger overlap, until the head is reached.
			this.readTo = Math.min(this.readTo, start);
			this.window = windowFrom(this.readTo - this.overlap);
			return false;
		}
		for (const id of known) this.read.add(id);
		this.readTo = start + ids.length;
		this.finished = isLastPage || ids.length === 0;
		this.overlap = Math.max(BASE_OVERLAP, Math.floor(this.overlap / 2));
		this.window = windowFrom(this.readTo - this.overlap);
		return true;
	}
}

/**
 * Reads a list (tasks or batches) from its head in windows, handing each accepted window to
 * `onPage` in order; `onPage` returns false to stop. Returns true when the list was read to its
 * end or `onPage` stopped it, false when `deadlineMs` came first.
 */
export async function readWindows<Page extends { isLastPage: boolean }>(
	fetchPage: (page: number, pageLimit: number) => Promise<Page>,
	idsOf: (page: Page) => string[],
	deadlineMs: number,
	onPage: (page: Page) => boolean,
): Promise<boolean> {
	const windows = new ListWindows();
	while (!windows.done) {
		if (Date.now() >= deadlineMs) return false;
		const { page, pageLimit } = windows.next();
		const listed = await fetchPage(page, pageLimit);
		if (windows.accept(idsOf(listed), listed.isLastPage) && !onPage(listed)) return true;
	}
	return true;
}
