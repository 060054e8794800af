import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** An id shaped like TwelveLabs ids: 24 lower-case hex characters. */
export function newId(): string {
	return randomBytes(12).toString('hex');
}

export function newGenerationId(): string {
	return randomUUID();
}

export function newSignature(): string {
	return randomBytes(16).toString('hex');
}

/** A small deterministic hash of a string, for picking values reproducibly. */
export function seedOf(text: string): number {
	return createHash('md5').update(text).digest().readUInt32BE(0);
}
