import { describeValue } from '../params/parameterText';
import type { ParameterScope } from './invalidParameter';
import { invalidParameter } from './invalidParameter';

/** What TwelveLabs stores as an asset's user metadata: a flat object of strings, numbers and booleans. */
export type UserMetadata = Record<string, string | number | boolean>;

/** One row of a key/value metadata list as the editor gives it. */
export interface UserMetadataPair {
	key?: unknown;
	value?: unknown;
}

function checkValue(scope: ParameterScope, parameter: string, key: string, value: unknown): string | number | boolean {
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	throw invalidParameter(
		scope,
		parameter,
		`the value of "${key}" is ${describeValue(value)}; user metadata values must be text, numbers or booleans`,
		'Give every key a single text, number or true/false value. Flatten nested data into separate keys (e.g. "speaker_name" instead of speaker.name), or turn it into text with JSON.stringify().',
	);
}

/** A flat object of strings, numbers and booleans with non-empty keys, or the error naming the parameter. */
export function checkUserMetadata(scope: ParameterScope, parameter: string, value: unknown): UserMetadata {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidParameter(
			scope,
			parameter,
			`is ${describeValue(value)}, not an object of keys and values`,
			'Give an object such as {"team": "marketing", "season": 3, "approved": true}.',
		);
	}
	const metadata: UserMetadata = {};
	for (const [key, entry] of Object.entries(value)) {
		if (!key.trim()) {
			throw invalidParameter(scope, parameter, 'has an empty key', 'Give every value a key name.');
		}
		metadata[key] = checkValue(scope, parameter, key, entry);
	}
	return metadata;
}

/** User metadata typed as JSON (text or an object from an expression). Empty text gives `{}`. */
export function userMetadataFromJson(scope: ParameterScope, parameter: string, json: unknown): UserMetadata {
	let value = json;
	if (typeof json === 'string') {
		if (!json.trim()) return {};
		try {
			value = JSON.parse(json);
		} catch (error) {
			throw invalidParameter(
				scope,
				parameter,
				`is not valid JSON (${(error as Error).message})`,
				'Give an object such as {"team": "marketing", "season": 3, "approved": true}.',
			);
		}
	}
	return checkUserMetadata(scope, parameter, value);
}

/** User metadata from key/value rows; a key given twice is refused rather than silently overwritten. */
export function userMetadataFromPairs(
	scope: ParameterScope,
	parameter: string,
	pairs: UserMetadataPair[] | undefined,
): UserMetadata {
	const metadata: UserMetadata = {};
	for (const pair of pairs ?? []) {
		const key = typeof pair.key === 'string' ? pair.key.trim() : '';
		if (!key) {
			throw invalidParameter(scope, parameter, 'a row has no key', 'Give every value a key name, or remove the empty row.');
		}
		if (key in metadata) {
			throw invalidParameter(scope, parameter, `the key "${key}" is given twice`, 'Keep one row per key.');
		}
		metadata[key] = checkValue(scope, parameter, key, pair.value ?? '');
	}
	return metadata;
}
