/**
 * The rate-limit section of `bench:peer`: N analyses under the emulator's account rate limit
 * (default 10 requests per 1-second window = 600/min, so 100 items have an ideal of 10 s),
 * through n8n's HTTP Request node as a user sets it up (default settings; then Retry On Fail on,
 * with its defaults: 3 tries, 1 s apart) and through the TwelveLabs Analyze node (defaults).
 * For each: items that succeeded, requests sent, 429 answers, analyses sent more than once, wall
 * time against the limit's ideal (items / rate). Prints only.
 */
import type { N8nApi, WorkflowJson } from '../scripts/lib/n8n-api';
import type { N8nInstance } from '../scripts/lib/n8n-instance';
import { type RateLimitHeaderStyle, startEmulator } from '../test/emulator';
import { analyzeNode, execute, httpRequestAnalyzeNode, videoItems } from './peerRun';

export interface RateLimitBench {
	items: number;
	/** Requests the account may send per window. */
	perWindow: number;
	windowSeconds: number;
	latencyMs: number;
	headers: RateLimitHeaderStyle;
}

function workflow(id: string, items: number, node: WorkflowJson['nodes'][number]): WorkflowJson {
	const start = videoItems(items);
	return {
		id,
		name: `Peer under a rate limit: ${node.name}`,
		nodes: [...start.nodes, node],
		connections: { ...start.connections, 'One item per video': { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export async function rateLimitSection(instance: N8nInstance, api: N8nApi, bench: RateLimitBench): Promise<void> {
	const { items, perWindow, windowSeconds, latencyMs, headers } = bench;
	const emulator = await startEmulator({
		clock: 'realtime',
		latencyMs,
		rateLimit: { requests: perWindow, windowMs: windowSeconds * 1000, headers },
	});
	try {
		const twelveLabs = await api.createCredential('TwelveLabs (rate-limited)', 'twelveLabsApi', { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, webhookSecret: '' });
		const headerAuth = await api.createCredential('TwelveLabs header (rate-limited)', 'httpHeaderAuth', { name: 'x-api-key', value: emulator.apiKey });
		const perMinute = (perWindow * 60) / windowSeconds;
		const idealMs = (items / perWindow) * windowSeconds * 1000;
		process.stdout.write(
			`\n${items} analyses under a rate limit of ${perWindow} requests per ${windowSeconds} s window (${perMinute}/min, headers ${headers}), ` +
				`emulator latency ${latencyMs} ms; ideal items / rate = ${(idealMs / 1000).toFixed(1)} s:\n`,
		);
		const cases: Array<{ label: string; node: WorkflowJson['nodes'][number] }> = [
			{ label: 'HTTP Request node, default settings', node: httpRequestAnalyzeNode(emulator.baseUrl, headerAuth) },
			{
				label: 'HTTP Request node, Retry On Fail (defaults: 3 tries, 1 s apart)',
				node: httpRequestAnalyzeNode(emulator.baseUrl, headerAuth, { name: 'HTTP Request retrying', retryOnFail: true }),
			},
			{ label: 'TwelveLabs Analyze node, default settings', node: analyzeNode(twelveLabs) },
		];
		for (const [index, { label, node }] of cases.entries()) {
			emulator.reset();
			const run = await execute(instance, workflow(`benchPeerRateLimit${index}`, items, node));
			const nodeRun = run.data.resultData.runData[node.name]?.[0];
			const succeeded = nodeRun && !nodeRun.error ? (nodeRun.data?.main?.[0] ?? []).length : 0;
			const stats = emulator.routeStats()['POST /analyze'] ?? { requests: 0, rateLimited: 0, sentMoreThanOnce: 0, acceptedMoreThanOnce: 0 };
			const answered = emulator.requests.filter((request) => request.status === 200).length;
			const wallMs = nodeRun?.executionTime ?? 0;
			const failure = nodeRun?.error ? `; the node failed: ${nodeRun.error.message?.slice(0, 90)}` : '';
			process.stdout.write(
				`  ${label}:\n` +
					`    ${succeeded}/${items} items succeeded (TwelveLabs answered ${answered} analyses)${failure}\n` +
					`    ${stats.requests} requests, ${stats.rateLimited} answered 429 (${((100 * stats.rateLimited) / Math.max(1, stats.requests)).toFixed(1)}%), ` +
					`${stats.sentMoreThanOnce} analyses sent more than once (${stats.acceptedMoreThanOnce} run more than once)\n` +
					`    wall ${(wallMs / 1000).toFixed(2)} s = ${(wallMs / idealMs).toFixed(2)}x the ideal\n`,
			);
		}
		if (emulator.violations.length) process.stdout.write(`  emulator spec violations:\n    ${emulator.violations.join('\n    ')}\n`);
	} finally {
		await emulator.close();
	}
}
