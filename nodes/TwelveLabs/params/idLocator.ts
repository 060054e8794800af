import type { INodeProperties } from 'n8n-workflow';

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
	// The modes are written inline under `modes`, as n8n's own locators write them: n8n's scanner
	// lints with eslint-disable comments ignored, and takes a mode written anywhere else for a
	// parameter without a default (modes have none; the default is the parameter's own).
	const locator: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: spec.firstMode, value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${withArticle(spec.noun)}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
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
			},
		],
	};
	// The editor lists the modes in this order; the first one is the default's.
	if (spec.firstMode === 'id') locator.modes?.reverse();
	return { ...locator, ...overrides };
}

/** "a task", "an asset": the article a noun takes when spoken. */
export function withArticle(noun: string): string {
	return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
