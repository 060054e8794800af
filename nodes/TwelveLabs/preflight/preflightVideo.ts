import { NodeOperationError } from 'n8n-workflow';

import type { ParameterScope } from '../requests/invalidParameter';
import { MAX_BASE64_BYTES, formatBytes } from '../requests/mediaLimits';
import type { BinarySource } from '../upload/binarySource';
import { UnreadableContainer } from './boxes';
import { brokenBound } from './checkVideo';
import type { ContainerFacts } from './readContainer';
import { readContainer } from './readContainer';
import type { SequentialBytes } from './sequentialBytes';
import { bytesFromBuffer, bytesFromStream } from './sequentialBytes';
import type { VideoRequirements } from './videoRequirements';

/** A binary video of an input item, not read yet: a BinarySource's reading side, and its binary property (e.g. data). */
export type VideoFile = Pick<BinarySource, 'fileName' | 'size' | 'mode' | 'openStream' | 'readBuffer'> & { propertyName: string };

/**
 * What the pre-flight found, as it goes on the output item's `video` field. `preflight` says what
 * could not be checked and why; it is absent when every value was read.
 */
export interface VideoPreflight {
	durationSeconds?: number;
	width?: number;
	height?: number;
	codec?: string;
	preflight?: string;
}

/** Pieces read from the store at a time: large, since a movie box at the end means passing over the whole file. */
const READ_SIZE = 1024 * 1024;

/** Stores that read a whole file into memory for a stream (n8n's database mode): read only what is read anyway. */
const WHOLE_READ_MODES = new Set<string>(['database']);

async function openBytes(file: VideoFile): Promise<SequentialBytes> {
	return file.openStream ? bytesFromStream(await file.openStream(READ_SIZE)) : bytesFromBuffer(await file.readBuffer());
}

/** The container's facts, or the note saying why there are none. */
async function readFacts(file: VideoFile): Promise<ContainerFacts | string> {
	if (WHOLE_READ_MODES.has(file.mode) && file.size > MAX_BASE64_BYTES) {
		return `not checked: n8n's ${file.mode} binary store reads the whole file (${formatBytes(file.size)}) to hand it over, so its header is not read separately`;
	}
	let bytes: SequentialBytes | undefined;
	try {
		bytes = await openBytes(file);
		return await readContainer(bytes);
	} catch (error) {
		if (error instanceof UnreadableContainer) return `not checked: not a readable MP4/MOV file, ${error.message}; TwelveLabs checks it`;
		return `not checked: reading the file failed (${error instanceof Error ? error.message : String(error)})`;
	} finally {
		await bytes?.close();
	}
}

/** The facts for the item, with a note for what the file does not state. */
function itemField(facts: ContainerFacts): VideoPreflight {
	const unchecked = [
		...(facts.durationSeconds === undefined ? ['duration not checked: the header states none'] : []),
		...(facts.width === undefined ? ['size not checked: no video track found'] : []),
	];
	return {
		...(facts.durationSeconds !== undefined ? { durationSeconds: Math.round(facts.durationSeconds * 1000) / 1000 } : {}),
		...(facts.width !== undefined ? { width: facts.width, height: facts.height } : {}),
		...(facts.codec ? { codec: facts.codec } : {}),
		...(unchecked.length ? { preflight: unchecked.join('; ') } : {}),
	};
}

/**
 * Reads the video's own header (duration, shown size, codec) from n8n's binary store without
 * holding the file, and checks it against `rules` before anything is uploaded or sent. A video
 * outside them fails with an error naming the file, the value found and the limit. A file the
 * reader does not understand passes, with a note saying so: TwelveLabs is then the judge.
 */
export async function preflightVideo(
	scope: ParameterScope,
	parameter: string,
	file: VideoFile,
	rules: VideoRequirements,
): Promise<VideoPreflight> {
	const facts = await readFacts(file);
	if (typeof facts === 'string') return { preflight: facts };
	const broken = brokenBound(facts, rules);
	if (broken) {
		throw new NodeOperationError(scope.node, `${parameter}: the video "${file.fileName}" (binary field "${file.propertyName}") ${broken.problem}`, {
			itemIndex: scope.itemIndex,
			level: 'warning',
			description: `${broken.fix} The node read this from the file's own header before sending anything.`,
		});
	}
	return itemField(facts);
}

/** The pre-flight's duration in seconds, when the file stated it: what a video input will be billed for at most. */
export function preflightDurationSeconds(video: VideoPreflight | undefined): number | undefined {
	return video?.durationSeconds;
}
