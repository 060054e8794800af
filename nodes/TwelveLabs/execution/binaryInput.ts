import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { invalidParameter } from '../requests/invalidParameter';
import { MAX_BASE64_BYTES, formatBytes, formatLimit } from '../requests/mediaLimits';

/** A binary property of the input item, with its size known without reading it. */
export interface BinaryInput {
	propertyName: string;
	binary: IBinaryData;
	bytes: number;
}

function base64ByteLength(base64: string): number {
	const clean = base64.replace(/\s/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/**
 * The size from the binary's metadata: `bytes` when n8n stored it, the stored file's metadata
 * when the data lives in a binary store, or the length of inline base64. The file itself is
 * never read here, so a 2 GB binary costs nothing to measure.
 */
async function binarySize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (typeof binary.bytes === 'number' && binary.bytes >= 0) return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	return base64ByteLength(binary.data ?? '');
}

/**
 * The binary property `propertyName` of input item `itemIndex`, or an error that names the
 * parameter (`parameter`, as the editor shows it) and lists what the item does have.
 */
export async function readBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	propertyName: unknown,
): Promise<BinaryInput> {
	const scope = { node: ctx.getNode(), itemIndex };
	const name = typeof propertyName === 'string' ? propertyName.trim() : '';
	if (!name) {
		throw invalidParameter(scope, parameter, 'is empty', 'Enter the name of the binary property that holds the file, e.g. data.');
	}
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[name];
	if (!binary) {
		const available = Object.keys(binaries);
		throw invalidParameter(
			scope,
			parameter,
			`item ${itemIndex + 1} has no binary property "${name}"`,
			available.length
				? `The item's binary properties are: ${available.join(', ')}. Use one of them.`
				: 'The item carries no file. Put a node that downloads the file (e.g. HTTP Request or Google Drive) before this one, or choose another source.',
		);
	}
	return { propertyName: name, binary, bytes: await binarySize(ctx, binary) };
}

/** Whether TwelveLabs accepts the binary inline, as base64 (30,000,000 bytes at most). */
export function fitsInline(input: BinaryInput): boolean {
	return input.bytes <= MAX_BASE64_BYTES;
}

/**
 * The binary as base64 for an inline (`base64_string`) field. Only binaries of 30 MB or less are
 * read into memory; a larger one is an error naming `parameter`, with `largeFix` as the way out.
 */
export async function binaryAsBase64(
	ctx: IExecuteFunctions,
	itemIndex: number,
	input: BinaryInput,
	parameter: string,
	largeFix: string,
): Promise<string> {
	if (!fitsInline(input)) {
		throw invalidParameter(
			{ node: ctx.getNode(), itemIndex },
			parameter,
			`the file "${input.binary.fileName ?? input.propertyName}" is ${formatBytes(input.bytes)}; TwelveLabs accepts at most ${formatLimit(MAX_BASE64_BYTES)} inline`,
			largeFix,
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, input.propertyName);
	return buffer.toString('base64');
}
