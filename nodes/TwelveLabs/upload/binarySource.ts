import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParameterScope } from '../requests/invalidParameter';
import { invalidParameter } from '../requests/invalidParameter';
import type { ByteStream } from '../transport/request';

/** A binary of an input item, described without reading it. */
export interface BinarySource {
	fileName: string;
	mimeType: string;
	size: number;
	/**
	 * A fresh stream of the whole file from n8n's binary store (filesystem, S3, ...), read
	 * `readSize` bytes at a time. Undefined for a binary held in memory (n8n's default mode).
	 */
	openStream?: (readSize: number) => Promise<ByteStream>;
	/** The bytes of a binary held in memory (there they already are in memory anyway). */
	readBuffer: () => Promise<Buffer>;
}

const FALLBACK_EXTENSIONS: Record<string, string> = { video: 'mp4', audio: 'mp3', image: 'jpg' };

function fallbackFileName(mimeType: string, extension: string | undefined): string {
	const ext = extension || FALLBACK_EXTENSIONS[mimeType.split('/')[0]] || 'mp4';
	return `upload.${ext}`;
}

/**
 * The binary `propertyName` of input item `itemIndex`, or the error naming `parameter` when the
 * item has none. Its size comes from the binary store's metadata, not from reading it.
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

	if (binaryId) {
		const metadata = await ctx.helpers.getBinaryMetadata(binaryId);
		const size = Number(metadata.fileSize ?? binary.bytes);
		if (!Number.isFinite(size)) {
			throw new NodeOperationError(ctx.getNode(), `The size of the binary "${name}" is unknown to n8n's binary store`, {
				itemIndex: scope.itemIndex,
				description: 'The file cannot be uploaded without knowing its size. Store it again (e.g. with Read/Write Files from Disk) and retry.',
			});
		}
		return {
			fileName,
			mimeType,
			size,
			openStream: async (readSize) => (await ctx.helpers.getBinaryStream(binaryId, readSize)) as ByteStream,
			readBuffer: async () => await ctx.helpers.getBinaryDataBuffer(scope.itemIndex, name),
		};
	}
	let buffer: Buffer | undefined;
	return {
		fileName,
		mimeType,
		size: Buffer.byteLength(binary.data ?? '', 'base64'),
		readBuffer: async () => (buffer ??= await ctx.helpers.getBinaryDataBuffer(scope.itemIndex, name)),
	};
}
