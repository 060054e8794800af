/** A parameter value as text: expressions can give numbers or nothing where text is expected. */
export function parameterText(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
