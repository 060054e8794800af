import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireHttpUrl } from '../../TwelveLabs/requests/video';
import type { AnalyzeTask } from '../../TwelveLabs/responses/task';
import { taskItem } from '../../TwelveLabs/responses/task';
import { listItems } from '../../TwelveLabs/transport/paginate';
import { analysisModeFilter } from '../../TwelveLabs/params/analysisMode';
import { readListSelection, returnAllAndLimitProperties } from '../../TwelveLabs/params/listSelection';

const properties: INodeProperties[] = [
	...returnAllAndLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			analysisModeFilter,
			{
				displayName: 'Asset ID',
				name: 'assetId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6898f4b2a1c3e5d7f9a0b1c2',
				description: 'Only tasks that analyze this asset',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Canceled', value: 'canceled' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Processing', value: 'processing' },
					{ name: 'Queued', value: 'queued' },
					{ name: 'Ready', value: 'ready' },
				],
				default: 'ready',
				description:
					'Only tasks with this status. For a status not listed here, switch the field to an expression and type it.',
			},
			{
				displayName: 'Video URL',
				name: 'videoUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://cdn.example.com/video.mp4',
				description: 'Only tasks that analyze exactly this URL',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['list'] } }, properties);

interface TaskFilters {
	analysisMode?: string;
	assetId?: string;
	status?: string;
	videoUrl?: string;
}

/** Lists analysis tasks, newest first (`GET /analyze/tasks`), one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const scope = { node: this.getNode(), itemIndex };
	const selection = readListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as TaskFilters;
	const qs: IDataObject = {};
	const status = filters.status?.trim();
	if (status) qs.status = status;
	const mode = filters.analysisMode?.trim();
	if (mode) qs.analysis_mode = mode;
	const assetId = filters.assetId?.trim();
	if (assetId) qs.asset_id = assetId;
	if (filters.videoUrl?.trim()) qs.video_url = requireHttpUrl(scope, 'Video URL', filters.videoUrl);
	const tasks = await listItems<AnalyzeTask>(this, { method: 'GET', path: '/analyze/tasks', qs, itemIndex }, selection);
	// A List answer shows only the first segment definition of each task: the count stays unknown.
	return tasks.map((task) => taskItem(task, { listed: true }));
}
