import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';

export interface AssetListFilters {
	filename?: string;
	assetTypes?: string[];
	/** Comma- or newline-separated, or an array from an expression. */
	assetIds?: string | string[];
}

const ASSET_TYPES = new Set(['video', 'audio', 'image']);

/** The query of `GET /assets` for the user's filters; page and page size are added by pagination. */
export function assetListQuery(scope: ParameterScope, filters: AssetListFilters): IDataObject {
	const qs: IDataObject = {};
	const filename = filters.filename?.trim();
	if (filename) qs.filename = filename;

	const types = filters.assetTypes ?? [];
	const unknownType = types.find((type) => !ASSET_TYPES.has(type));
	if (unknownType !== undefined) {
		throw invalidParameter(
			scope,
			'Asset Types',
			`"${unknownType}" is not an asset type`,
			'Use video, audio or image.',
		);
	}
	if (types.length) qs.asset_types = types;

	const rawIds = Array.isArray(filters.assetIds) ? filters.assetIds : String(filters.assetIds ?? '').split(/[\s,]+/);
	const ids = rawIds.map((id) => String(id).trim()).filter(Boolean);
	if (ids.length) qs.asset_ids = ids;
	return qs;
}
