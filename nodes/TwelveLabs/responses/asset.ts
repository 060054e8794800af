import type { IDataObject } from 'n8n-workflow';

/**
 * TwelveLabs names an asset's id `_id`; n8n users (and the SDKs) expect `id`. Output
 * items carry both, `id` first so it is what the editor shows first.
 */
export function withAssetId(asset: IDataObject): IDataObject {
	const id = asset._id ?? asset.id;
	return id === undefined ? asset : { id, ...asset };
}
