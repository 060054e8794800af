/** Builds TwelveLabs workflows for the harness, pointed at an emulator. */
import type { INode, INodeParameters, INodeType } from 'n8n-workflow';

import { TwelveLabsApi } from '../../credentials/TwelveLabsApi.credentials';
import { TwelveLabsAnalyze } from '../../nodes/TwelveLabsAnalyze/TwelveLabsAnalyze.node';
import { TwelveLabsAsset } from '../../nodes/TwelveLabsAsset/TwelveLabsAsset.node';
import { TwelveLabsAsyncTask } from '../../nodes/TwelveLabsAsyncTask/TwelveLabsAsyncTask.node';
import { TwelveLabsTrigger } from '../../nodes/TwelveLabsTrigger/TwelveLabsTrigger.node';
import { TwelveLabsWebhookTrigger } from '../../nodes/TwelveLabsWebhookTrigger/TwelveLabsWebhookTrigger.node';
import type { Emulator } from '../emulator';
import type { HarnessOptions } from '../harness';
import { ProbeNode, PROBE_NODE_TYPE } from './probeNode';

export const PACKAGE = 'n8n-nodes-twelvelabs';

export const nodeTypes: Record<string, INodeType> = {
	[`${PACKAGE}.twelveLabsAsset`]: new TwelveLabsAsset(),
	[`${PACKAGE}.twelveLabsAnalyze`]: new TwelveLabsAnalyze(),
	[`${PACKAGE}.twelveLabsAsyncTask`]: new TwelveLabsAsyncTask(),
	[`${PACKAGE}.twelveLabsTrigger`]: new TwelveLabsTrigger(),
	[`${PACKAGE}.twelveLabsWebhookTrigger`]: new TwelveLabsWebhookTrigger(),
	[PROBE_NODE_TYPE]: new ProbeNode(),
};

export const CREDENTIAL_REF = { twelveLabsApi: { id: '1', name: 'TwelveLabs account' } };

export function harnessOptions(emulator: Emulator, overrides: Partial<HarnessOptions> = {}): HarnessOptions {
	return {
		nodeTypes,
		credentialTypes: [new TwelveLabsApi()],
		credentials: { twelveLabsApi: { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl } },
		...overrides,
	};
}

export function twelveLabsNode(
	type: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	const shortName = type.split('.').pop() ?? type;
	return {
		id: `${shortName}-id`,
		name: extra.name ?? `TwelveLabs ${shortName}`,
		type: type.includes('.') ? type : `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: CREDENTIAL_REF,
		...extra,
	};
}

/** The API requests the emulator saw, as `METHOD /path` lines (no query). */
export function routesSeen(emulator: Emulator): string[] {
	return emulator.requests.map((request) => `${request.method} ${request.path}`);
}
