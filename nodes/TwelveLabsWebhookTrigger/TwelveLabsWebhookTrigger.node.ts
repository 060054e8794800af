import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../TwelveLabs/transport/context';
import { properties } from './description';
import { handleDelivery } from './handleDelivery';

export class TwelveLabsWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TwelveLabs Webhook Trigger',
		name: 'twelveLabsWebhookTrigger',
		icon: { light: 'file:../TwelveLabs/twelvelabs.svg', dark: 'file:../TwelveLabs/twelvelabs.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow the moment TwelveLabs reports an analysis task finished (webhook)',
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		defaults: { name: 'TwelveLabs Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twelveLabsApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, so n8n answers with the webhookResponse the node returns (a small JSON
				// acknowledgement); left unset, n8n sends its default, the literal text "firstEntryJson".
				responseData: '',
				path: 'webhook',
			},
		],
		properties,
	};

	// TwelveLabs has no API to register webhooks: the URL is added by hand in its Playground.
	// Activation only checks that deliveries can be verified.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials<{ webhookSecret?: string }>(CREDENTIAL_TYPE);
				if (!String(credentials.webhookSecret ?? '').trim()) {
					throw new NodeOperationError(this.getNode(), 'The TwelveLabs credential has no Webhook Signing Secret', {
						description:
							'Open the Webhooks page of the TwelveLabs Playground, click "Reveal Secret" on the endpoint whose URL is this node\'s Production URL, and paste it into the credential\'s Webhook Signing Secret. Without it no delivery can be verified, and every one is refused.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Nothing to remove on TwelveLabs' side from here: disable or delete the endpoint in the Playground.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
