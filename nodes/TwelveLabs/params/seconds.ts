import type { ParameterScope } from '../requests/invalidParameter';
import { invalidParameter } from '../requests/invalidParameter';

/**
 * A number of seconds from a node option: `fallback` when the option is absent, the error naming
 * `parameter` when it is not a number of `minimum` or more.
 */
export function readSeconds(scope: ParameterScope, parameter: string, value: unknown, fallback: number, minimum: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : Number(value);
	if (Number.isNaN(number) || number < minimum) {
		throw invalidParameter(
			scope,
			parameter,
			`"${String(value)}" is not a number of seconds of ${minimum} or more`,
			`Enter ${minimum} or more, or remove the option to use the default (${fallback}).`,
		);
	}
	return number;
}
