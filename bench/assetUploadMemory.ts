/**
 * P2: memory of big uploads. A binary held in n8n's filesystem binary store is uploaded
 * through the TwelveLabs Asset node (Upload) against the emulator, in-process through
 * n8n-core, and the process's peak RSS growth is compared with a naive upload of the same
 * file that reads it whole into a Buffer first (`binaryToBuffer`; `getBinaryDataBuffer` refuses
 * 2 GiB and more).
 *
 * Then the same node by binary mode: files of 100 and 250 MiB in the filesystem mode beside
 * n8n's `database` mode (queue mode's default), which cannot stream, and 300 MiB, which n8n
 * cannot read back from its database at all. n8n-core has no database manager (it lives in
 * n8n's server package), so the database mode is the test harness's stand-in: it reads a
 * file as n8n's DatabaseManager does through Postgres (hex text, then one Buffer). It shows
 * the node's side only; a real Postgres backend grows as much again.
 *
 *   npx ts-node --transpile-only bench/assetUploadMemory.ts [sizeMiB=2048] [directMiB=200]
 *
 * Last, the pre-flight of a 2 GiB MP4 with its movie box at the end (bench/preflightBench.ts).
 *
 * Figures are for the whole process (the emulator runs in it too, so they are an upper
 * bound for the node). RSS is sampled every 5 ms after a full GC; the goal (<= 128 MiB growth
 * for the node) is printed, not asserted.
 */

import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { DEFAULT_UPLOAD_CONCURRENCY } from '../nodes/TwelveLabs/upload/uploadBinaryAsAsset';
import { startEmulator } from '../test/emulator';
import { chain, manualTrigger, runWorkflow } from '../test/harness';
import { harnessOptions, nodeTypes, twelveLabsNode } from '../test/support/twelveLabs';
import { MAKE_BINARY, MiB, STORED_BINARY, benchNode, makeBinaryNode, sampler, sizes, storedBinaryNode } from './uploadBench';
import { preflightTable } from './preflightBench';
import { storeModeTable } from './uploadStoreModes';

const SIZE = Number(process.argv[2] ?? 2048) * MiB;
const DIRECT_SIZE = Number(process.argv[3] ?? 200) * MiB;

/**
 * The naive way, for comparison: the whole file into one Buffer, then the same multipart
 * flow, sending chunk views of that Buffer one after the other.
 */
const NAIVE_UPLOAD = 'n8n-nodes-bench.naiveUpload';
const naiveUploadNode: INodeType = {
	description: {
		...makeBinaryNode.description,
		displayName: 'Naive Upload',
		name: 'naiveUpload',
		properties: [],
		credentials: [{ name: 'twelveLabsApi', required: true }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials<{ apiKey: string; baseUrl: string }>('twelveLabsApi');
		const api = async (method: 'GET' | 'POST', path: string, body?: IDataObject) =>
			(await this.helpers.httpRequest({
				method,
				url: `${credentials.baseUrl}${path}`,
				headers: { 'x-api-key': credentials.apiKey },
				body,
				json: true,
			})) as IDataObject;
		// getBinaryDataBuffer refuses files of 2 GiB and more (fs.readFile's limit), so the naive
		// node reads the stream into one Buffer, as n8n's binaryToBuffer does.
		const binary = this.getInputData()[0].binary!.data;
		const file = await this.helpers.binaryToBuffer(await this.helpers.getBinaryStream(binary.id!));
		const session = await api('POST', '/assets/multipart-uploads', { filename: 'naive.mp4', type: 'video', total_size: file.length });
		const chunkSize = session.chunk_size as number;
		const total = session.total_chunks as number;
		let urls = session.upload_urls as Array<{ chunk_index: number; url: string }>;
		const completed: IDataObject[] = [];
		for (let index = 1; index <= total; index++) {
			let entry = urls.find((url) => url.chunk_index === index);
			if (!entry) {
				const more = await api('POST', `/assets/multipart-uploads/${String(session.upload_id)}/presigned-urls`, {
					start: index,
					count: Math.min(50, total - index + 1),
				});
				urls = more.upload_urls as typeof urls;
				entry = urls.find((url) => url.chunk_index === index);
			}
			const data = file.subarray((index - 1) * chunkSize, index * chunkSize);
			const response = (await this.helpers.httpRequest({
				method: 'PUT',
				url: entry!.url,
				body: data,
				headers: { 'content-type': 'application/octet-stream', ...(session.upload_headers as IDataObject) },
				returnFullResponse: true,
			})) as { headers: Record<string, string> };
			completed.push({ chunk_index: index, proof: response.headers.etag.replace(/"/g, ''), proof_type: 'etag', chunk_size: data.length });
			if (completed.length === 10 || index === total) {
				await api('POST', `/assets/multipart-uploads/${String(session.upload_id)}`, { completed_chunks: completed.splice(0) });
			}
		}
		return [[{ json: { uploadId: session.upload_id } }]];
	},
};

const benchNodeTypes = { ...nodeTypes, [MAKE_BINARY]: makeBinaryNode, [STORED_BINARY]: storedBinaryNode, [NAIVE_UPLOAD]: naiveUploadNode };

async function main() {
	const emulator = await startEmulator();
	const options = harnessOptions(emulator, { nodeTypes: benchNodeTypes });
	const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

	/** Uploads the stored binary `label` with `uploader`, measuring from a GC'd baseline. */
	const measure = async (label: string, uploader: INode) => {
		const size = sizes[label];
		emulator.reset();
		sampler.start();
		const baseline = sampler.baseline;
		const started = Date.now();
		const result = await runWorkflow(chain(manualTrigger(), benchNode(STORED_BINARY, 'File', { label }), uploader), options);
		const growth = sampler.stop();
		const seconds = (Date.now() - started) / 1000;
		if (result.status !== 'success') throw new Error(`${label}: ${result.status} ${result.error?.message ?? ''}`);
		if (emulator.violations.length) throw new Error(`${label}: spec violations: ${emulator.violations.join('; ')}`);
		const sessions = [...emulator.state.uploads.values()];
		const received = sessions.reduce((sum, session) => sum + session.receivedBytes, 0);
		const direct = emulator.requests.find((request) => request.path === '/assets')?.body as { file?: { size: number } } | undefined;
		const bytes = received || direct?.file?.size || 0;
		if (bytes !== size || sessions.some((session) => session.status !== 'completed')) {
			throw new Error(`${label}: the emulator received ${bytes} of ${size} bytes`);
		}
		return { growth, seconds, baseline, chunkSize: sessions[0]?.chunkSize };
	};
	const asset = twelveLabsNode('twelveLabsAsset', { operation: 'upload' }, { name: 'Asset' });

	try {
		console.log(`P2 Asset upload memory (Node ${process.version}, n8n filesystem binary store, emulator in the same process)`);
		// The binaries are stored first, in a run of their own, so storing them is not measured.
		const made = await runWorkflow(
			chain(
				manualTrigger(),
				benchNode(MAKE_BINARY, 'Big', { size: SIZE, label: 'big' }),
				benchNode(MAKE_BINARY, 'Direct', { size: DIRECT_SIZE, label: 'direct' }),
				benchNode(MAKE_BINARY, 'Small', { size: 8 * MiB, label: 'small' }),
			),
			options,
		);
		if (made.status !== 'success') throw new Error(`storing the binaries: ${made.error?.message ?? made.status}`);
		await measure('small', asset); // warm-up: module loading, JIT, sockets

		const direct = await measure('direct', asset);
		console.log(
			`  Asset node, direct upload of ${mib(DIRECT_SIZE)} (streamed form):                 peak RSS growth ${mib(direct.growth)} over ${mib(direct.baseline)}  (${direct.seconds.toFixed(1)} s)`,
		);
		const node = await measure('big', asset);
		console.log(
			`  Asset node, ${node.chunkSize ? `multipart upload of ${mib(SIZE)} (chunks of ${mib(node.chunkSize)}, ${DEFAULT_UPLOAD_CONCURRENCY} in flight)` : `direct upload of ${mib(SIZE)}`}: peak RSS growth ${mib(node.growth)} over ${mib(node.baseline)}  (${node.seconds.toFixed(1)} s)`,
		);
		const naive = await measure('big', twelveLabsNode(NAIVE_UPLOAD, {}, { name: 'Naive' }));
		console.log(
			`  naive upload of ${mib(SIZE)} read whole into a Buffer, same multipart flow:     peak RSS growth ${mib(naive.growth)} over ${mib(naive.baseline)}  (${naive.seconds.toFixed(1)} s)`,
		);
		console.log(
			`  goal: node growth <= 128 MiB -> ${mib(node.growth)} (${node.growth <= 128 * MiB ? 'met' : 'NOT met'}); naive grows ${(naive.growth / Math.max(node.growth, MiB)).toFixed(0)}x as much`,
		);
	} finally {
		await emulator.close();
	}
}

main()
	.then(storeModeTable)
	.then(preflightTable)
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
