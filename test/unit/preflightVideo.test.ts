/**
 * preflightVideo: what goes on the item, the error for a video out of bounds, and the notes for
 * what could not be read (never a crash), on ffmpeg-made files from test/fixtures/video/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeOperationError } from 'n8n-workflow';

import type { VideoFile } from '../../nodes/TwelveLabs/preflight/preflightVideo';
import { preflightDurationSeconds, preflightVideo } from '../../nodes/TwelveLabs/preflight/preflightVideo';
import { ASSET_UPLOAD, SYNC_ANALYSIS } from '../../nodes/TwelveLabs/preflight/videoRequirements';
import { nodeNamed } from '../support/nodeStub';

const scope = { node: nodeNamed('Analyze'), itemIndex: 2 };

function inMemory(name: string): VideoFile {
	const bytes = readFileSync(join(__dirname, '..', 'fixtures', 'video', name));
	return { propertyName: 'data', fileName: name, size: bytes.length, mode: 'memory', readBuffer: async () => bytes };
}

describe('preflightVideo', () => {
	it('gives the item what the header says, and the duration to whoever counts usage', async () => {
		const video = await preflightVideo(scope, 'Input Binary Field', inMemory('rotated-portrait-640x360.mp4'), SYNC_ANALYSIS);
		expect(video).toEqual({ durationSeconds: 6, width: 360, height: 640, codec: 'avc1' });
		expect(preflightDurationSeconds(video)).toBe(6);
		expect(preflightDurationSeconds({ preflight: 'not checked: …' })).toBeUndefined();
	});

	it('fails a video out of bounds with an error for the item that names the file, the field, the value and the limit', async () => {
		const error = await preflightVideo(scope, 'Input Binary Field', inMemory('too-short-2s.mp4'), SYNC_ANALYSIS).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		const failure = error as NodeOperationError;
		expect(failure.message).toBe('Input Binary Field: the video "too-short-2s.mp4" (binary field "data") is 2 s long; Analyze takes videos of at least 4 seconds');
		expect(failure.description).toBe('Use a video of at least 4 seconds. The node read this from the file\'s own header before sending anything.');
		expect(failure.context.itemIndex).toBe(2);
	});

	it('a file with no video track passes with its duration and a note', async () => {
		expect(await preflightVideo(scope, 'Input Binary Field', inMemory('audio-only-6s.m4a'), SYNC_ANALYSIS)).toEqual({
			durationSeconds: 6,
			preflight: 'size not checked: no video track found',
		});
	});

	it('a file the reader does not understand passes with a note', async () => {
		expect(await preflightVideo(scope, 'Input Binary Field', inMemory('not-a-video.mp4'), SYNC_ANALYSIS)).toEqual({
			preflight: 'not checked: not a readable MP4/MOV file, it does not start like an MP4 or MOV file (first box " is "); TwelveLabs checks it',
		});
	});

	it('a store that cannot be read passes with a note (the upload reports its own failure)', async () => {
		const file: VideoFile = {
			...inMemory('ok-480x360-6s.mp4'),
			mode: 's3',
			openStream: async () => {
				throw new Error('read ECONNRESET');
			},
		};
		expect(await preflightVideo(scope, 'Input Binary Field', file, SYNC_ANALYSIS)).toEqual({
			preflight: 'not checked: reading the file failed (read ECONNRESET)',
		});
	});

	it('a plain asset upload never fails a readable video', async () => {
		expect(await preflightVideo(scope, 'Input Binary Field', inMemory('too-small-160x120.mp4'), ASSET_UPLOAD)).toEqual({
			durationSeconds: 6,
			width: 160,
			height: 120,
			codec: 'avc1',
		});
	});
});
