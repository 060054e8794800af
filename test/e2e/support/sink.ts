/**
 * A local stand-in for the internet the examples talk to: `POST /sink/<node name>` records what a
 * destination (Slack, Google Sheets, ...) would have received; `GET /files/<name>` serves a small
 * generated video file for examples that download one.
 */
import * as http from 'node:http';

export interface SinkRequest {
	/** The replaced node's name. */
	node: string;
	body: Record<string, unknown>;
}

export interface Sink {
	url: string;
	received: SinkRequest[];
	/** Requests for one replaced node. */
	to(node: string): SinkRequest[];
	/** Bytes served at /files/<name>. */
	fileSize: number;
	close(): Promise<void>;
}

const FILE_SIZE = 1024 * 1024;

/** Deterministic bytes that start like an MP4 (ftyp box), so sniffers call it video/mp4. */
function sampleVideo(): Buffer {
	const bytes = Buffer.alloc(FILE_SIZE);
	bytes.writeUInt32BE(24, 0);
	bytes.write('ftypisom', 4, 'latin1');
	bytes.writeUInt32BE(0x200, 12);
	bytes.write('isomiso2', 16, 'latin1');
	for (let i = 24; i < FILE_SIZE; i++) bytes[i] = (i * 31) & 0xff;
	return bytes;
}

export async function startSink(): Promise<Sink> {
	const received: SinkRequest[] = [];
	const video = sampleVideo();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			if (req.method === 'POST' && url.pathname.startsWith('/sink/')) {
				const text = Buffer.concat(chunks).toString('utf8');
				let body: Record<string, unknown>;
				try {
					body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
				} catch {
					body = { raw: text };
				}
				received.push({ node: decodeURIComponent(url.pathname.slice('/sink/'.length)), body });
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
				return;
			}
			if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
				res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) }).end(video);
				return;
			}
			res.writeHead(404).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		to: (node) => received.filter((request) => request.node === node),
		fileSize: video.length,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
