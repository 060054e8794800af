/**
 * Filesystem binary-data mode: n8n-core's BinaryDataService only stores binaries on disk (and
 * gives them an `id`) once it is `init()`ed; before that it silently keeps them in memory as
 * base64. The harness inits it once per module registry (i.e. once per jest test file).
 */
import './env';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

let initialized: Promise<void> | undefined;

export async function ensureBinaryDataService(): Promise<void> {
	initialized ??= Container.get(BinaryDataService).init();
	await initialized;
}
