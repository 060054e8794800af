import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ListResponse } from '../../TwelveLabs/transport/paginate';
import { MAX_PAGE_LIMIT } from '../../TwelveLabs/transport/paginate';
import { apiRequest } from '../../TwelveLabs/transport/request';

interface TaskSummary {
	task_id?: string;
	custom_id?: string | null;
	status?: string;
	created_at?: string;
}

/**
 * Task picker: newest first, one page at a time. The API has no text filter, so what the user
 * types is matched against each row of the page as shown (custom ID, status, time) and its task ID.
 */
export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = await apiRequest<ListResponse<TaskSummary>>(this, {
		method: 'GET',
		path: '/analyze/tasks',
		qs: { page, page_limit: MAX_PAGE_LIMIT },
	});
	const wanted = filter?.trim().toLowerCase();
	const results = (response.data ?? [])
		.filter((task) => typeof task.task_id === 'string')
		.map((task) => ({
			name: [task.custom_id || task.task_id, task.status, task.created_at?.slice(0, 16).replace('T', ' ')]
				.filter(Boolean)
				.join(' · '),
			value: task.task_id as string,
		}))
		// Matched against what the row shows (custom ID, status, time) and the task ID behind it.
		.filter((row) => !wanted || `${row.value} ${row.name}`.toLowerCase().includes(wanted));
	const totalPages = response.page_info?.total_page ?? page;
	return { results, paginationToken: page < totalPages ? String(page + 1) : undefined };
}
