/**
 * TwelveLabs Asset: Upload, direct path (up to 200 MB) and every bad input, plus waiting for
 * the asset to be ready. The multipart path (over 200 MB) is in assetUploadMultipart.test.ts.
 */
import type { IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import type { Emulator } from '../emulator';
import { useEmulator } from '../emulator/jest';
import { SPARSE_BINARY_TYPE, sparseBinaryNode, sparseBinaryNodeType } from '../support/sparseBinaryNode';
import { harnessOptions, nodeTypes, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();
const MiB = 1024 * 1024;

function assetNode(parameters: Record<string, unknown>, extra = {}) {
	return twelveLabsNode('twelveLabsAsset', { operation: 'upload', ...parameters } as never, { name: 'Asset', ...extra });
}

function clip(size: number, fileName = 'clip.mp4') {
	const data = Buffer.alloc(size);
	for (let i = 0; i < size; i += 4096) data[i] = i % 251;
	return { data, fileName, mimeType: 'video/mp4' };
}

/** Advances the emulated clock (so a processing asset finishes) once the node has looked at it. */
function finishProcessingAfterFirstPoll(emu: Emulator): () => void {
	const timer = setInterval(() => {
		if (emu.requests.some((request) => request.method === 'GET' && /^\/assets\/[^/]+$/.test(request.path))) {
			emu.clock.advance(60_000);
			clearInterval(timer);
		}
	}, 5);
	return () => clearInterval(timer);
}

/** Test-only node: a binary held in memory (base64, no id), as in n8n's default binary mode. */
const MEMORY_BINARY_TYPE = 'n8n-nodes-test.memoryBinary';
const memoryBinaryNode: INodeType = {
	description: {
		displayName: 'Memory Binary',
		name: 'memoryBinary',
		group: ['input'],
		version: 1,
		description: 'Emits one item with a binary held in memory',
		defaults: { name: 'Memory Binary' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const data = Buffer.alloc(3 * MiB, 7).toString('base64');
		return [[{ json: {}, binary: { data: { data, mimeType: 'video/mp4', fileName: 'memory.mp4' } } }]];
	},
};

const testNodeTypes = { ...nodeTypes, [SPARSE_BINARY_TYPE]: sparseBinaryNodeType, [MEMORY_BINARY_TYPE]: memoryBinaryNode };

function testNode(type: string): INode {
	return { id: type, name: type.split('.')[1], type, typeVersion: 1, position: [0, 0], parameters: {} };
}

describe('TwelveLabs Asset: Upload (direct, up to 200 MB)', () => {
	it('streams the binary as a multipart form with the settings, and outputs the asset with `id`', async () => {
		const file = clip(3 * MiB + 17);
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('File', [{ json: {}, binary: { data: file } }]),
				assetNode({
					options: {
						filename: 'Keynote – 2026.mp4',
						enableThumbnail: true,
						userMetadata: { values: [{ key: 'team', value: 'marketing' }] },
						userMetadataJson: '{"season": 3, "approved": true}',
					},
				}),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const [item] = result.output('Asset');
		expect(item.json).toMatchObject({ method: 'direct', status: 'processing', filename: 'Keynote – 2026.mp4' });
		expect(item.json.id).toBe(item.json._id);
		expect(Object.keys(item.json)[0]).toBe('id');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(routesSeen(emulator())).toEqual(['POST /assets']);
		const [request] = emulator().requests;
		expect(request.body).toEqual({
			fields: {
				method: 'direct',
				filename: 'Keynote – 2026.mp4',
				enable_thumbnail: 'true',
				user_metadata: JSON.stringify({ season: 3, approved: true, team: 'marketing' }),
			},
			file: { filename: 'Keynote _ 2026.mp4', size: file.data.length, contentType: 'video/mp4' },
		});
		// Sent with its exact length (the form around the file), not as a chunked body.
		const length = Number(request.headers['content-length']);
		expect(length).toBeGreaterThan(file.data.length);
		expect(length).toBeLessThan(file.data.length + 2000);
		expect(request.headers['transfer-encoding']).toBeUndefined();
		expect(emulator().state.getAsset(String(item.json.id))?.user_metadata).toEqual({ season: 3, approved: true, team: 'marketing' });
	});

	it('takes the filename from the binary and the file from the named binary field', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('File', [{ json: {}, binary: { video: clip(1000, 'talk.mov') } }]),
				assetNode({ binaryPropertyName: 'video' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.output('Asset')[0].json).toMatchObject({ filename: 'talk.mov' });
		expect(emulator().requests[0].body).toMatchObject({ fields: { method: 'direct', filename: 'talk.mov' } });
	});

	it('sends the file again, from a fresh stream, after a 429 (nothing was created)', async () => {
		emulator().faults.next({ method: 'POST', path: '/assets' }, { kind: 'status', status: 429, headers: { 'Retry-After': '0' } });
		const file = clip(MiB + 5);
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('File', [{ json: {}, binary: { data: file } }]), assetNode({})),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		expect(emulator().requests.map((request) => request.status)).toEqual([429, 201]);
		expect(emulator().requests[1].body).toMatchObject({ file: { size: file.data.length } });
	});

	it('does not send it again after a 400', async () => {
		emulator().faults.next({ method: 'POST', path: '/assets' }, {
			kind: 'status',
			status: 400,
			body: { code: 'video_filesize_too_large', message: 'The file is too large.' },
		});
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('File', [{ json: {}, binary: { data: clip(1000) } }]), assetNode({})),
			harnessOptions(emulator()),
		);
		expect(result.nodeError('Asset')?.message).toBe('TwelveLabs: The file is too large. [video_filesize_too_large]');
		expect(emulator().requests).toHaveLength(1);
	});

	it('uploads a binary held in memory (no binary id) from its buffer', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), testNode(MEMORY_BINARY_TYPE), assetNode({})),
			harnessOptions(emulator(), { nodeTypes: testNodeTypes }),
		);
		expect(result.status).toBe('success');
		expect(emulator().requests[0].body).toMatchObject({ file: { filename: 'memory.mp4', size: 3 * MiB } });
	});

	it('waits until the asset is ready when asked, and outputs the ready asset', async () => {
		const stop = finishProcessingAfterFirstPoll(emulator());
		try {
			const result = await runWorkflow(
				chain(manualTrigger(), itemsNode('File', [{ json: {}, binary: { data: clip(2000) } }]), assetNode({ waitUntilReady: true })),
				harnessOptions(emulator()),
			);
			expect(result.status).toBe('success');
			const [item] = result.output('Asset');
			expect(item.json).toMatchObject({ status: 'ready', technical_metadata: { file_size_bytes: 2000 } });
			const polls = routesSeen(emulator()).filter((route) => route.startsWith('GET /assets/'));
			expect(polls.length).toBeGreaterThanOrEqual(2);
		} finally {
			stop();
		}
	});

	it('fails clearly, with the API\'s message, when the asset ends failed', async () => {
		const stop = finishProcessingAfterFirstPoll(emulator());
		try {
			const result = await runWorkflow(
				chain(
					manualTrigger(),
					itemsNode('File', [{ json: {}, binary: { data: clip(2000, 'will-fail.mp4') } }]),
					assetNode({ waitUntilReady: true }),
				),
				harnessOptions(emulator()),
			);
			expect(result.status).toBe('error');
			const error = result.nodeError('Asset') as Error & { description?: string };
			expect(error.message).toMatch(/^Asset [0-9a-f]{24} failed: The file will-fail\.mp4 could not be processed\.$/);
			expect(error.description).toContain('will-fail.mp4');
		} finally {
			stop();
		}
	});
});

describe('TwelveLabs Asset: Upload refuses bad input before sending anything', () => {
	it('a missing binary field, naming the parameter and the fields there are', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), itemsNode('File', [{ json: {}, binary: { video: clip(10) } }]), assetNode({ binaryPropertyName: 'data' })),
			harnessOptions(emulator()),
		);
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe('Input Binary Field: item 1 has no binary field "data"');
		expect(error.description).toContain('video');
		expect(emulator().requests).toHaveLength(0);
	});

	it('an item without any binary', async () => {
		const result = await runWorkflow(chain(manualTrigger(), assetNode({})), harnessOptions(emulator()));
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe('Input Binary Field: item 1 has no binary field "data"');
		expect(error.description).toMatch(/no binary data at all/);
		expect(emulator().requests).toHaveLength(0);
	});

	it('a file over 200 MB with Multipart Upload turned off', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				sparseBinaryNode('File', { size: 200 * MiB + 1, fileName: 'over-200.mp4' }),
				assetNode({ options: { multipartUpload: false } }),
			),
			harnessOptions(emulator(), { nodeTypes: testNodeTypes }),
		);
		const error = result.nodeError('Asset') as Error & { description?: string };
		expect(error.message).toBe(
			'Multipart Upload: is off, and the file "over-200.mp4" is 200.0 MiB (209,715,201 bytes), over the 200 MB (200,000,000 bytes) limit of direct uploads',
		);
		expect(error.description).toMatch(/Turn Multipart Upload on/);
		expect(emulator().requests).toHaveLength(0);
	});

	it('a file over 10 GB', async () => {
		const result = await runWorkflow(
			chain(manualTrigger(), sparseBinaryNode('File', { size: 10_000_000_001, fileName: 'huge.mp4' }), assetNode({})),
			harnessOptions(emulator(), { nodeTypes: testNodeTypes }),
		);
		const error = result.nodeError('Asset') as Error;
		expect(error.message).toBe(
			'Input Binary Field: the file "huge.mp4" is 9.3 GiB (10,000,000,001 bytes), over TwelveLabs\' 10 GB upload limit',
		);
		expect(emulator().requests).toHaveLength(0);
	});

	it('user metadata that is not a flat object', async () => {
		const nested = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('File', [{ json: {}, binary: { data: clip(10) } }]),
				assetNode({ options: { userMetadataJson: '{"speaker": {"name": "Ada"}}' } }),
			),
			harnessOptions(emulator()),
		);
		expect(nested.nodeError('Asset')?.message).toBe(
			'User Metadata (JSON): the value of "speaker" is an object; user metadata values must be text, numbers or booleans',
		);
		const list = await runWorkflow(
			chain(manualTrigger(), itemsNode('File', [{ json: {}, binary: { data: clip(10) } }]), assetNode({ options: { userMetadataJson: '[1, 2]' } })),
			harnessOptions(emulator()),
		);
		expect(list.nodeError('Asset')?.message).toBe('User Metadata (JSON): is a list, not an object of keys and values');
		const fromExpression = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('File', [{ json: { tags: ['a', 'b'] }, binary: { data: clip(10) } }]),
				assetNode({ options: { userMetadata: { values: [{ key: 'tags', value: '={{ $json.tags }}' }] } } }),
			),
			harnessOptions(emulator()),
		);
		expect(fromExpression.nodeError('Asset')?.message).toBe(
			'User Metadata: the value of "tags" is a list; user metadata values must be text, numbers or booleans',
		);
		expect(emulator().requests).toHaveLength(0);
	});

	it('with Continue On Fail, every input item gives an output item, errors in place', async () => {
		const result = await runWorkflow(
			chain(
				manualTrigger(),
				itemsNode('Files', [
					{ json: {}, binary: { data: clip(1000, 'a.mp4') } },
					{ json: {} },
					{ json: {}, binary: { data: clip(1000, 'c.mp4') } },
				]),
				assetNode({}, { onError: 'continueRegularOutput' }),
			),
			harnessOptions(emulator()),
		);
		expect(result.status).toBe('success');
		const items = result.output('Asset');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ filename: 'a.mp4' });
		expect(items[1].json.error).toBe('Input Binary Field: item 2 has no binary field "data"');
		expect(items[2].json).toMatchObject({ filename: 'c.mp4' });
		expect(routesSeen(emulator())).toEqual(['POST /assets', 'POST /assets']);
	});
});
