/**
 * Binary-data modes whose managers live in n8n's server package, not in n8n-core, registered
 * on n8n-core's BinaryDataService under their real mode names (the service picks a manager by
 * the prefix of a binary's id, `database:<fileId>`), so a node reads them through the real
 * helpers (`getBinaryMetadata`, `getBinaryStream`, `getBinaryDataBuffer`):
 *
 * - `database`: what n8n's DatabaseManager does on a read. The row comes back from Postgres as
 *   hex text (`\x` + 2 characters a byte) that becomes one Buffer, and `getAsStream` is that
 *   Buffer in one piece: the whole file is in memory, and above 268,435,443 bytes the text is
 *   longer than V8 allows ("Cannot create a string longer than 0x1fffffe8 characters").
 * - `s3`: streams, like n8n's object-store manager; a binary can be told to fail half-way
 *   (`failAfterBytes`, as a dropped connection would) to test reads that break mid-upload.
 *
 * The bytes are sparse files in the harness user folder (zeros, no disk, no time to create).
 */
import './env';

import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { harnessUserFolder } from './env';

export type StandInMode = 'database' | 's3';
type BinaryManager = Parameters<BinaryDataService['setManager']>[1];

export interface StandInBinarySpec {
	mode: StandInMode;
	size: number;
	fileName?: string;
	mimeType?: string;
	/** `s3` only: the stream fails with ECONNRESET after this many bytes; 0: opening it fails. */
	failAfterBytes?: number;
}

interface StoredFile {
	path: string;
	spec: StandInBinarySpec;
}

const files = new Map<string, StoredFile>();
let fileCounter = 0;

/** How many times each stand-in store was read (whole reads and opened streams). */
export const standInReads: Record<StandInMode, number> = { database: 0, s3: 0 };

function storedFile(fileId: string): StoredFile {
	const file = files.get(fileId);
	if (!file) throw new Error(`stand-in store: no file ${fileId}`);
	return file;
}

function notStored(): never {
	throw new Error('stand-in store: binaries are made with standInBinary(), not stored by nodes');
}

function baseManager(mode: StandInMode): Omit<BinaryManager, 'getAsBuffer' | 'getAsStream'> {
	return {
		init: async () => {},
		store: async () => notStored(),
		getPath: (fileId: string) => `${mode}://${fileId}`,
		getMetadata: async (fileId: string) => {
			const { spec } = storedFile(fileId);
			return { fileName: spec.fileName, mimeType: spec.mimeType, fileSize: spec.size };
		},
		copyByFileId: async () => notStored(),
		copyByFilePath: async () => notStored(),
		rename: async () => notStored(),
	};
}

/** n8n's DatabaseManager read path: bytea as hex text, decoded into one Buffer. */
async function readAsPostgresWould(fileId: string): Promise<Buffer> {
	standInReads.database++;
	const raw = await readFile(storedFile(fileId).path);
	const hex = `\\x${raw.toString('hex')}`;
	return Buffer.from(hex.slice(2), 'hex');
}

const databaseManager: BinaryManager = {
	...baseManager('database'),
	getAsBuffer: readAsPostgresWould,
	getAsStream: async (fileId: string) => Readable.from(await readAsPostgresWould(fileId)),
};

async function* fileBytes(file: StoredFile, chunkSize: number): AsyncGenerator<Buffer> {
	const handle = await open(file.path, 'r');
	const limit = file.spec.failAfterBytes ?? Infinity;
	try {
		for (let position = 0; position < file.spec.size; ) {
			if (position >= limit) {
				throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
			}
			const length = Math.min(chunkSize, file.spec.size - position, limit - position);
			const buffer = Buffer.allocUnsafe(length);
			const { bytesRead } = await handle.read(buffer, 0, length, position);
			position += bytesRead;
			yield buffer.subarray(0, bytesRead);
		}
	} finally {
		await handle.close();
	}
}

const s3Manager: BinaryManager = {
	...baseManager('s3'),
	getAsBuffer: async (fileId: string) => {
		const pieces: Buffer[] = [];
		for await (const piece of fileBytes(storedFile(fileId), 1024 * 1024)) pieces.push(piece);
		return Buffer.concat(pieces);
	},
	getAsStream: async (fileId: string, chunkSize?: number) => {
		standInReads.s3++;
		const file = storedFile(fileId);
		if (file.spec.failAfterBytes === 0) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		return Readable.from(fileBytes(file, chunkSize ?? 64 * 1024), { objectMode: false });
	},
};

export function registerStandInStores(service: BinaryDataService): void {
	service.setManager('database', databaseManager);
	service.setManager('s3', s3Manager);
}

/** A binary as n8n would pass it between nodes in `spec.mode`: an id, no data in the item. */
export function standInBinary(spec: StandInBinarySpec): IBinaryData {
	const folder = join(harnessUserFolder, 'stand-in-stores', spec.mode);
	mkdirSync(folder, { recursive: true });
	const fileId = `stand-in-${++fileCounter}`;
	const path = join(folder, fileId);
	writeFileSync(path, '');
	truncateSync(path, spec.size);
	const fileName = spec.fileName ?? 'video.mp4';
	const mimeType = spec.mimeType ?? 'video/mp4';
	files.set(fileId, { path, spec: { ...spec, fileName, mimeType } });
	return {
		id: `${spec.mode}:${fileId}`,
		data: spec.mode,
		mimeType,
		fileName,
		fileExtension: fileName.split('.').pop(),
		bytes: spec.size,
		fileSize: `${(spec.size / 1024 / 1024).toFixed(1)} MB`,
	};
}
