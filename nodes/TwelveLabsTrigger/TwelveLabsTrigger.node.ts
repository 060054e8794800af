import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchAssets } from '../TwelveLabs/methods/searchAssets';
import { properties } from './description';
import { fetchTestEvent } from './fetchTestEvent';
import { pollEvents } from './pollEvents';
import { readSettings } from './settings';

export class TwelveLabsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Trigger',
		name: 'twelveLabsTrigger',
		icon: { light: 'file:../TwelveLabs/twelvelabs.svg', dark: 'file:../TwelveLabs/twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when a TwelveLabs analysis task or batch finishes',
		subtitle: '={{"On " + ($parameter["events"] || []).join(", ")}}',
		defaults: { name: 'TwelveLabs Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchAssets } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		if (this.getMode() === 'manual') return await fetchTestEvent(this, settings);
		return await pollEvents(this, settings);
	}
}
