/** POST /analyze: sync analysis, NDJSON stream (default) or one JSON object. */
import { checkSyncAnalyze } from '../analyze-rules';
import { fragments, generate } from '../generation';
import type { RouteDef } from '../http';
import { newGenerationId } from '../ids';

export const MALFORMED_LINE = '{"event_type":"text_generation","text":"this line is cut';

export const analyzeRoutes: RouteDef[] = [
	{
		method: 'POST',
		path: '/analyze',
		errors: 'flat',
		async handle({ body, env, fault, reply }) {
			const request = (body ?? {}) as Record<string, unknown>;
			const checked = checkSyncAnalyze(request, env.state);
			const out = generate({
				prompt: checked.prompt,
				jsonSchema: checked.jsonSchema,
				maxTokens: checked.maxTokens,
				truncate: fault?.kind === 'truncate',
			});
			const generationId = newGenerationId();
			const full = { output_tokens: out.outputTokens, input_tokens: out.inputTokens };
			// The document requires only output_tokens inside usage, and usage itself is optional.
			const usage = fault?.kind === 'sparse-usage' ? (fault.usage === 'absent' ? undefined : { output_tokens: out.outputTokens }) : full;

			if (request.stream === false) {
				const answer: Record<string, unknown> = { id: generationId, data: out.text, finish_reason: out.finishReason };
				if (usage) answer.usage = usage;
				if (out.errorMessage) answer.error = { message: out.errorMessage };
				if (fault?.kind === 'cut-stream') {
					const writer = await reply.startStream();
					await writer.line(JSON.stringify(answer).slice(0, 20));
					writer.destroy();
					return;
				}
				if (fault?.kind === 'malformed-line') {
					await reply.send(200, { 'content-type': 'application/json' }, MALFORMED_LINE);
					return;
				}
				await reply.json(200, answer);
				return;
			}

			const end: Record<string, unknown> = {
				event_type: 'stream_end',
				finish_reason: out.finishReason,
				metadata: { generation_id: generationId, ...(usage ? { usage } : {}) },
			};
			if (out.errorMessage) end.error = { message: out.errorMessage };
			const events: unknown[] = [
				{ event_type: 'stream_start', metadata: { generation_id: generationId } },
				...fragments(out.text).map((text) => ({ event_type: 'text_generation', text })),
				end,
			];
			const writer = await reply.startStream();
			for (let i = 0; i <= events.length; i++) {
				if (fault?.kind === 'cut-stream' && i === Math.min(fault.afterEvents, events.length)) {
					writer.destroy();
					return;
				}
				if (fault?.kind === 'malformed-line' && i === Math.min(fault.afterEvents, events.length)) {
					await writer.line(MALFORMED_LINE);
				}
				if (i < events.length) await writer.event(events[i]);
			}
			writer.end();
		},
	},
];
