/**
 * What each example must have done, beyond the generic checks in examples.e2e.ts (keyed by the
 * example's file name). An example without an entry gets the generic checks only.
 */
import type { Emulator } from '../emulator';
import { DEMO_ASSETS } from '../../scripts/lib/demo-data';
import type { Execution } from '../../scripts/lib/n8n-api';
import type { Sink } from './support/sink';

export type ExampleCheck = (run: {
	execution: Execution;
	sink: Sink;
	emulator: Emulator;
	outputOf: (node: string) => Array<Record<string, unknown>>;
}) => void | Promise<void>;

export const exampleChecks: Record<string, ExampleCheck> = {
	'asset-list-and-get': ({ outputOf }) => {
		// The demo assets are all videos: each is listed, fetched by its ID, and summarised.
		const listed = outputOf('List video assets');
		expect(listed.map((asset) => asset.id).sort()).toEqual(DEMO_ASSETS.map((asset) => asset._id).sort());
		const lines = outputOf('One line per asset');
		expect(lines).toHaveLength(DEMO_ASSETS.length);
		for (const asset of DEMO_ASSETS) {
			expect(lines).toContainEqual({ assetId: asset._id, line: `${asset.filename} (ready, ${asset.duration} s)` });
		}
	},
};
