import { parseBoxHeader, printable, UnreadableContainer } from './boxes';
import { FragmentClock } from './fragments';
import type { Movie } from './movieBox';
import { parseMovie } from './movieBox';
import type { SequentialBytes } from './sequentialBytes';

/** What an MP4/MOV file says about its video. */
export interface ContainerFacts {
	/** Undefined when the file does not say (a fragmented file with no total length). */
	durationSeconds?: number;
	/** As shown, rotation applied; undefined when the file has no video track. */
	width?: number;
	height?: number;
	codec?: string;
}

/**
 * Boxes an MP4, M4V or MOV file starts with. QuickTime files may start without `ftyp`, with their
 * movie or media data or a padding box (`wide`, `free`, `skip`) or a preview (`pnot`).
 */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);

/**
 * Movie and fragment boxes are read into memory; media data never is. A movie box holds sample
 * tables of a few bytes per frame (a 4-hour 60 fps video: under 10 MB); anything past these sizes
 * is not a file this reader should hold.
 */
const MAX_MOVIE_BOX_BYTES = 64 * 1024 * 1024;
const MAX_FRAGMENT_BOX_BYTES = 16 * 1024 * 1024;

async function readExactly(bytes: SequentialBytes, length: number, what: string): Promise<Buffer> {
	const data = await bytes.read(length);
	if (data.length < length) throw new UnreadableContainer(`the file ends inside ${what} (it is cut off or damaged)`);
	return data;
}

/**
 * Reads an ISO-BMFF file's boxes front to back: the movie box (at the start or after the media
 * data), then, for a fragmented file whose movie box states no length, the fragment headers. Media
 * data is skipped, and reading stops as soon as the facts are known. Throws UnreadableContainer for
 * a file that is not ISO-BMFF or whose headers are broken.
 */
export async function readContainer(bytes: SequentialBytes): Promise<ContainerFacts> {
	let movie: Movie | undefined;
	let clock: FragmentClock | undefined;
	for (let first = true; ; first = false) {
		let head = await bytes.read(8);
		if (head.length === 0) break;
		if (head.length < 8) throw new UnreadableContainer('the file ends inside a box header (it is cut off or damaged)');
		if (head.readUInt32BE(0) === 1) head = Buffer.concat([head, await bytes.read(8)]);
		const header = parseBoxHeader(head);
		if (first && !FIRST_BOXES.has(header.type)) {
			throw new UnreadableContainer(`it does not start like an MP4 or MOV file (first box "${printable(header.type)}")`);
		}
		const payloadSize = header.size === undefined ? undefined : header.size - header.headerSize;

		if (header.type === 'moov' && !movie) {
			if (payloadSize === undefined || payloadSize > MAX_MOVIE_BOX_BYTES) {
				throw new UnreadableContainer(`its movie box is ${payloadSize === undefined ? 'open-ended' : `${payloadSize} bytes`}, more than the reader takes`);
			}
			movie = parseMovie(await readExactly(bytes, payloadSize, 'the movie box ("moov")'));
			if (!movie.fragmented || movie.durationSeconds !== undefined || !movie.video) break;
			clock = new FragmentClock(movie.video);
			continue;
		}
		if (header.type === 'moof' && clock && payloadSize !== undefined && payloadSize <= MAX_FRAGMENT_BOX_BYTES) {
			clock.add(await readExactly(bytes, payloadSize, 'a movie fragment ("moof")'));
			continue;
		}
		if (payloadSize === undefined) break;
		const skipped = await bytes.skip(payloadSize);
		if (skipped < payloadSize) {
			if (movie) break;
			throw new UnreadableContainer(`the file ends inside its "${printable(header.type)}" box, before any movie box ("moov"): it is cut off`);
		}
	}
	if (!movie) throw new UnreadableContainer('it has no movie box ("moov"): the file is cut off, still being written, or not a finished MP4/MOV');
	const video = movie.video;
	return {
		durationSeconds: movie.durationSeconds ?? clock?.seconds,
		...(video && video.width > 0 && video.height > 0 ? { width: video.width, height: video.height } : {}),
		...(video?.codec ? { codec: video.codec } : {}),
	};
}
