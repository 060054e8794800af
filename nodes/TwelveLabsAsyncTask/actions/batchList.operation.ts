import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ANALYSIS_MODE_OPTIONS } from '../../TwelveLabs/params/analysisMode';
import { readListSelection, returnAllAndLimitProperties } from '../../TwelveLabs/params/listSelection';
import type { AnalyzeBatch } from '../../TwelveLabs/responses/batch';
import { batchItem } from '../../TwelveLabs/responses/batch';
import { listItems } from '../../TwelveLabs/transport/paginate';

const properties: INodeProperties[] = [
	...returnAllAndLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Analysis Modes',
				name: 'analysisModes',
				type: 'multiOptions',
				options: ANALYSIS_MODE_OPTIONS,
				default: [],
				description: 'Only batches of any of these analysis modes',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Canceled', value: 'canceled' },
					{ name: 'Canceling', value: 'canceling' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Expired', value: 'expired' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Processing', value: 'processing' },
				],
				default: [],
				description: 'Only batches with any of these statuses',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['batch'], operation: ['list'] } }, properties);

interface BatchFilters {
	analysisModes?: string[] | string;
	statuses?: string[] | string;
}

/** A multi-choice filter, also when an expression gives one value or comma-separated text. */
function values(value: string[] | string | undefined): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((entry) => String(entry).trim()).filter(Boolean);
}

/** Lists batches, newest first (`GET /analyze/batches`), one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const selection = readListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as BatchFilters;
	const qs: IDataObject = {};
	const statuses = values(filters.statuses);
	if (statuses.length) qs.status = statuses;
	const modes = values(filters.analysisModes);
	if (modes.length) qs.analysis_mode = modes;
	const batches = await listItems<AnalyzeBatch>(this, { method: 'GET', path: '/analyze/batches', qs, itemIndex }, selection);
	return batches.map(batchItem);
}
