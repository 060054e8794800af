import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ListResponse } from '../transport/paginate';
import { MAX_PAGE_LIMIT } from '../transport/paginate';
import { apiRequest } from '../transport/request';

interface AssetSummary {
	_id?: string;
	filename?: string;
	status?: string;
}

/** Asset picker: newest first, filtered by filename as the user types, one page at a time. */
export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = await apiRequest<ListResponse<AssetSummary>>(this, {
		method: 'GET',
		path: '/assets',
		qs: { page, page_limit: MAX_PAGE_LIMIT, ...(filter ? { filename: filter } : {}) },
	});
	const results = (response.data ?? [])
		.filter((asset) => typeof asset._id === 'string')
		.map((asset) => ({
			name: `${asset.filename ?? asset._id}${asset.status && asset.status !== 'ready' ? ` (${asset.status})` : ''}`,
			value: asset._id as string,
		}));
	const totalPages = response.page_info?.total_page ?? page;
	return { results, paginationToken: page < totalPages ? String(page + 1) : undefined };
}
