import type { Box } from './boxes';
import { childBoxes, fieldReader, findChild } from './boxes';

/** The video track, as the movie box (`moov`) describes it. */
export interface VideoTrack {
	trackId: number;
	/** Units per second of the track's own times (`mdhd`), which fragments count in. */
	timescale: number;
	/** The track's length from `mdhd`, in seconds; undefined when the header leaves it open. */
	durationSeconds?: number;
	/** The same in the track's units (0 when open): in a fragmented file, the samples before the first fragment. */
	durationUnits: number;
	/** As shown: the `tkhd` size, turned by the track matrix's rotation. */
	width: number;
	height: number;
	/** The sample entry's four-character code, e.g. avc1, hvc1, hev1, av01, mp4v. */
	codec?: string;
	/** Sample duration for fragments that state none (`trex`). */
	defaultSampleDuration?: number;
}

/** What the movie box tells. */
export interface Movie {
	/**
	 * From `mvhd` (or the video track's `mdhd`); for a fragmented file only from `mehd`, since there
	 * `mvhd` counts just the samples inside the movie box. Undefined when the box does not say.
	 */
	durationSeconds?: number;
	/** Has `mvex`: samples live in movie fragments (`moof`) after the movie box. */
	fragmented: boolean;
	video?: VideoTrack;
}

/** The largest 32/64-bit value: a duration "not known" in ISO-BMFF headers. */
const UNKNOWN_32 = 0xffffffff;

function seconds(duration: number, timescale: number, version: number): number | undefined {
	if (timescale <= 0 || duration <= 0) return undefined;
	if (version === 0 ? duration === UNKNOWN_32 : duration >= Number.MAX_SAFE_INTEGER) return undefined;
	return duration / timescale;
}

/** `mvhd` / `mdhd` share a layout: version, times, then timescale and duration. */
function timescaleAndDuration(box: Box): { timescale: number; duration: number; version: number } {
	const field = fieldReader(box);
	const version = field.u8(0);
	return version === 1
		? { version, timescale: field.u32(20), duration: field.u64(24) }
		: { version, timescale: field.u32(12), duration: field.u32(16) };
}

/** The track's id and display size: width and height swapped when the matrix turns it by 90 or 270 degrees. */
function trackHeader(box: Box): { trackId: number; width: number; height: number } {
	const field = fieldReader(box);
	const version = field.u8(0);
	const trackId = field.u32(version === 1 ? 20 : 12);
	const matrix = version === 1 ? 52 : 40;
	const [a, b] = [field.i32(matrix), field.i32(matrix + 4)];
	const width = Math.round(field.u32(matrix + 36) / 65536);
	const height = Math.round(field.u32(matrix + 40) / 65536);
	// Rotation by 90/270 degrees puts the scale on the off-diagonal: |b| > |a|.
	return Math.abs(b) > Math.abs(a) ? { trackId, width: height, height: width } : { trackId, width, height };
}

/** The first sample entry: its code, and its coded size (used when `tkhd` gives none). */
function sampleEntry(stsd: Box): { codec: string; width: number; height: number } {
	const field = fieldReader(stsd);
	// version/flags, entry_count, then the first entry: size, format, 6 reserved, data reference
	// index, 16 bytes of pre-defined/reserved, then width and height (VisualSampleEntry).
	return { codec: field.fourcc(12), width: field.u16(40), height: field.u16(42) };
}

function videoTrack(trak: Box): VideoTrack | undefined {
	const mdia = findChild(trak.payload, 'trak', 'mdia');
	const hdlr = mdia && findChild(mdia.payload, 'mdia', 'hdlr');
	if (!mdia || !hdlr || fieldReader(hdlr).fourcc(8) !== 'vide') return undefined;
	const tkhd = findChild(trak.payload, 'trak', 'tkhd');
	const mdhd = findChild(mdia.payload, 'mdia', 'mdhd');
	if (!tkhd || !mdhd) return undefined;
	const header = trackHeader(tkhd);
	const time = timescaleAndDuration(mdhd);
	const stbl = ['minf', 'stbl'].reduce<Box | undefined>((box, type) => box && findChild(box.payload, box.type, type), mdia);
	const stsd = stbl && findChild(stbl.payload, 'stbl', 'stsd');
	const entry = stsd ? sampleEntry(stsd) : undefined;
	const sized = header.width > 0 && header.height > 0;
	return {
		trackId: header.trackId,
		timescale: time.timescale,
		durationSeconds: seconds(time.duration, time.timescale, time.version),
		durationUnits: seconds(time.duration, time.timescale, time.version) === undefined ? 0 : time.duration,
		width: sized ? header.width : (entry?.width ?? 0),
		height: sized ? header.height : (entry?.height ?? 0),
		codec: entry?.codec.trim() || undefined,
	};
}

/** Reads the movie box's payload (what follows the `moov` header). */
export function parseMovie(payload: Buffer): Movie {
	const children = childBoxes(payload, 'moov');
	const mvhd = children.find((box) => box.type === 'mvhd');
	const movieTime = mvhd ? timescaleAndDuration(mvhd) : undefined;
	const mvex = children.find((box) => box.type === 'mvex');
	const mvexChildren = mvex ? childBoxes(mvex.payload, 'mvex') : [];
	const mehd = mvexChildren.find((box) => box.type === 'mehd');
	let durationSeconds: number | undefined;
	if (!mvex) {
		durationSeconds = movieTime && seconds(movieTime.duration, movieTime.timescale, movieTime.version);
	} else if (mehd && movieTime) {
		const field = fieldReader(mehd);
		const version = field.u8(0);
		durationSeconds = seconds(version === 1 ? field.u64(4) : field.u32(4), movieTime.timescale, version);
	}

	let video: VideoTrack | undefined;
	for (const trak of children.filter((box) => box.type === 'trak')) {
		video = videoTrack(trak);
		if (video) break;
	}
	if (video) {
		const trackId = video.trackId;
		const trex = mvexChildren.find((box) => box.type === 'trex' && fieldReader(box).u32(4) === trackId);
		if (trex) video.defaultSampleDuration = fieldReader(trex).u32(12);
	}
	return { durationSeconds: durationSeconds ?? (mvex ? undefined : video?.durationSeconds), fragmented: mvex !== undefined, video };
}
