import type { IDataObject } from 'n8n-workflow';

import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';

export const MAX_CUSTOM_ID_LENGTH = 64;
const CUSTOM_ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/**
 * `custom_id` of an analysis task: 1-64 letters, digits, `-` or `_`. Left out when empty,
 * because the API refuses an empty string.
 */
export function customIdField(scope: ParameterScope, value: unknown): IDataObject {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!id) return {};
	if (id.length > MAX_CUSTOM_ID_LENGTH) {
		throw invalidParameter(
			scope,
			'Custom ID',
			`is ${id.length} characters long; TwelveLabs accepts at most ${MAX_CUSTOM_ID_LENGTH}`,
			`Shorten it to ${MAX_CUSTOM_ID_LENGTH} characters or fewer.`,
		);
	}
	if (!CUSTOM_ID_CHARACTERS.test(id)) {
		const bad = [...new Set([...id].filter((character) => !/[A-Za-z0-9_-]/.test(character)))];
		throw invalidParameter(
			scope,
			'Custom ID',
			`contains ${bad.map((character) => (character === ' ' ? 'a space' : `"${character}"`)).join(', ')}`,
			'Use only letters, digits, hyphens (-) and underscores (_), e.g. order-1234_v2.',
		);
	}
	return { custom_id: id };
}
