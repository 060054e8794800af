/**
 * Uploads from binary stores that do not stream, and reads that break half-way. The stores are
 * the harness's stand-ins for n8n's `database` mode (reads a file whole, and cannot read one
 * over 256 MiB back at all) and `s3` mode (streams; told to fail after some bytes), reached
 * through n8n-core's real BinaryDataService by the binary's id (`database:...`, `s3:...`).
 */
import { runWorkflow, chain, manualTrigger, standInReads } from '../harness';
import type { StandInBinarySpec } from '../harness';
import { useEmulator } from '../emulator/jest';
import { STAND_IN_BINARY_TYPE, standInBinaryNode, standInBinaryNodeType } from '../support/standInBinaryNode';
import { harnessOptions, nodeTypes, routesSeen, twelveLabsNode } from '../support/twelveLabs';

const MiB = 1024 * 1024;
const emulator = useEmulator({ multipartChunkSize: 4 * MiB });
const options = () => harnessOptions(emulator(), { nodeTypes: { ...nodeTypes, [STAND_IN_BINARY_TYPE]: standInBinaryNodeType } });

type NodeError = Error & { description?: string; context?: { itemIndex?: number } };

function assetUpload(specs: StandInBinarySpec[], extra = {}) {
	return chain(
		manualTrigger(),
		standInBinaryNode('File', ...specs),
		twelveLabsNode('twelveLabsAsset', { operation: 'upload' }, { name: 'Asset', ...extra }),
	);
}

/** Everything in the error the user sees, with the API key checked for. */
function shownText(error: NodeError | undefined): string {
	const text = `${error?.message ?? ''}\n${error?.description ?? ''}`;
	expect(text).not.toContain(emulator().apiKey);
	return text;
}

describe('Upload from the database binary mode (reads whole, not streamed)', () => {
	it('refuses a file n8n cannot read back (over 256 MiB) before any request or read', async () => {
		const reads = standInReads.database;
		const result = await runWorkflow(assetUpload([{ mode: 'database', size: 300 * MiB, fileName: 'keynote.mp4' }]), options());

		expect(result.status).toBe('error');
		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toBe(
			`The binary "keynote.mp4" (300.0 MiB) cannot be uploaded from n8n's database binary store: n8n cannot read a file over 256.0 MiB back from it`,
		);
		const text = shownText(error);
		for (const fix of ['N8N_DEFAULT_BINARY_DATA_MODE=filesystem', 'N8N_BINARY_DATA_STORAGE_PATH', 'shared by', 's3', 'Create From URL']) {
			expect(text).toContain(fix);
		}
		expect(error.context?.itemIndex).toBe(0);
		expect(emulator().requests).toHaveLength(0);
		expect(standInReads.database).toBe(reads);
	});

	it('refuses a readable file above the safe size (it would sit whole in memory) before any request', async () => {
		const result = await runWorkflow(assetUpload([{ mode: 'database', size: 150 * MiB, fileName: 'talk.mp4' }]), options());

		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toBe(
			`The binary "talk.mp4" (150.0 MiB) is too big to upload from n8n's database binary store: n8n reads it whole into memory, and this node takes at most 100.0 MiB from there`,
		);
		expect(shownText(error)).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
		expect(emulator().requests).toHaveLength(0);
	});

	it('uploads a database-mode file up to the safe size', async () => {
		const result = await runWorkflow(assetUpload([{ mode: 'database', size: 12 * MiB + 5 }]), options());

		expect(result.status).toBe('success');
		expect(routesSeen(emulator())).toEqual(['POST /assets']);
		expect(emulator().state.listAssets()).toHaveLength(1);
	});

	it.each([
		['Analyze', 'twelveLabsAnalyze', { videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize' }],
		['Async Task', 'twelveLabsAsyncTask', { resource: 'task', operation: 'create', videoSource: 'binary', binaryPropertyName: 'data', prompt: 'Summarize' }],
	])('%s refuses it too, before any request, when the binary is over the inline limit', async (_name, type, parameters) => {
		const result = await runWorkflow(
			chain(manualTrigger(), standInBinaryNode('File', { mode: 'database', size: 300 * MiB, fileName: 'keynote.mp4' }), twelveLabsNode(type, parameters, { name: 'Node' })),
			options(),
		);

		const error = result.nodeError('Node') as NodeError;
		expect(error.message).toContain(`cannot be uploaded from n8n's database binary store`);
		expect(emulator().requests).toHaveLength(0);
	});

	it('with Continue On Fail, the refused file is an error item paired with its input, the next item is uploaded', async () => {
		const result = await runWorkflow(
			assetUpload(
				[
					{ mode: 'database', size: 300 * MiB, fileName: 'keynote.mp4' },
					{ mode: 's3', size: 3 * MiB, fileName: 'clip.mp4' },
				],
				{ onError: 'continueRegularOutput' },
			),
			options(),
		);

		expect(result.status).toBe('success');
		const items = result.output('Asset');
		expect(items).toHaveLength(2);
		expect(String(items[0].json.error)).toContain(`cannot be uploaded from n8n's database binary store`);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json).toMatchObject({ filename: 'clip.mp4', status: 'processing' });
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(routesSeen(emulator())).toEqual(['POST /assets']);
	});
});

describe('A read of the binary that fails half-way through the upload', () => {
	it('multipart: fails the node, naming the file and the bytes read, and deletes the half-made asset', async () => {
		const spec: StandInBinarySpec = { mode: 's3', size: 201 * MiB, fileName: 'big-talk.mp4', failAfterBytes: 50 * MiB + 7 };
		const result = await runWorkflow(assetUpload([spec]), options());

		expect(result.status).toBe('error');
		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toBe(`Reading the binary "big-talk.mp4" from n8n's s3 binary store failed after 50.0 MiB of 201.0 MiB`);
		expect(error.context?.itemIndex).toBe(0);
		const session = [...emulator().state.uploads.values()][0];
		expect(shownText(error)).toContain('The store answered: read ECONNRESET.');
		expect(shownText(error)).toContain(`The unfinished asset ${session.assetId} was deleted`);
		expect(routesSeen(emulator())).toContain(`DELETE /assets/${session.assetId}`);
		expect(emulator().state.listAssets()).toHaveLength(0);
	});

	it('multipart: a store that cannot even open the file fails the node before the session is created', async () => {
		const spec: StandInBinarySpec = { mode: 's3', size: 201 * MiB, fileName: 'big-talk.mp4', failAfterBytes: 0 };
		const result = await runWorkflow(assetUpload([spec]), options());

		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toBe(`Reading the binary "big-talk.mp4" from n8n's s3 binary store failed after 0 bytes of 201.0 MiB`);
		expect(shownText(error)).toContain('The store answered: connect ECONNREFUSED.');
		expect(emulator().requests).toHaveLength(0);
	});

	it('direct: fails the node, and leaves no asset at TwelveLabs', async () => {
		const spec: StandInBinarySpec = { mode: 's3', size: 20 * MiB, fileName: 'clip.mp4', failAfterBytes: 8 * MiB };
		const result = await runWorkflow(assetUpload([spec]), options());

		expect(result.status).toBe('error');
		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toBe(`Reading the binary "clip.mp4" from n8n's s3 binary store failed after 8.0 MiB of 20.0 MiB`);
		expect(shownText(error)).toContain('The store answered: read ECONNRESET.');
		expect(emulator().state.listAssets()).toHaveLength(0);
	});

	it('keeps the read error when deleting the half-made asset fails too', async () => {
		emulator().faults.next(
			{ method: 'DELETE', path: '/assets/{asset_id}' },
			{ kind: 'status', status: 409, body: { code: 'asset_in_use', message: 'The asset is referenced by an indexed asset.' } },
		);
		const spec: StandInBinarySpec = { mode: 's3', size: 201 * MiB, fileName: 'big-talk.mp4', failAfterBytes: 10 * MiB };
		const result = await runWorkflow(assetUpload([spec]), options());

		const error = result.nodeError('Asset') as NodeError;
		expect(error.message).toMatch(/^Reading the binary "big-talk\.mp4" from n8n's s3 binary store failed after/);
		const session = [...emulator().state.uploads.values()][0];
		expect(shownText(error)).toContain(`The unfinished asset ${session.assetId} could not be deleted`);
	});
});
