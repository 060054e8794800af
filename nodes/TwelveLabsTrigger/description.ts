import type { INodeProperties } from 'n8n-workflow';

import { assetIdLocator } from '../TwelveLabs/params/assetId';
import { analysisModeFilter } from '../TwelveLabs/params/analysisMode';

export const properties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Batch Finished',
				value: 'batchFinished',
				description: 'A batch analysis completed, was canceled or expired (once per batch, with its item counts)',
			},
			{
				name: 'Task Failed or Canceled',
				value: 'failed',
				description: 'An analysis task ended without results',
			},
			{
				name: 'Task Ready',
				value: 'ready',
				description: 'An analysis task finished with its results',
			},
		],
		default: ['ready'],
		description: 'Which finished analysis tasks or batches start the workflow',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ ...analysisModeFilter, description: 'Only tasks and batches of this analysis mode' },
			assetIdLocator({
				required: false,
				description: 'Only tasks that analyze this asset (task events only: a batch holds many assets)',
			}),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Tasks Finished Before Activation',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation also emits the newest tasks that had already finished. Otherwise only tasks finishing after activation start the workflow.',
			},
			{
				displayName: 'Max Earlier Tasks',
				name: 'maxExisting',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: 10,
				description:
					'With Emit Tasks Finished Before Activation: how many of the newest finished tasks the first poll emits',
			},
		],
	},
];
