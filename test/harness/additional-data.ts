/**
 * The IWorkflowExecuteAdditionalData n8n-core's contexts read: the credentials helper, the
 * lifecycle hooks, and URLs (they must be valid absolute URLs: `getNodeParameter` builds
 * `$execution.resumeUrl` etc. from them, and an empty string throws "Invalid URL").
 * Sub-workflows, AI agents and task runners are not available in the harness.
 */
import './env';

import { Container } from '@n8n/di';
import { ExternalSecretsProxy, type ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

export const HARNESS_BASE_URL = 'http://127.0.0.1:5678';
export const HARNESS_USER_ID = 'harness-user';

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	workflowId: string;
	hooks?: ExecutionLifecycleHooks;
	streaming?: boolean;
}

export function createAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper: options.credentialsHelper,
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		userId: HARNESS_USER_ID,
		streamingEnabled: options.streaming === true,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${HARNESS_BASE_URL}/rest`,
		instanceBaseUrl: `${HARNESS_BASE_URL}/`,
		formBaseUrl: `${HARNESS_BASE_URL}/form`,
		formWaitingBaseUrl: `${HARNESS_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${HARNESS_BASE_URL}/form-test`,
		webhookBaseUrl: `${HARNESS_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${HARNESS_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${HARNESS_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${HARNESS_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${HARNESS_BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('Running a task-runner task'),
	};
}
