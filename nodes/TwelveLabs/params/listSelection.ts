import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** n8n's usual Return All / Limit pair for list operations (pages are fetched as needed). */
export const returnAllAndLimitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export function readListSelection(ctx: IExecuteFunctions, itemIndex: number): { returnAll: boolean; limit?: number } {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return { returnAll, limit: returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number) };
}
