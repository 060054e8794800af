/** A parameter value as text: expressions can give numbers or nothing where text is expected. */
export function parameterText(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** What a parameter value is, for a message: "the number 5", "a list", "an object". */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'number') return `the number ${String(value)}`;
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
