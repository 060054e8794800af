import type { Fault, FaultControl, FaultRoute } from './types';

interface QueuedFault {
	method: string;
	path: string;
	fault: Fault;
}

const KINDS = new Set(['status', 'reset', 'delay', 'cut-stream', 'malformed-line', 'truncate', 'sparse-usage', 'fail-items', 'content-type']);

/** Scripted next responses, consumed in order, one per matching request. */
export class Faults implements FaultControl {
	private queue: QueuedFault[] = [];

	next(route: FaultRoute, ...faults: Fault[]): void {
		if (!route || typeof route.method !== 'string' || typeof route.path !== 'string') {
			throw new TypeError('faults.next(route, ...faults): route must be { method, path }');
		}
		for (const fault of faults) {
			if (!fault || !KINDS.has(fault.kind)) throw new TypeError(`faults.next: unknown fault ${JSON.stringify(fault)}`);
			this.queue.push({ method: route.method.toUpperCase(), path: stripPrefix(route.path), fault });
		}
	}

	pending(): number {
		return this.queue.length;
	}

	clear(): void {
		this.queue = [];
	}

	/**
	 * Removes and returns the first fault scripted for this request. `template` is the route
	 * template the request matched (e.g. '/assets/{asset_id}'), `path` the concrete path.
	 */
	take(method: string, template: string | undefined, path: string): Fault | undefined {
		const index = this.queue.findIndex(
			(q) => q.method === method.toUpperCase() && (q.path === path || (template !== undefined && q.path === template)),
		);
		if (index < 0) return undefined;
		const [taken] = this.queue.splice(index, 1);
		return taken.fault;
	}
}

function stripPrefix(path: string): string {
	const noQuery = path.split('?')[0];
	return noQuery.startsWith('/v1.3/') ? noQuery.slice('/v1.3'.length) : noQuery;
}
