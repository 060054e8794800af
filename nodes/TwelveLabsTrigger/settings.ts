/** The trigger's parameters, read and checked before anything is sent. */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { invalidParameter } from '../TwelveLabs/requests/invalidParameter';
import type { TaskListQuery } from '../TwelveLabs/trigger/taskApi';
import type { TaskOutcome } from '../TwelveLabs/trigger/taskEvents';

export interface TriggerSettings {
	/** The task events chosen (may be none when only Batch Finished is). */
	outcomes: TaskOutcome[];
	/** Batch Finished is chosen. */
	batchFinished: boolean;
	/** The user's filters, as the list route takes them. */
	query: TaskListQuery;
	/** Identifies the filters: state built for other filters is not reused. */
	watch: string;
	/** How many tasks finished before activation the first poll emits (0: none). */
	earlierTasks: number;
}

const OUTCOMES: TaskOutcome[] = ['ready', 'failed'];
/** The Events value of Batch Finished. */
export const BATCH_FINISHED = 'batchFinished';

export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const scope = { node: ctx.getNode(), itemIndex: 0 };
	const events = ctx.getNodeParameter('events', []) as unknown;
	const chosen = Array.isArray(events) ? events.map(String) : [];
	const outcomes = OUTCOMES.filter((outcome) => chosen.includes(outcome));
	const batchFinished = chosen.includes(BATCH_FINISHED);
	if (outcomes.length === 0 && !batchFinished) {
		throw invalidParameter(scope, 'Events', 'no event is selected', 'Pick Task Ready, Task Failed or Canceled, Batch Finished, or several.');
	}

	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const query: TaskListQuery = {};
	const analysisMode = typeof filters.analysisMode === 'string' ? filters.analysisMode.trim() : '';
	if (analysisMode) query.analysis_mode = analysisMode;
	if (filters.assetId !== undefined) {
		const raw = ctx.getNodeParameter('filters.assetId', '', { extractValue: true }) as unknown;
		const assetId = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
		if (/\s/.test(assetId)) {
			throw invalidParameter(
				scope,
				'Asset',
				`"${assetId}" is not an asset ID (it contains spaces)`,
				'Use the ID exactly as TwelveLabs returned it, or remove the filter.',
			);
		}
		if (assetId) query.asset_id = assetId;
	}

	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const earlierTasks =
		options.emitExisting === true ? Math.max(1, Math.min(500, Math.floor(Number(options.maxExisting ?? 10)) || 10)) : 0;

	return {
		outcomes,
		batchFinished,
		query,
		watch: JSON.stringify({ asset_id: query.asset_id ?? null, analysis_mode: query.analysis_mode ?? null }),
		earlierTasks,
	};
}
