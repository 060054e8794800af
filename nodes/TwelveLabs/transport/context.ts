import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Every n8n function context a TwelveLabs node calls the API from. */
export type TwelveLabsContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions
	| IHookFunctions;

export const CREDENTIAL_TYPE = 'twelveLabsApi';

/** n8n's "stop execution" signal, where the context has one. */
export function cancelSignalOf(ctx: TwelveLabsContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}
