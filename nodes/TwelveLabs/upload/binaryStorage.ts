import type { IBinaryData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParameterScope } from '../requests/invalidParameter';
import { formatBytes } from '../requests/mediaLimits';

/**
 * Where n8n holds a binary, from the prefix of its id (`<mode>:<fileId>`): `memory` when it has
 * no id (the bytes are base64 in the item itself).
 */
export type BinaryStorageMode = 'memory' | 'filesystem' | 'database' | 's3' | 'azure' | (string & {});

/**
 * The largest file n8n can read back from its `database` mode. Postgres returns a bytea as hex
 * text (`\x` and 2 characters a byte) and a V8 string holds at most 0x1fffffe8 characters, so
 * above 268,435,443 bytes the read fails inside the Postgres client ("Cannot create a string
 * longer than 0x1fffffe8 characters"), whose query then never settles: in n8n 2.40 the
 * execution hung in "running".
 */
export const DATABASE_MODE_READABLE_BYTES = Math.floor((0x1fffffe8 - 2) / 2);

/**
 * The largest file uploaded from a store that reads a file whole into memory instead of
 * streaming it (n8n's `database` mode). Measured on n8n 2.40 in queue mode, such a read costs
 * about 5.6 times the file in the worker (250 MiB: +1,389 MiB) and as much again in Postgres;
 * at 100 MiB one upload costs about 560 MiB, which a worker of 1-2 GiB survives, also with a
 * second upload at once. Streaming stores (filesystem, S3) have no such limit.
 */
export const MAX_WHOLE_READ_BYTES = 100 * 1024 * 1024;

/** Stores whose `getAsStream` reads the whole file into memory first. */
const WHOLE_READ_MODES = new Set<string>(['database']);

export function storageModeOf(binary: IBinaryData): BinaryStorageMode {
	if (!binary.id) return 'memory';
	const mode = binary.id.split(':')[0];
	return mode === 'filesystem-v2' ? 'filesystem' : mode;
}

const STREAMING_STORES =
	'set N8N_DEFAULT_BINARY_DATA_MODE=filesystem, with N8N_BINARY_DATA_STORAGE_PATH on a folder shared by all n8n processes (main, workers, webhook processes) in queue mode, ' +
	'or use S3 external storage (N8N_DEFAULT_BINARY_DATA_MODE=s3, an n8n Enterprise feature); both stream files of any size';
const WITHOUT_DOWNLOAD =
	"Or let TwelveLabs fetch the file itself: the Asset node's Create From URL operation (up to 4 GB), or Video Source: URL in Analyze and Async Task.";

/**
 * Throws, before anything is read or sent, when n8n's binary store cannot hand the file over
 * for an upload: n8n cannot read it back at all, or would hold it whole in memory above
 * MAX_WHOLE_READ_BYTES. Binaries held in memory already are, and go through.
 */
export function assertUploadableFromStore(
	scope: ParameterScope,
	file: { fileName: string; size: number; mode: BinaryStorageMode },
): void {
	if (!WHOLE_READ_MODES.has(file.mode)) return;
	const what = `The binary "${file.fileName}" (${formatBytes(file.size)})`;
	const store = `n8n's ${file.mode} binary store`;
	let message: string | undefined;
	if (file.size > DATABASE_MODE_READABLE_BYTES) {
		message = `${what} cannot be uploaded from ${store}: n8n cannot read a file over ${formatBytes(DATABASE_MODE_READABLE_BYTES)} back from it`;
	} else if (file.size > MAX_WHOLE_READ_BYTES) {
		message = `${what} is too big to upload from ${store}: n8n reads it whole into memory, and this node takes at most ${formatBytes(MAX_WHOLE_READ_BYTES)} from there`;
	}
	if (message === undefined) return;
	throw new NodeOperationError(scope.node, message, {
		itemIndex: scope.itemIndex,
		description:
			`n8n keeps this binary in its database (N8N_DEFAULT_BINARY_DATA_MODE=database, the default in queue mode), which does not stream. ` +
			`To upload bigger files, ${STREAMING_STORES}. ${WITHOUT_DOWNLOAD}`,
	});
}
