/** The reads the triggers make: a page of a list (tasks, batches), and one object by id. */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AnalyzeTask } from '../responses/task';
import type { TwelveLabsContext } from '../transport/context';
import type { ListResponse, PageInfo } from '../transport/paginate';
import { apiRequest } from '../transport/request';
import { readWindows } from './listWindows';

/** The filters the list route takes (the user's, plus a status when listing what is in flight). */
export interface TaskListQuery {
	asset_id?: string;
	analysis_mode?: string;
	status?: string;
}

export interface TaskPage {
	tasks: AnalyzeTask[];
	isLastPage: boolean;
}

/** One page of a list route (tasks or batches), newest first. */
export async function listPage<T>(
	ctx: TwelveLabsContext,
	path: string,
	query: IDataObject,
	page: number,
	pageLimit: number,
): Promise<{ entries: T[]; isLastPage: boolean }> {
	const qs: IDataObject = { ...query, page, page_limit: pageLimit };
	const response = await apiRequest<ListResponse<T>>(ctx, { method: 'GET', path, qs });
	const entries = Array.isArray(response?.data) ? response.data : [];
	const info: PageInfo = response?.page_info ?? {};
	const isLastPage = entries.length < pageLimit || (typeof info.total_page === 'number' && page >= info.total_page);
	return { entries, isLastPage };
}

/** One page of `GET /analyze/tasks`, newest first. */
export async function listTaskPage(
	ctx: TwelveLabsContext,
	query: TaskListQuery,
	page: number,
	pageLimit: number,
): Promise<TaskPage> {
	const { entries, isLastPage } = await listPage<AnalyzeTask>(ctx, '/analyze/tasks', { ...query }, page, pageLimit);
	return { tasks: entries, isLastPage };
}

/**
 * Reads a task list from its head in windows that survive it shifting meanwhile (see readWindows),
 * handing each window's tasks to `onPage` in order; `onPage` returns false to stop. Returns true
 * when the list was read to its end or `onPage` stopped it, false when `deadlineMs` came first.
 */
export async function readList(
	ctx: TwelveLabsContext,
	query: TaskListQuery,
	deadlineMs: number,
	onPage: (page: TaskPage) => boolean,
): Promise<boolean> {
	return await readWindows(
		(page, pageLimit) => listTaskPage(ctx, query, page, pageLimit),
		(listed) => listed.tasks.map((task) => (typeof task?.task_id === 'string' ? task.task_id : '')),
		deadlineMs,
		onPage,
	);
}

/** One object by its path; undefined when the API answers 404 (it was deleted). */
export async function retrieveOne<T>(ctx: TwelveLabsContext, path: string): Promise<T | undefined> {
	let failure: unknown;
	try {
		return await apiRequest<T>(ctx, { method: 'GET', path });
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeApiError && failure.httpCode === '404') return undefined;
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure instanceof Error ? failure : String(failure));
}

/** The full task (list entries cut prompts short and leave schemas out); undefined when it was deleted. */
export async function retrieveTask(ctx: TwelveLabsContext, taskId: string): Promise<AnalyzeTask | undefined> {
	return await retrieveOne<AnalyzeTask>(ctx, `/analyze/tasks/${encodeURIComponent(taskId)}`);
}
