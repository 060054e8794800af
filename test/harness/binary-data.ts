/**
 * Filesystem binary-data mode: n8n-core's BinaryDataService only stores binaries on disk (and
 * gives them an `id`) once it is `init()`ed; before that it silently keeps them in memory as
 * base64. The harness inits it once per module registry (i.e. once per jest test file), and
 * adds stand-ins for the `database` and `s3` modes (stand-in-stores.ts).
 */
import './env';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { registerStandInStores } from './stand-in-stores';

let initialized: Promise<void> | undefined;

export async function ensureBinaryDataService(): Promise<void> {
	initialized ??= (async () => {
		const service = Container.get(BinaryDataService);
		await service.init();
		// After init(), which sets up only the filesystem manager.
		registerStandInStores(service);
	})();
	await initialized;
}
