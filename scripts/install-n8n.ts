/**
 * Installs the pinned n8n runtimes into .n8n-runtime/ (reused when already there).
 *   npx ts-node --transpile-only scripts/install-n8n.ts [current|previous-major|all]
 */
import { ensureN8n, seconds } from './lib/runtime';
import { RUNTIMES } from './lib/versions';

async function main(): Promise<void> {
	const which = process.argv[2] ?? 'all';
	const specs = RUNTIMES.filter((spec) => which === 'all' || spec.name === which);
	if (specs.length === 0) throw new Error(`unknown runtime "${which}" (use ${RUNTIMES.map((s) => s.name).join(', ')} or all)`);
	const started = Date.now();
	// In parallel: downloads and compiling overlap well on two cores.
	// allSettled: one failing install must not cut another one short.
	const results = await Promise.allSettled(specs.map((spec) => ensureN8n(spec)));
	let failed = 0;
	results.forEach((result, index) => {
		if (result.status === 'fulfilled') {
			process.stdout.write(`n8n ${result.value.spec.n8nVersion} on Node ${result.value.node.version}: ${result.value.n8nBin}\n`);
		} else {
			failed += 1;
			const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
			process.stderr.write(`n8n ${specs[index].n8nVersion} failed to install: ${reason}\n`);
		}
	});
	process.stdout.write(`${failed ? 'failed' : 'ready'} after ${seconds(started)}\n`);
	if (failed) process.exit(1);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
