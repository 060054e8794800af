/**
 * Tests a credential the way n8n's CredentialsTester (packages/cli/src/services/
 * credentials-tester.service.ts) does for a credential type with a `test` request: the request
 * is run by n8n-core's RoutingNode on a temporary No-Op node, over real HTTP, with the
 * credential type's `authenticate` applied. A response is OK unless a `responseSuccessBody`
 * rule matches; a failed request is an Error whose message is the first matching
 * `responseCode` rule's, else the HTTP status text, else the error code or message.
 */
import './env';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	INode,
	INodeType,
	IRunExecutionData,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';
import { NO_OP_TYPE, noOpNodeType } from './stand-in-nodes';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

interface RequestFailure {
	message?: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const testRequest = credentialType.test;
	if (testRequest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper([credentialType], {
		[credentialType.name]: data,
	});
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: 'Harness credential',
		type: credentialType.name,
		data: credentialsHelper.withDefaults(credentialType.name, data),
	};

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeType: INodeType = {
		description: {
			...noOpNodeType.description,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NO_OP_TYPE]: nodeType }),
	});
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: 'harness-credential-test',
		workflowId: workflow.id,
	});
	const runExecutionData: IRunExecutionData = createRunExecutionData({});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as RequestFailure;
		const failedResponse = error.cause?.response;
		if (failedResponse) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === failedResponse.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (failedResponse.status < 199 || failedResponse.status > 299) {
				return {
					status: 'Error',
					message:
						failedResponse.statusText || `Received HTTP status code: ${failedResponse.status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (body !== undefined && getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash.get for a path like `a.b[0].c`. */
function getPath(object: IDataObject, path: string): unknown {
	let current: unknown = object;
	for (const key of path.replace(/\[(\w+)\]/g, '.$1').split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
