import type { Box } from './boxes';
import { childBoxes, fieldReader } from './boxes';
import type { VideoTrack } from './movieBox';

/**
 * The end time of the video track over the movie fragments (`moof`) of a fragmented file, where the
 * movie box states no length: each fragment's start (`tfdt`, else where the last one ended) plus the
 * durations of its samples (`trun`, else `tfhd`'s or `trex`'s default).
 */
export class FragmentClock {
	private endUnits: number;

	/** Starts after the samples the movie box itself holds (ffmpeg's `frag_keyframe` puts the first fragment's there). */
	constructor(private readonly track: VideoTrack) {
		this.endUnits = track.durationUnits;
	}

	/** Counts one `moof` box's payload. */
	add(moofPayload: Buffer): void {
		for (const traf of childBoxes(moofPayload, 'moof').filter((box) => box.type === 'traf')) this.addTrackFragment(traf);
	}

	get seconds(): number | undefined {
		return this.endUnits > 0 && this.track.timescale > 0 ? this.endUnits / this.track.timescale : undefined;
	}

	private addTrackFragment(traf: Box): void {
		const boxes = childBoxes(traf.payload, 'traf');
		const tfhd = boxes.find((box) => box.type === 'tfhd');
		if (!tfhd) return;
		const header = fieldReader(tfhd);
		if (header.u32(4) !== this.track.trackId) return;
		const flags = header.u32(0) & 0xffffff;
		// Optional fields in order: base data offset (8), sample description index (4), default duration (4).
		const durationAt = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
		const defaultDuration = flags & 0x08 ? header.u32(durationAt) : (this.track.defaultSampleDuration ?? 0);

		const tfdt = boxes.find((box) => box.type === 'tfdt');
		let time = this.endUnits;
		if (tfdt) {
			const field = fieldReader(tfdt);
			time = field.u8(0) === 1 ? field.u64(4) : field.u32(4);
		}
		for (const trun of boxes.filter((box) => box.type === 'trun')) time += runDuration(trun, defaultDuration);
		this.endUnits = Math.max(this.endUnits, time);
	}
}

/** The summed sample durations of one track run. */
function runDuration(trun: Box, defaultDuration: number): number {
	const field = fieldReader(trun);
	const flags = field.u32(0) & 0xffffff;
	const count = field.u32(4);
	if (!(flags & 0x100)) return count * defaultDuration;
	let offset = 8 + (flags & 0x001 ? 4 : 0) + (flags & 0x004 ? 4 : 0);
	const perSample = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
	let total = 0;
	for (let sample = 0; sample < count; sample++, offset += perSample) total += field.u32(offset);
	return total;
}
