/** /analyze/batches: create, list, retrieve, results (JSON Lines), cancel, delete. */
import { checkBatch } from '../batch-rules';
import {
	activeBatchCount,
	batchTasks,
	batchToWire,
	BATCH_EXPIRY_MS,
	cancelBatch,
	deleteBatch,
	isTerminalBatch,
	MAX_ACTIVE_BATCHES,
	resultLine,
	sortedBatches,
	sweepBatches,
	batchStatus,
} from '../batch-state';
import { ApiError, type RouteContext, type RouteDef, paginate, pageParams } from '../http';
import { newId } from '../ids';
import { MALFORMED_LINE } from './analyze';
import { analysisResult, requestParams } from './analyze-tasks';
import type { BatchRecord } from '../state';
import type { AnalysisMode } from '../types';

type Obj = Record<string, unknown>;

const FAIL_ITEMS_CODE = 'asset_unavailable';
const FAIL_ITEMS_MESSAGE = 'The asset could not be read.';
/** Results lines written before yielding to the event loop. */
const LINES_PER_TICK = 64;

function findBatch(ctx: RouteContext): BatchRecord {
	sweepBatches(ctx.env.state, ctx.env.clock.now());
	const id = ctx.params.batch_id;
	const record = ctx.env.state.batches.get(id);
	if (!record) throw new ApiError(404, 'resource_not_exist', `The batch ${id} does not exist.`);
	return record;
}

function asList(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	return Array.isArray(value) ? value.map(String) : [String(value)];
}

export const batchRoutes: RouteDef[] = [
	{
		method: 'POST',
		path: '/analyze/batches',
		errors: 'nested',
		async handle({ body, env, fault, reply }) {
			const request = (body ?? {}) as Obj;
			const { state, clock } = env;
			const items = checkBatch(request, state);
			sweepBatches(state, clock.now());
			if (activeBatchCount(state, clock.now()) >= MAX_ACTIVE_BATCHES) {
				throw new ApiError(
					429,
					'too_many_active_batches',
					`You already have ${MAX_ACTIVE_BATCHES} active batches (pending, processing or canceling). Wait until one finishes, or cancel one, then retry.`,
				);
			}
			const failing = fault?.kind === 'fail-items' ? fault : undefined;
			const batch: BatchRecord = {
				id: newId(),
				createdAt: clock.now(),
				order: state.nextOrder(),
				analysisMode: request.analysis_mode as AnalysisMode,
				modelName: String(request.model_name),
				taskIds: [],
			};
			for (const item of items) {
				const task = state.createTask({
					customId: item.customId,
					analysisMode: item.checked.mode,
					videoSource: item.checked.video.source,
					requestParams: requestParams(item.body, item.checked.mode, item.checked.maxTokens),
					result: analysisResult(item.body, item.checked, false),
				});
				task.batchId = batch.id;
				task.expiresAt = batch.createdAt + BATCH_EXPIRY_MS;
				const fails =
					failing &&
					((item.customId !== null && failing.customIds?.includes(item.customId)) || failing.assetIds?.includes(item.assetId));
				if (fails) {
					state.setTaskOutcome(task.id, 'failed', { message: failing.message ?? FAIL_ITEMS_MESSAGE });
					task.errorCode = failing.code === null ? undefined : (failing.code ?? FAIL_ITEMS_CODE);
				}
				batch.taskIds.push(task.id);
			}
			state.batches.set(batch.id, batch);
			const wire = batchToWire(state, batch);
			await reply.json(201, {
				batch_id: batch.id,
				status: wire.status,
				total_items: wire.total_items,
				created_at: wire.created_at,
				expires_at: wire.expires_at,
				items: batch.taskIds.map((taskId, i) => ({ task_id: taskId, custom_id: items[i].customId })),
			});
		},
	},
	{
		method: 'GET',
		path: '/analyze/batches',
		errors: 'nested',
		async handle({ query, env, reply }) {
			const { page, limit } = pageParams(query);
			const { state, clock } = env;
			sweepBatches(state, clock.now());
			const statuses = asList(query.status);
			const modes = asList(query.analysis_mode);
			const matching = sortedBatches(state).filter(
				(b) =>
					(statuses === undefined || statuses.includes(batchStatus(state, b, clock.now()).status)) &&
					(modes === undefined || modes.includes(b.analysisMode)),
			);
			const result = paginate(matching, page, limit);
			await reply.json(200, { data: result.data.map((b) => batchToWire(state, b)), page_info: result.page_info });
		},
	},
	{
		method: 'GET',
		path: '/analyze/batches/{batch_id}',
		errors: 'nested',
		async handle(ctx) {
			await ctx.reply.json(200, batchToWire(ctx.env.state, findBatch(ctx)));
		},
	},
	{
		method: 'GET',
		path: '/analyze/batches/{batch_id}/results',
		errors: 'nested',
		async handle(ctx) {
			const { env, fault } = ctx;
			const batch = findBatch(ctx);
			const tasks = batchTasks(env.state, batch);
			const contentType = fault?.kind === 'content-type' ? fault.contentType : env.options.batchResultsContentType;
			const cutAt = fault?.kind === 'cut-stream' || fault?.kind === 'malformed-line' ? Math.min(fault.afterEvents, tasks.length) : -1;
			const writer = await ctx.reply.startStream(200, contentType);
			// One line at a time, in request order, never the whole body in memory.
			for (let i = 0; i <= tasks.length; i++) {
				if (i === cutAt && fault?.kind === 'cut-stream') {
					writer.destroy();
					return;
				}
				if (i === cutAt && fault?.kind === 'malformed-line') await writer.line(MALFORMED_LINE);
				if (i === tasks.length) break;
				const line = resultLine(env.state, tasks[i]);
				for (const message of env.spec.validateComponent('BatchResultItem', line)) {
					env.violation(`emulator results line of /analyze/batches/{batch_id}/results breaks the spec: ${message}`);
				}
				// Before a cut every line leaves on its own, so the client sees exactly afterEvents lines.
				await writer.line(JSON.stringify(line), cutAt >= 0 || (i + 1) % LINES_PER_TICK === 0);
			}
			writer.end();
		},
	},
	{
		method: 'POST',
		path: '/analyze/batches/{batch_id}/cancel',
		errors: 'nested',
		async handle(ctx) {
			const { state, clock } = ctx.env;
			const batch = findBatch(ctx);
			const { status } = batchStatus(state, batch, clock.now());
			if (isTerminalBatch(status)) {
				throw new ApiError(409, `batch_${status}`, `The batch ${batch.id} is already ${status} and cannot be canceled.`);
			}
			if (status !== 'canceling') cancelBatch(state, batch, clock.now());
			await ctx.reply.json(202, batchToWire(state, batch));
		},
	},
	{
		method: 'DELETE',
		path: '/analyze/batches/{batch_id}',
		errors: 'nested',
		async handle(ctx) {
			const { state, clock } = ctx.env;
			const batch = findBatch(ctx);
			const { status } = batchStatus(state, batch, clock.now());
			if (!isTerminalBatch(status)) {
				throw new ApiError(
					409,
					'batch_not_terminal',
					`The batch ${batch.id} is ${status}; only a completed, canceled or expired batch can be deleted. Cancel it and wait until it is canceled.`,
				);
			}
			deleteBatch(state, batch);
			await ctx.reply.empty(200);
		},
	},
];
