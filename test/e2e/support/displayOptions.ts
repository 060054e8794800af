/**
 * Which top-level parameters of a node the editor should show for given parameter values, read
 * from the node's own description (displayOptions show/hide, `@version`, `_cnd` conditions), and
 * the "switch" parameters whose value changes what is shown (operation, source, prompt kind...).
 */
import type { NodeDescription } from '../../../scripts/lib/package';

export interface Property {
	name: string;
	displayName: string;
	type: string;
	default?: unknown;
	options?: Array<{ name: string; value: unknown; action?: string }>;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
}

/** Types the editor renders without a labelled input. */
const UNLABELLED = new Set(['notice', 'hidden', 'callout', 'button']);

type Values = Record<string, unknown>;

function conditionHolds(expected: unknown, actual: unknown): boolean {
	if (typeof expected === 'object' && expected !== null && '_cnd' in expected) {
		const [[operator, operand]] = Object.entries((expected as { _cnd: Record<string, unknown> })._cnd);
		const a = actual as number & string;
		const b = operand as number & string;
		switch (operator) {
			case 'eq':
				return actual === operand;
			case 'not':
				return actual !== operand;
			case 'gte':
				return a >= b;
			case 'lte':
				return a <= b;
			case 'gt':
				return a > b;
			case 'lt':
				return a < b;
			case 'between': {
				const { from, to } = operand as { from: number; to: number };
				return a >= from && a <= to;
			}
			case 'startsWith':
				return String(actual).startsWith(String(operand));
			case 'endsWith':
				return String(actual).endsWith(String(operand));
			case 'includes':
				return String(actual).includes(String(operand));
			case 'regex':
				return new RegExp(String(operand)).test(String(actual));
			case 'exists':
				return actual !== undefined && actual !== null && actual !== '';
			default:
				throw new Error(`displayOptions condition _cnd.${operator} is not handled by this check`);
		}
	}
	return expected === actual;
}

function matches(allowed: unknown[], actual: unknown): boolean {
	const actualValues = Array.isArray(actual) ? actual : [actual];
	return actualValues.some((value) => allowed.some((expected) => conditionHolds(expected, value)));
}

function valueOf(key: string, values: Values, version: number): unknown {
	if (key === '@version') return version;
	return values[key.replace(/^\//, '')];
}

export function isShown(property: Property, values: Values, version: number): boolean {
	const { show, hide } = property.displayOptions ?? {};
	for (const [key, allowed] of Object.entries(show ?? {})) {
		if (!matches(allowed, valueOf(key, values, version))) return false;
	}
	for (const [key, denied] of Object.entries(hide ?? {})) {
		if (matches(denied, valueOf(key, values, version))) return false;
	}
	return true;
}

/** Parameter values as the editor sets them: the given ones, then each shown parameter's default. */
export function resolveValues(description: NodeDescription, given: Values, version: number): Values {
	const values: Values = { ...given };
	for (let pass = 0; pass < 3; pass++) {
		for (const property of description.properties as unknown as Property[]) {
			if (property.name in given) continue;
			if (isShown(property, values, version)) values[property.name] = property.default;
		}
	}
	return values;
}

/** Labels the editor should show, in order (display names of shown, labelled parameters). */
export function expectedLabels(description: NodeDescription, given: Values, version: number): string[] {
	const values = resolveValues(description, given, version);
	return (description.properties as unknown as Property[])
		.filter((property) => !UNLABELLED.has(property.type) && isShown(property, values, version))
		.map((property) => property.displayName);
}

/**
 * Options parameters that other parameters' displayOptions depend on, with more than one value;
 * one of each name per place it is shown (e.g. an Operation per Resource).
 */
export function switchParameters(description: NodeDescription): Property[] {
	const properties = description.properties as unknown as Property[];
	const referenced = new Set<string>();
	for (const property of properties) {
		for (const key of [...Object.keys(property.displayOptions?.show ?? {}), ...Object.keys(property.displayOptions?.hide ?? {})]) {
			referenced.add(key.replace(/^\//, ''));
		}
	}
	const seen = new Set<string>();
	return properties.filter((property) => {
		if (property.type !== 'options' || !referenced.has(property.name) || (property.options?.length ?? 0) < 2) return false;
		const place = `${property.name} ${JSON.stringify(property.displayOptions ?? {})}`;
		if (seen.has(place)) return false;
		seen.add(place);
		return true;
	});
}

/**
 * Values of other switches under which `target` is shown (the first that works), so a switch
 * that only appears for some operation can be reached. `{}` when it is shown by default.
 */
export function contextShowing(description: NodeDescription, target: Property, version: number): Values | undefined {
	if (isShown(target, resolveValues(description, {}, version), version)) return {};
	for (const other of switchParameters(description)) {
		if (other.name === target.name) continue;
		for (const option of other.options ?? []) {
			const given = { [other.name]: option.value };
			if (isShown(target, resolveValues(description, given, version), version)) return given;
		}
	}
	return undefined;
}
