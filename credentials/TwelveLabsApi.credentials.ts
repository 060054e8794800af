import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const TWELVE_LABS_DEFAULT_BASE_URL = 'https://api.twelvelabs.io/v1.3';

export class TwelveLabsApi implements ICredentialType {
	name = 'twelveLabsApi';

	displayName = 'TwelveLabs API';

	icon = {
		light: 'file:../nodes/TwelveLabs/twelvelabs.svg',
		dark: 'file:../nodes/TwelveLabs/twelvelabs.dark.svg',
	} as const;

	documentationUrl = 'https://docs.twelvelabs.io/api-reference/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your TwelveLabs API key, from the API Keys page of the TwelveLabs Playground',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: TWELVE_LABS_DEFAULT_BASE_URL,
			required: true,
			description:
				'Base URL of the TwelveLabs API including the version. Change it only to reach another region, a proxy or a test server.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The secret shown by "Reveal Secret" on the Webhooks page of the TwelveLabs Playground, used to verify the TL-Signature header of webhook deliveries.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/indexes',
			qs: { page_limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API key was rejected by TwelveLabs. Copy a current key from the API Keys page of the TwelveLabs Playground.',
				},
			},
		],
	};
}
