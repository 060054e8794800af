import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** What an operation returns for one input item: one output object or several. */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	return typeof value.json === 'object' && value.json !== null && !Array.isArray(value.json);
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list: Array<IDataObject | INodeExecutionData> = Array.isArray(result) ? result : [result];
	return list.map((entry) =>
		isExecutionData(entry)
			? { ...entry, pairedItem: entry.pairedItem ?? { item: itemIndex } }
			: { json: entry, pairedItem: { item: itemIndex } },
	);
}

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error && typeof error === 'object' && 'description' in error && typeof error.description === 'string'
			? error.description
			: undefined;
	return {
		json: { error: message, ...(description ? { errorDescription: description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** One input item's outcome: its value, or (with Continue On Fail) its error. */
export type ItemOutcome<T> = { itemIndex: number; ok: true; value: T } | { itemIndex: number; ok: false; error: unknown };

/** The error that stops the node for item `index` (NodeApiError and NodeOperationError already name the node and item). */
export function stoppingError(ctx: IExecuteFunctions, error: unknown, index: number): Error {
	if (error instanceof Error && 'node' in error) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex: index });
}

/**
 * Runs `operation` for every input item, at most `concurrency` at a time, and returns each
 * item's outcome in input order. With Continue On Fail a failure is that item's outcome;
 * otherwise the first failure (in item order) stops the node and is thrown.
 */
export async function settleEachItem<T>(
	ctx: IExecuteFunctions,
	operation: (this: IExecuteFunctions, itemIndex: number) => Promise<T>,
	concurrency = 1,
): Promise<Array<ItemOutcome<T>>> {
	const inputCount = ctx.getInputData().length;
	const outcomes: Array<ItemOutcome<T>> = new Array(inputCount);
	const continueOnFail = ctx.continueOnFail();
	let nextIndex = 0;
	const failure: { first?: { index: number; error: unknown } } = {};

	const recordFailure = (index: number, error: unknown) => {
		if (failure.first === undefined || index < failure.first.index) failure.first = { index, error };
	};

	const worker = async () => {
		while (nextIndex < inputCount && failure.first === undefined) {
			const itemIndex = nextIndex++;
			try {
				outcomes[itemIndex] = { itemIndex, ok: true, value: await operation.call(ctx, itemIndex) };
			} catch (error) {
				if (continueOnFail) {
					outcomes[itemIndex] = { itemIndex, ok: false, error };
				} else {
					recordFailure(itemIndex, error);
				}
			}
		}
	};

	const workers = Math.max(1, Math.min(Math.floor(concurrency), inputCount));
	await Promise.all(Array.from({ length: workers }, worker));

	if (failure.first !== undefined) throw stoppingError(ctx, failure.first.error, failure.first.index);
	return outcomes;
}

/**
 * Runs `operation` for every input item, at most `concurrency` at a time, and returns the
 * outputs in input order, each paired with its item. With Continue On Fail a failed item
 * becomes an error item in its place; otherwise the first failure (in item order) stops the node.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	operation: ItemOperation,
	concurrency = 1,
): Promise<INodeExecutionData[][]> {
	const outcomes = await settleEachItem(ctx, operation, concurrency);
	return [
		outcomes.flatMap((outcome) =>
			outcome.ok ? toItems(outcome.value, outcome.itemIndex) : [errorItem(outcome.error, outcome.itemIndex)],
		),
	];
}

/** The node's selected operation and the function that runs it for one item. */
export function selectOperation(
	ctx: IExecuteFunctions,
	operations: Record<string, ItemOperation>,
): { operation: string; run: ItemOperation } {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	}
	return { operation, run };
}
