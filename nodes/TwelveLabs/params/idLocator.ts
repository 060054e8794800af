import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

export interface IdLocatorSpec {
	displayName: string;
	name: string;
	/** The resource as a word in messages, e.g. "asset". */
	noun: string;
	searchListMethod: string;
	/** The mode shown first and selected by default. */
	firstMode: 'list' | 'id';
	description: string;
}

/** A TwelveLabs resource picked from a searchable list or typed as an ID. */
export function idLocator(spec: IdLocatorSpec, overrides: Partial<INodeProperties> = {}): INodeProperties {
	// The lint rule takes these locator modes for parameters; modes have no default.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	const fromList: INodePropertyMode = {
		displayName: 'From List',
		name: 'list',
		type: 'list',
		placeholder: `Select ${withArticle(spec.noun)}...`,
		typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
	};
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	const byId: INodePropertyMode = {
		displayName: 'By ID',
		name: 'id',
		type: 'string',
		placeholder: 'e.g. 6898f4b2a1c3e5d7f9a0b1c2',
		validation: [
			{
				type: 'regex',
				properties: { regex: '^\\S*$', errorMessage: `${capitalized(withArticle(spec.noun))} ID has no spaces` },
			},
		],
	};
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: spec.firstMode, value: '' },
		required: true,
		description: spec.description,
		modes: spec.firstMode === 'list' ? [fromList, byId] : [byId, fromList],
		...overrides,
	};
}

/** "a task", "an asset": the article a noun takes when spoken. */
export function withArticle(noun: string): string {
	return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
