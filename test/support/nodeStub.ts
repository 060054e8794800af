import type { INode } from 'n8n-workflow';

/** A node as errors name it, for unit tests of code that only needs to know which node it runs for. */
export function nodeNamed(name: string, type = `n8n-nodes-twelvelabs.${name.replace(/\s+/g, '')}`): INode {
	return { id: '1', name, type, typeVersion: 1, position: [0, 0], parameters: {} };
}

/** The n8n error a synchronous check throws, as the editor would show it. */
export function errorOf(run: () => unknown): { message: string; description?: string; itemIndex?: unknown } {
	try {
		run();
	} catch (error) {
		const e = error as { message: string; description?: string; context: { itemIndex?: unknown } };
		return { message: e.message, description: e.description, itemIndex: e.context.itemIndex };
	}
	throw new Error('expected an error');
}
