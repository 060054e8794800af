/** GET /assets, GET/DELETE /assets/{asset_id}, PATCH/PUT/DELETE /assets/{asset_id}/user-metadata. */
import { ApiError, type RouteContext, type RouteDef, paginate, pageParams } from '../http';
import type { AssetRecord } from '../state';
import type { UserMetadata } from '../types';

export function findAsset(ctx: RouteContext, id: string): AssetRecord {
	const record = ctx.env.state.assets.get(id);
	if (!record) throw new ApiError(404, 'resource_not_exist', `The asset ${id} does not exist.`);
	return record;
}

function asStringArray(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	return (Array.isArray(value) ? value : [value]).map(String);
}

/** user_metadata must be a flat object of strings, numbers and booleans. */
export function checkUserMetadata(value: unknown, field = 'user_metadata'): UserMetadata {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ApiError(400, 'parameter_invalid', `The ${field} parameter must be an object.`);
	}
	for (const [key, v] of Object.entries(value)) {
		if (!['string', 'number', 'boolean'].includes(typeof v)) {
			throw new ApiError(
				400,
				'parameter_invalid',
				`The ${field} parameter must be a flat object whose values are strings, numbers or booleans; '${key}' is not.`,
			);
		}
	}
	return { ...(value as UserMetadata) };
}

function metadataFromBody(body: unknown): UserMetadata {
	const value = (body as { user_metadata?: unknown } | undefined)?.user_metadata;
	return checkUserMetadata(value);
}

export const assetRoutes: RouteDef[] = [
	{
		method: 'GET',
		path: '/assets',
		errors: 'flat',
		async handle({ query, env, reply }) {
			const { page, limit } = pageParams(query);
			const ids = asStringArray(query.asset_ids);
			const types = asStringArray(query.asset_types);
			const filename = typeof query.filename === 'string' ? query.filename.toLowerCase() : undefined;
			const matching = env.state.sortedAssets().filter((record) => {
				if (ids && !ids.includes(record.id)) return false;
				if (types && !types.includes(record.fileType.split('/')[0])) return false;
				if (filename !== undefined && !record.filename.toLowerCase().includes(filename)) return false;
				return true;
			});
			const result = paginate(matching, page, limit);
			await reply.json(200, { data: result.data.map((r) => env.state.assetToWire(r)), page_info: result.page_info });
		},
	},
	{
		method: 'GET',
		path: '/assets/{asset_id}',
		errors: 'flat',
		async handle(ctx) {
			const record = findAsset(ctx, ctx.params.asset_id);
			await ctx.reply.json(200, ctx.env.state.assetToWire(record));
		},
	},
	{
		method: 'DELETE',
		path: '/assets/{asset_id}',
		errors: 'flat',
		async handle(ctx) {
			const record = findAsset(ctx, ctx.params.asset_id);
			if (record.usedByIndex && ctx.query.force !== true) {
				throw new ApiError(
					409,
					'asset_in_use',
					`The platform cannot delete the asset ${record.id} because one or more indexed assets are referencing it. Set the force query parameter to true to override.`,
				);
			}
			ctx.env.state.assets.delete(record.id);
			await ctx.reply.empty(200);
		},
	},
	{
		method: 'PATCH',
		path: '/assets/{asset_id}/user-metadata',
		errors: 'flat',
		async handle(ctx) {
			const record = findAsset(ctx, ctx.params.asset_id);
			record.userMetadata = { ...(record.userMetadata ?? {}), ...metadataFromBody(ctx.body) };
			await ctx.reply.empty(200);
		},
	},
	{
		method: 'PUT',
		path: '/assets/{asset_id}/user-metadata',
		errors: 'flat',
		async handle(ctx) {
			const record = findAsset(ctx, ctx.params.asset_id);
			record.userMetadata = metadataFromBody(ctx.body);
			await ctx.reply.empty(200);
		},
	},
	{
		method: 'DELETE',
		path: '/assets/{asset_id}/user-metadata',
		errors: 'flat',
		async handle(ctx) {
			const record = findAsset(ctx, ctx.params.asset_id);
			record.userMetadata = undefined;
			await ctx.reply.empty(200);
		},
	},
];
