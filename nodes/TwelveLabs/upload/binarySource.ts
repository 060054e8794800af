import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParameterScope } from '../requests/invalidParameter';
import { invalidParameter } from '../requests/invalidParameter';
import { formatBytes } from '../requests/mediaLimits';
import type { ByteStream } from '../transport/request';
import type { BinaryStorageMode } from './binaryStorage';
import { assertUploadableFromStore, storageModeOf } from './binaryStorage';

/** A binary of an input item, described without reading it. */
export interface BinarySource {
	fileName: string;
	mimeType: string;
	size: number;
	/** Where n8n holds it. */
	mode: BinaryStorageMode;
	/**
	 * A fresh stream of the whole file from n8n's binary store (filesystem, S3, ...), read
	 * `readSize` bytes at a time. Undefined for a binary held in memory (n8n's default mode).
	 */
	openStream?: (readSize: number) => Promise<ByteStream>;
	/** The bytes of a binary held in memory (there they already are in memory anyway). */
	readBuffer: () => Promise<Buffer>;
	/** The error for a read of the file that broke after `bytesRead` bytes. */
	readFailed: (bytesRead: number, cause: unknown) => NodeOperationError;
}

const FALLBACK_EXTENSIONS: Record<string, string> = { video: 'mp4', audio: 'mp3', image: 'jpg' };

function fallbackFileName(mimeType: string, extension: string | undefined): string {
	const ext = extension || FALLBACK_EXTENSIONS[mimeType.split('/')[0]] || 'mp4';
	return `upload.${ext}`;
}

function readFailedError(scope: ParameterScope, file: { fileName: string; size: number; mode: BinaryStorageMode }) {
	return (bytesRead: number, cause: unknown) => {
		const reason = cause instanceof Error ? cause.message : String(cause);
		// The store's reason goes in the description: n8n replaces a message that names a
		// network code (ECONNRESET, ...) with a generic one about "the server".
		return new NodeOperationError(
			scope.node,
			`Reading the binary "${file.fileName}" from n8n's ${file.mode} binary store failed after ${formatBytes(bytesRead)} of ${formatBytes(file.size)}`,
			{
				itemIndex: scope.itemIndex,
				description: `The store answered: ${reason}. The upload was stopped. Check that n8n can still reach its binary data storage, then run the node again.`,
			},
		);
	};
}

/**
 * The binary `propertyName` of input item `itemIndex`, or the error naming `parameter` when the
 * item has none. Its size comes from the binary store's metadata, not from reading it; a file
 * that its store cannot hand over for an upload is refused here, before any request.
 */
export async function binarySourceOf(
	ctx: IExecuteFunctions,
	scope: ParameterScope,
	propertyName: string,
	parameter: string,
): Promise<BinarySource> {
	const name = propertyName.trim();
	if (!name) {
		throw invalidParameter(scope, parameter, 'is empty', 'Enter the name of the binary field that holds the file, e.g. data.');
	}
	const item = ctx.getInputData()[scope.itemIndex];
	const binary = item?.binary?.[name];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw invalidParameter(
			scope,
			parameter,
			`item ${scope.itemIndex + 1} has no binary field "${name}"`,
			available.length
				? `This item's binary fields are: ${available.join(', ')}. Enter one of them.`
				: 'This item has no binary data at all. Put a node that reads or downloads the file (e.g. Read/Write Files from Disk, HTTP Request) before this one.',
		);
	}
	const mimeType = binary.mimeType || 'application/octet-stream';
	const fileName = binary.fileName || fallbackFileName(mimeType, binary.fileExtension);
	const binaryId = binary.id;

	const mode = storageModeOf(binary);

	if (binaryId) {
		const metadata = await storedMetadata(ctx, scope, binaryId, { name, mode });
		const size = Number(metadata.fileSize ?? binary.bytes);
		if (!Number.isFinite(size)) {
			throw new NodeOperationError(ctx.getNode(), `The size of the binary "${name}" is unknown to n8n's binary store`, {
				itemIndex: scope.itemIndex,
				description: 'The file cannot be uploaded without knowing its size. Store it again (e.g. with Read/Write Files from Disk) and retry.',
			});
		}
		assertUploadableFromStore(scope, { fileName, size, mode });
		return {
			fileName,
			mimeType,
			size,
			mode,
			readFailed: readFailedError(scope, { fileName, size, mode }),
			openStream: async (readSize) => (await ctx.helpers.getBinaryStream(binaryId, readSize)) as ByteStream,
			readBuffer: async () => await ctx.helpers.getBinaryDataBuffer(scope.itemIndex, name),
		};
	}
	let buffer: Buffer | undefined;
	const size = Buffer.byteLength(binary.data ?? '', 'base64');
	return {
		fileName,
		mimeType,
		size,
		mode,
		readFailed: readFailedError(scope, { fileName, size, mode }),
		readBuffer: async () => (buffer ??= await ctx.helpers.getBinaryDataBuffer(scope.itemIndex, name)),
	};
}

/** The store's metadata of the file; a file the store does not have is explained, not thrown raw. */
async function storedMetadata(
	ctx: IExecuteFunctions,
	scope: ParameterScope,
	binaryId: string,
	binary: { name: string; mode: BinaryStorageMode },
): Promise<{ fileSize?: number }> {
	try {
		return await ctx.helpers.getBinaryMetadata(binaryId);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const hint =
			binary.mode === 'filesystem'
				? 'In queue mode every n8n process (main, workers, webhook processes) must see the same N8N_BINARY_DATA_STORAGE_PATH folder: a file stored by one process is read by another.'
				: 'The file may have been removed from the store (pruned with its execution). Run the workflow again from the node that made the file.';
		throw new NodeOperationError(scope.node, `n8n's ${binary.mode} binary store cannot find the binary "${binary.name}"`, {
			itemIndex: scope.itemIndex,
			description: `The store answered: ${reason}. ${hint}`,
		});
	}
}
