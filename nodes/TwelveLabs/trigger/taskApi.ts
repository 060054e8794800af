/** The two task reads the triggers make: a page of the task list, and one full task. */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AnalyzeTask } from '../responses/task';
import type { TwelveLabsContext } from '../transport/context';
import type { ListResponse, PageInfo } from '../transport/paginate';
import { apiRequest } from '../transport/request';
import { ListWindows } from './listWindows';

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

/** One page of `GET /analyze/tasks`, newest first. */
export async function listTaskPage(
	ctx: TwelveLabsContext,
	query: TaskListQuery,
	page: number,
	pageLimit: number,
): Promise<TaskPage> {
	const qs: IDataObject = { ...query, page, page_limit: pageLimit };
	const response = await apiRequest<ListResponse<AnalyzeTask>>(ctx, { method: 'GET', path: '/analyze/tasks', qs });
	const tasks = Array.isArray(response?.data) ? response.data : [];
	const info: PageInfo = response?.page_info ?? {};
	const isLastPage =
		tasks.length < pageLimit || (typeof info.total_page === 'number' && page >= info.total_page);
	return { tasks, isLastPage };
}

/**
 * Reads a list from its head in windows that survive it shifting meanwhile (see ListWindows),
 * handing each window's tasks to `onPage` in order; `onPage` returns false to stop. Returns true
 * when the list was read to its end or `onPage` stopped it, false when `deadlineMs` came first.
 */
export async function readList(
	ctx: TwelveLabsContext,
	query: TaskListQuery,
	deadlineMs: number,
	onPage: (page: TaskPage) => boolean,
): Promise<boolean> {
	const windows = new ListWindows();
	while (!windows.done) {
		if (Date.now() >= deadlineMs) return false;
		const { page, pageLimit } = windows.next();
		const listed = await listTaskPage(ctx, query, page, pageLimit);
		const ids = listed.tasks.map((task) => (typeof task?.task_id === 'string' ? task.task_id : ''));
		if (windows.accept(ids, listed.isLastPage) && !onPage(listed)) return true;
	}
	return true;
}

/** The full task (list entries cut prompts short and leave schemas out); undefined when it was deleted. */
export async function retrieveTask(ctx: TwelveLabsContext, taskId: string): Promise<AnalyzeTask | undefined> {
	let failure: unknown;
	try {
		return await apiRequest<AnalyzeTask>(ctx, {
			method: 'GET',
			path: `/analyze/tasks/${encodeURIComponent(taskId)}`,
		});
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeApiError && failure.httpCode === '404') return undefined;
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure instanceof Error ? failure : String(failure));
}
