import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where a parameter was read: the node and the input item. */
export interface ParameterScope {
	node: INode;
	itemIndex: number;
}

/**
 * The error for input that is wrong before anything is sent: it names the parameter as
 * the editor shows it, says what is wrong, and says how to fix it.
 */
export function invalidParameter(
	scope: ParameterScope,
	parameter: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(scope.node, `${parameter}: ${problem}`, {
		description: fix,
		itemIndex: scope.itemIndex,
		level: 'warning',
	});
}

/** A trimmed, non-empty ID, or the error that says which parameter is empty. */
export function requireId(scope: ParameterScope, parameter: string, value: unknown): string {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!id) {
		throw invalidParameter(
			scope,
			parameter,
			'is empty',
			`Pick an entry from the list or type its ID. If it comes from an expression, check that the expression gives a value for item ${scope.itemIndex + 1}.`,
		);
	}
	if (/\s/.test(id)) {
		throw invalidParameter(scope, parameter, `"${id}" is not an ID (it contains spaces)`, 'Use the ID exactly as TwelveLabs returned it.');
	}
	return id;
}
