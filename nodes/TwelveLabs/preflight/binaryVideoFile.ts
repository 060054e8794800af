import type { IExecuteFunctions } from 'n8n-workflow';

import type { BinaryInput } from '../execution/binaryInput';
import type { ByteStream } from '../transport/request';
import { storageModeOf } from '../upload/binaryStorage';
import type { VideoFile } from './preflightVideo';

/** A video binary of item `itemIndex` for the pre-flight: streamed from n8n's binary store, or the bytes held in memory. */
export function binaryVideoFile(ctx: IExecuteFunctions, itemIndex: number, input: BinaryInput): VideoFile {
	const { binary, propertyName } = input;
	const binaryId = binary.id;
	return {
		propertyName,
		fileName: binary.fileName ?? propertyName,
		size: input.bytes,
		mode: storageModeOf(binary),
		openStream: binaryId ? async (readSize) => (await ctx.helpers.getBinaryStream(binaryId, readSize)) as ByteStream : undefined,
		readBuffer: async () => await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName),
	};
}
