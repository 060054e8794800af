/**
 * TwelveLabs Analyze in a workflow that streams its response (in-process, with n8n-core's own
 * sendChunk hook): the text is forwarded live as begin, item…, end, and every failure of an item
 * (a parameter, an unknown asset, a stream cut mid-way) reaches the listener as that item's
 * `error` before its `end`, with Continue On Fail on and off. The same through a real n8n's
 * streaming webhook: test/e2e/streaming.e2e.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../emulator/jest';
import { chain, itemsNode, manualTrigger, runWorkflow } from '../harness';
import type { StreamChunk } from '../harness';
import { harnessOptions, twelveLabsNode } from '../support/twelveLabs';

const emulator = useEmulator();

const CONTINUE = { onError: 'continueRegularOutput' as const };

function analyzeNode(parameters: INodeParameters, extra = {}) {
	return twelveLabsNode(
		'twelveLabsAnalyze',
		{ videoSource: 'url', videoUrl: 'https://cdn.example.com/keynote.mp4', prompt: 'Summarize the keynote', ...parameters },
		{ name: 'Analyze', ...extra },
	);
}

async function runStreaming(parameters: INodeParameters, extra = {}) {
	return await runWorkflow(chain(manualTrigger(), analyzeNode(parameters, extra)), harnessOptions(emulator(), { streaming: true }));
}

/** Analyze's chunks for one item, text chunks folded into one `text` mark. */
function marksOf(chunks: StreamChunk[], itemIndex: number): string[] {
	const marks: string[] = [];
	for (const chunk of chunks) {
		if (chunk.nodeName !== 'Analyze' || chunk.itemIndex !== itemIndex) continue;
		const mark = chunk.type === 'item' ? 'text' : chunk.type;
		if (mark !== 'text' || marks.at(-1) !== 'text') marks.push(mark);
	}
	return marks;
}

const errorsOf = (chunks: StreamChunk[]) => chunks.filter((chunk) => chunk.type === 'error').map((chunk) => String(chunk.content));

/** Three items analyzing an asset each; the second asset does not exist. */
async function runThreeAssets(extra = {}) {
	const known = [emulator().state.addAsset({ filename: 'a.mp4' }), emulator().state.addAsset({ filename: 'c.mp4' })];
	const ids = [known[0]._id, '6a0f1e2d3c4b5a6978877665', known[1]._id];
	return await runWorkflow(
		chain(
			manualTrigger(),
			itemsNode('Assets', ids.map((assetId) => ({ json: { assetId } }))),
			analyzeNode({ videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' } }, extra),
		),
		harnessOptions(emulator(), { streaming: true }),
	);
}

describe('TwelveLabs Analyze: live streaming', () => {
	it('forwards text fragments with sendChunk (begin, item…, end) when the workflow streams', async () => {
		const result = await runStreaming({});
		expect(result.status).toBe('success');
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'text', 'end']);
		const items = result.chunks.filter((chunk) => chunk.type === 'item');
		expect(items.length).toBeGreaterThan(5);
		expect(items.map((chunk) => chunk.content).join('')).toBe(result.output('Analyze')[0].json.text);
	});

	it('sends no chunks when the workflow does not stream', async () => {
		const result = await runWorkflow(chain(manualTrigger(), analyzeNode({})), harnessOptions(emulator()));
		expect(result.status).toBe('success');
		expect(result.chunks).toEqual([]);
	});
});

describe('TwelveLabs Analyze: a streaming listener always hears of a failure, before the item’s end', () => {
	it('Continue On Fail, stream cut mid-way: begin, text, error, end', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'cut-stream', afterEvents: 4 });
		const result = await runStreaming({}, CONTINUE);
		expect(result.status).toBe('success');
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'text', 'error', 'end']);
		expect(errorsOf(result.chunks)).toEqual([expect.stringMatching(/response stream was cut/)]);
		expect(result.output('Analyze')[0].json.error).toMatch(/response stream was cut/);
	});

	it('Continue On Fail, unknown asset (404 before the answer starts): that item says why, the others answer', async () => {
		const result = await runThreeAssets(CONTINUE);
		expect(result.status).toBe('success');
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'text', 'end']);
		expect(marksOf(result.chunks, 1)).toEqual(['begin', 'error', 'end']);
		expect(marksOf(result.chunks, 2)).toEqual(['begin', 'text', 'end']);
		const [error] = errorsOf(result.chunks);
		expect(error).toMatch(/does not exist/);
		expect(error).toMatch(/Check the asset ID/);
		const output = result.output('Analyze');
		expect(output).toHaveLength(3);
		expect(output[1].json.error).toMatch(/does not exist/);
		expect(output[2].json.text).toEqual(expect.any(String));
	});

	it('Continue On Fail, a parameter error (nothing sent): begin, error naming the parameter, end', async () => {
		const result = await runStreaming({ videoUrl: 'ftp://cdn.example.com/keynote.mp4' }, CONTINUE);
		expect(result.status).toBe('success');
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'error', 'end']);
		expect(errorsOf(result.chunks)[0]).toMatch(/Video URL/);
		expect(emulator().requests.filter((request) => request.path === '/analyze')).toEqual([]);
	});

	it('Continue On Fail off, stream cut mid-way: the item’s error comes before its end; n8n’s own error follows', async () => {
		emulator().faults.next({ method: 'POST', path: '/analyze' }, { kind: 'cut-stream', afterEvents: 4 });
		const result = await runStreaming({});
		expect(result.status).toBe('error');
		// The node's error and end, then the error n8n sends for the failed node (item 0, its description).
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'text', 'error', 'end', 'error']);
		const [own, engines] = errorsOf(result.chunks);
		expect(own).toMatch(/response stream was cut/);
		expect(engines).toBe('The answer from TwelveLabs did not arrive whole. Run the item again.');
	});

	it('Continue On Fail off, unknown asset: begin, error, end for the item, then n8n’s error', async () => {
		const result = await runStreaming({ videoSource: 'assetId', assetId: { __rl: true, mode: 'id', value: '6a0f1e2d3c4b5a6978877665' } });
		expect(result.status).toBe('error');
		expect(marksOf(result.chunks, 0)).toEqual(['begin', 'error', 'end', 'error']);
		expect(errorsOf(result.chunks)[0]).toMatch(/does not exist/);
	});
});
