/**
 * What the demo emulator (and the end-to-end suite) starts with: a few stored assets, so the
 * examples have something to list, get and analyze on a fresh start.
 */
import type { EmulatorState } from '../../test/emulator';

export interface DemoAsset {
	_id: string;
	filename: string;
	duration: number;
	url: string;
}

/** Stable IDs, so example workflows can name one. 24 hex characters, like real asset IDs. */
export const DEMO_ASSETS: DemoAsset[] = [
	{ _id: '6650a1b2c3d4e5f601234567', filename: 'city-street-at-dawn.mp4', duration: 95, url: 'https://example.com/videos/city-street-at-dawn.mp4' },
	{ _id: '6650a1b2c3d4e5f601234568', filename: 'product-launch-keynote.mp4', duration: 1860, url: 'https://example.com/videos/product-launch-keynote.mp4' },
	{ _id: '6650a1b2c3d4e5f601234569', filename: 'cooking-pasta-tutorial.mp4', duration: 540, url: 'https://example.com/videos/cooking-pasta-tutorial.mp4' },
];

export function seedDemoData(state: EmulatorState): void {
	const start = Date.now() - DEMO_ASSETS.length * 60_000;
	DEMO_ASSETS.forEach((asset, index) => {
		state.addAsset({ ...asset, method: 'url', status: 'ready', created_at: start + index * 60_000 });
	});
}
