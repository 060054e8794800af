import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../TwelveLabs/execution/runPerItem';
import { searchAssets } from '../TwelveLabs/methods/searchAssets';
import * as analyze from './actions/analyze.operation';

function concurrencyOf(ctx: IExecuteFunctions): number {
	const value = Number(ctx.getNodeParameter('options.concurrency', 0, analyze.DEFAULT_CONCURRENCY));
	return Number.isFinite(value) && value >= 1 ? Math.floor(value) : analyze.DEFAULT_CONCURRENCY;
}

export class TwelveLabsAnalyze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Analyze',
		name: 'twelveLabsAnalyze',
		icon: { light: 'file:../TwelveLabs/twelvelabs.svg', dark: 'file:../TwelveLabs/twelvelabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["model"]}}',
		description: 'Ask Pegasus about a video and get text or JSON back, streamed as it is generated',
		defaults: { name: 'TwelveLabs Analyze' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties: analyze.description,
	};

	methods = { listSearch: { searchAssets } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, analyze.execute, concurrencyOf(this));
	}
}
