import type { IDataObject, INode } from 'n8n-workflow';

import type { Emulator } from '../test/emulator';
import { runPoll } from '../test/harness';
import { harnessOptions } from '../test/support/twelveLabs';

/**
 * Polls `node` once per call, carrying its static data from poll to poll, and says how many API
 * requests the poll sent and how many items it emitted; a failed poll or a request the document
 * forbids stops the bench.
 */
export function pollMeter(emulator: Emulator, node: INode) {
	let staticData: IDataObject = {};
	const poll = async (): Promise<{ requests: number; emitted: number }> => {
		emulator.requests.length = 0;
		const result = await runPoll(node, { ...harnessOptions(emulator), staticData });
		if (result.error) throw result.error;
		if (emulator.violations.length) throw new Error(`spec violations: ${emulator.violations.join('; ')}`);
		staticData = result.staticData;
		return { requests: emulator.requests.length, emitted: result.items?.[0]?.length ?? 0 };
	};
	/** The node's static data after the last poll. */
	return { poll, staticData: (): IDataObject => staticData };
}
