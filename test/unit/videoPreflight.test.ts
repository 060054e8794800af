/**
 * The pre-flight's container reader on real files made by ffmpeg (test/fixtures/video/, made by
 * scripts/make-video-fixtures.sh), read from memory and as a stream cut in small pieces, and the
 * documented bounds each file is checked against.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { UnreadableContainer } from '../../nodes/TwelveLabs/preflight/boxes';
import { brokenBound } from '../../nodes/TwelveLabs/preflight/checkVideo';
import type { ContainerFacts } from '../../nodes/TwelveLabs/preflight/readContainer';
import { readContainer } from '../../nodes/TwelveLabs/preflight/readContainer';
import type { SequentialBytes } from '../../nodes/TwelveLabs/preflight/sequentialBytes';
import { bytesFromBuffer, bytesFromStream } from '../../nodes/TwelveLabs/preflight/sequentialBytes';
import { ASSET_UPLOAD, SYNC_ANALYSIS, taskAnalysis } from '../../nodes/TwelveLabs/preflight/videoRequirements';

const FIXTURES = join(__dirname, '..', 'fixtures', 'video');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

async function readBoth(name: string): Promise<ContainerFacts> {
	const fromMemory = await readContainer(bytesFromBuffer(fixture(name)));
	// 97-byte pieces: box headers and fields fall across piece boundaries.
	const stream = bytesFromStream(createReadStream(join(FIXTURES, name), { highWaterMark: 97 }));
	try {
		expect(await readContainer(stream)).toEqual(fromMemory);
	} finally {
		await stream.close();
	}
	return fromMemory;
}

const landscape = { durationSeconds: 6, width: 480, height: 360, codec: 'avc1' };

describe('readContainer on files made by ffmpeg', () => {
	it.each([
		['ok-480x360-6s.mp4', landscape],
		['moov-at-end-480x360-6s.mp4', landscape],
		['ok-480x360-6s.mov', landscape],
		['fragmented-480x360-6s.mp4', { ...landscape, codec: 'hvc1' }],
		['fragmented-moov-samples-480x360-6s.mp4', landscape],
		['rotated-portrait-640x360.mp4', { durationSeconds: 6, width: 360, height: 640, codec: 'avc1' }],
		['too-short-2s.mp4', { ...landscape, durationSeconds: 2 }],
		['too-long-7800s.mp4', { ...landscape, durationSeconds: 7800 }],
		['too-small-160x120.mp4', { ...landscape, width: 160, height: 120 }],
		['too-wide-1200x360.mp4', { ...landscape, width: 1200, height: 360 }],
	])('%s', async (name, expected) => {
		expect(await readBoth(name)).toEqual(expected);
	});

	it('sums the fragments of a fragmented file whose movie box states no length', async () => {
		const file = fixture('fragmented-480x360-6s.mp4');
		const mvhd = file.indexOf('mvhd');
		expect(file.readUInt32BE(mvhd + 4 + 16)).toBe(0); // mvhd duration: 0, so the 6 s come from the moof boxes
		expect(file.indexOf('mehd')).toBe(-1);
		expect((await readBoth('fragmented-480x360-6s.mp4')).durationSeconds).toBe(6);
	});

	it("counts the samples inside the movie box of a fragmented file, whose mvhd states only those", async () => {
		const file = fixture('fragmented-moov-samples-480x360-6s.mp4');
		const mvhd = file.indexOf('mvhd');
		expect(file.readUInt32BE(mvhd + 4 + 16) / file.readUInt32BE(mvhd + 4 + 12)).toBe(1); // mvhd: 1 s of the 6
		expect((await readBoth('fragmented-moov-samples-480x360-6s.mp4')).durationSeconds).toBe(6);
	});

	it('reads a media data box with a 64-bit size', async () => {
		// ffmpeg reserves an 8-byte `free` box before `mdat` for this: turn both headers into one 16-byte header.
		const file = Buffer.from(fixture('moov-at-end-480x360-6s.mp4'));
		const free = file.indexOf('free') - 4;
		const mdatSize = file.readUInt32BE(free + 8);
		expect(file.toString('latin1', free + 12, free + 16)).toBe('mdat');
		file.writeUInt32BE(1, free);
		file.write('mdat', free + 4, 'latin1');
		file.writeBigUInt64BE(BigInt(mdatSize + 8), free + 8);
		expect(await readContainer(bytesFromBuffer(file))).toEqual(landscape);
	});

	it('stops after the movie box when it comes first: the media data is never read', async () => {
		const file = fixture('ok-480x360-6s.mp4');
		const moovEnd = file.indexOf('moov') - 4 + file.readUInt32BE(file.indexOf('moov') - 4);
		let consumed = 0;
		const inner = bytesFromBuffer(file);
		const counting: SequentialBytes = {
			read: async (length) => {
				const piece = await inner.read(length);
				consumed += piece.length;
				return piece;
			},
			skip: async (length) => {
				const skipped = await inner.skip(length);
				consumed += skipped;
				return skipped;
			},
			close: async () => await inner.close(),
		};
		await readContainer(counting);
		expect(consumed).toBe(moovEnd);
		expect(consumed).toBeLessThan(file.length);
	});

	it.each([
		['not-a-video.mp4', /does not start like an MP4 or MOV file \(first box " is "\)/],
		['truncated.mp4', /ends inside the movie box \("moov"\)/],
	])('%s is an UnreadableContainer, not a crash', async (name, message) => {
		const error = await readContainer(bytesFromBuffer(fixture(name))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(UnreadableContainer);
		expect((error as Error).message).toMatch(message);
	});

	it('random bytes and an empty file are UnreadableContainer', async () => {
		const random = Buffer.alloc(4096);
		for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
		await expect(readContainer(bytesFromBuffer(random))).rejects.toBeInstanceOf(UnreadableContainer);
		await expect(readContainer(bytesFromBuffer(Buffer.alloc(0)))).rejects.toThrow(/no movie box/);
		// A media data box with no movie box after it: a recording that was never finished.
		const mdatOnly = Buffer.concat([fixture('moov-at-end-480x360-6s.mp4').subarray(0, 48)]);
		await expect(readContainer(bytesFromBuffer(mdatOnly))).rejects.toThrow(/cut off/);
	});
});

describe('the documented bounds', () => {
	const video = (facts: Partial<ContainerFacts>): ContainerFacts => ({ durationSeconds: 60, width: 1920, height: 1080, ...facts });

	it('Analyze: 4 s to 1 h', () => {
		expect(brokenBound(video({ durationSeconds: 2 }), SYNC_ANALYSIS)?.problem).toBe('is 2 s long; Analyze takes videos of at least 4 seconds');
		expect(brokenBound(video({ durationSeconds: 4 }), SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound(video({ durationSeconds: 3600 }), SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound(video({ durationSeconds: 3601 }), SYNC_ANALYSIS)?.problem).toBe(
			'is 1:00:01 (3,601 s) long; Analyze takes videos up to 1 hour',
		);
	});

	it('Async Task: 4 s to 2 h, 4 h with an analysis window', () => {
		expect(brokenBound(video({ durationSeconds: 7800 }), taskAnalysis(false))?.problem).toBe(
			'is 2:10:00 (7,800 s) long; Async Task takes videos up to 2 hours',
		);
		expect(brokenBound(video({ durationSeconds: 7800 }), taskAnalysis(true))).toBeUndefined();
		expect(brokenBound(video({ durationSeconds: 4 * 3600 + 1 }), taskAnalysis(true))?.problem).toMatch(/up to 4 hours$/);
	});

	it('360x360 to 5184x2160 either way up, aspect ratio up to 2.4:1 either way up', () => {
		expect(brokenBound(video({ width: 160, height: 120 }), SYNC_ANALYSIS)?.problem).toBe('is 160x120 pixels; TwelveLabs takes at least 360x360');
		expect(brokenBound(video({ width: 360, height: 360 }), SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound(video({ width: 5184, height: 2160 }), SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound(video({ width: 2160, height: 5184 }), SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound(video({ width: 5185, height: 2160 }), SYNC_ANALYSIS)?.problem).toMatch(/^is 5185x2160 pixels; TwelveLabs takes at most 5184x2160/);
		expect(brokenBound(video({ width: 4096, height: 4096 }), SYNC_ANALYSIS)?.problem).toMatch(/at most 5184x2160 \(or 2160x5184 upright\)/);
		expect(brokenBound(video({ width: 1200, height: 360 }), SYNC_ANALYSIS)?.problem).toBe(
			'is 1200x360 pixels, an aspect ratio of 3.33:1; TwelveLabs takes aspect ratios from 1:1 up to 2.4:1 (landscape or portrait)',
		);
		expect(brokenBound(video({ width: 360, height: 1200 }), SYNC_ANALYSIS)?.problem).toMatch(/aspect ratio of 3.33:1/);
		// 2.4015:1 is within the 1% the check leaves for rounding.
		expect(brokenBound(video({ width: 2560, height: 1066 }), SYNC_ANALYSIS)).toBeUndefined();
	});

	it('values the file does not state are not judged', () => {
		expect(brokenBound({ width: 480, height: 360 }, SYNC_ANALYSIS)).toBeUndefined();
		expect(brokenBound({ durationSeconds: 10 }, SYNC_ANALYSIS)).toBeUndefined();
	});

	it('a plain asset upload has no documented bounds', () => {
		expect(brokenBound(video({ durationSeconds: 1, width: 16, height: 16 }), ASSET_UPLOAD)).toBeUndefined();
		expect(brokenBound(video({ durationSeconds: 5 * 3600, width: 9000, height: 100 }), ASSET_UPLOAD)).toBeUndefined();
	});
});
