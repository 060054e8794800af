/**
 * Process environment for running n8n-core in-process. Imported first by every harness
 * module that loads n8n-core, so the variables are set before n8n-core's config classes
 * (@n8n/config, InstanceSettings, BinaryDataConfig) read them.
 *
 * - N8N_USER_FOLDER: a fresh temporary folder; n8n-core writes its settings file
 *   (encryption key) under `<folder>/.n8n` and stores binary data under `<folder>/.n8n/storage`.
 * - N8N_DEFAULT_BINARY_DATA_MODE=filesystem: binaries are written to disk and get an `id`,
 *   so `getBinaryStream(id)` streams them (the BinaryDataService still has to be `init()`ed:
 *   see binary-data.ts).
 */
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const harnessUserFolder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));

process.env.N8N_USER_FOLDER = harnessUserFolder;
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
// The settings file lives in a private temp folder; skip n8n's chmod check and warning.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
// n8n-core logs every node error it reports (stack included); set N8N_LOG_LEVEL=debug to see them.
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

// Remove the folder (settings file, stored binaries) when the jest test file is done, or at exit
// when loaded outside jest or from inside a test.
const removeUserFolder = () => rmSync(harnessUserFolder, { recursive: true, force: true });
try {
	afterAll(removeUserFolder);
} catch {
	process.once('exit', removeUserFolder);
}
