/**
 * An in-memory credentials helper, standing in for n8n's server-side CredentialsHelper
 * (packages/cli/src/credentials-helper.ts), which n8n-core calls for every credential a node uses:
 * - `getDecrypted` returns the data given in HarnessOptions.credentials for the type, with the
 *   credential type's property defaults filled in (as n8n's applyDefaultsAndOverwrites does);
 * - `authenticate` applies the credential type's `authenticate`: a function is called, a
 *   generic block has its `={{$credentials.x}}` expressions resolved and is merged into the
 *   request (headers, qs, body, auth), exactly as n8n's helper does;
 * - `isCredentialUsableByNode` follows `restrictToSupportedNodes` / `supportedNodes`.
 */
import './env';

import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, isExpression } from 'n8n-workflow';

export type CredentialDataMap = Record<string, ICredentialDataDecryptedObject>;

/** Where the generic `authenticate` block may put values (IRequestOptionsSimplifiedAuth). */
type GenericAuthTarget = 'headers' | 'qs' | 'body' | 'auth';

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	/** `credentials` is keyed by credential type name; it is updated in place by token refreshes. */
	constructor(
		credentialTypes: ICredentialType[],
		private readonly credentials: CredentialDataMap,
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	private getType(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (type === undefined) {
			throw new UnexpectedError(
				`Unknown credential type "${typeName}": pass it in HarnessOptions.credentialTypes`,
			);
		}
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (type === undefined || !type.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<GenericAuthTarget, Record<string, string>>;
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				const section = outerKey as GenericAuthTarget;
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					const resolvedKey = resolveValue(key, credentials, workflow, node);
					target[section] ??= {};
					target[section][resolvedKey] = resolveValue(value, credentials, workflow, node);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Refreshes an expirable credential (a `hidden` property with `typeOptions.expirable`). */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(credentials, output);
		this.credentials[typeName] = { ...(this.credentials[typeName] ?? {}), ...credentials };
		return credentials;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.lookup(nodeCredentials, type));
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return this.withDefaults(type, this.lookup(nodeCredentials, type));
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = { ...(this.credentials[type] ?? {}), ...data };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	/** Fills in the credential type's property defaults, as n8n does before handing data to a node. */
	withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const result: ICredentialDataDecryptedObject = {};
		if (this.types.has(type)) {
			for (const property of this.getCredentialsProperties(type)) {
				const value: unknown = property.default;
				if (value !== undefined && value !== null && typeof value !== 'object') {
					result[property.name] = value as string | number | boolean;
				}
			}
		}
		return { ...result, ...data };
	}

	private lookup(nodeCredentials: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const data = this.credentials[type];
		if (data === undefined) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}" (pass it in HarnessOptions.credentials)`,
			);
		}
		return { ...data };
	}
}

/** Resolves a `={{ ... }}` value with `$credentials` in scope, like n8n's CredentialsHelper. */
function resolveValue(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}
