import type { TwelveLabsContext } from './context';
import type { TwelveLabsRequest } from './request';
import { apiRequest } from './request';

/** TwelveLabs caps `page_limit` at 50. */
export const MAX_PAGE_LIMIT = 50;

export interface PageInfo {
	page?: number;
	total_page?: number;
	total_results?: number;
	limit_per_page?: number;
}

export interface ListResponse<T> {
	data?: T[];
	page_info?: PageInfo;
}

/** Pages of a list route, first to last, each fetched only when the caller asks for it. */
export async function* iteratePages<T>(
	ctx: TwelveLabsContext,
	request: TwelveLabsRequest,
	pageLimit = MAX_PAGE_LIMIT,
): AsyncGenerator<{ items: T[]; pageInfo: PageInfo }, void, undefined> {
	const size = Math.max(1, Math.min(MAX_PAGE_LIMIT, Math.floor(pageLimit)));
	for (let page = 1; ; page++) {
		const response = await apiRequest<ListResponse<T>>(ctx, {
			...request,
			qs: { ...request.qs, page, page_limit: size },
		});
		const items = Array.isArray(response?.data) ? response.data : [];
		const pageInfo = response?.page_info ?? {};
		yield { items, pageInfo };
		const totalPages = pageInfo.total_page;
		const lastPage = typeof totalPages === 'number' ? page >= totalPages : items.length < size;
		if (items.length === 0 || lastPage) return;
	}
}

/**
 * n8n's usual Return All / Limit: every item of every page, or the first `limit` items
 * fetched with as few requests as that takes.
 */
export async function listItems<T>(
	ctx: TwelveLabsContext,
	request: TwelveLabsRequest,
	selection: { returnAll: boolean; limit?: number },
): Promise<T[]> {
	const limit = selection.returnAll ? Infinity : Math.max(1, Math.floor(selection.limit ?? MAX_PAGE_LIMIT));
	const collected: T[] = [];
	for await (const { items } of iteratePages<T>(ctx, request, Math.min(MAX_PAGE_LIMIT, limit))) {
		collected.push(...items.slice(0, limit - collected.length));
		if (collected.length >= limit) break;
	}
	return collected;
}
