/**
 * Runs the emulator by hand:
 *   npx ts-node --transpile-only test/emulator/cli.ts [--port 5679] [--api-key KEY] [--realtime] [--latency MS]
 *     [--rate-limit N [--rate-window SECONDS] [--rate-headers v1.2|v1.3|both|none]] [--batch-results-type application/json]
 * Prints the base URL; Ctrl+C stops it. Spec violations are printed as they happen.
 */
import { type EmulatorOptions, type RateLimitHeaderStyle, startEmulator } from './index';

function parseArgs(argv: string[]): EmulatorOptions {
	const options: EmulatorOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = (): string => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		switch (arg) {
			case '--port':
				options.port = Number(value());
				break;
			case '--api-key':
				options.apiKey = value();
				break;
			case '--realtime':
				options.clock = 'realtime';
				break;
			case '--latency':
				options.latencyMs = Number(value());
				break;
			case '--rate-limit':
				options.rateLimit = { ...options.rateLimit, requests: Number(value()) };
				break;
			case '--rate-window':
				options.rateLimit = { requests: 0, ...options.rateLimit, windowMs: Number(value()) * 1000 };
				break;
			case '--rate-headers':
				options.rateLimit = { requests: 0, ...options.rateLimit, headers: value() as RateLimitHeaderStyle };
				break;
			case '--batch-results-type':
				options.batchResultsContentType = value();
				break;
			case '--no-cancel':
				options.extensions = { cancel: false };
				break;
			case '--help':
			case '-h':
				process.stdout.write(
					'Usage: cli.ts [--port N] [--api-key KEY] [--realtime] [--latency MS] [--no-cancel] [--batch-results-type TYPE]\n' +
						'             [--rate-limit N [--rate-window SECONDS] [--rate-headers v1.2|v1.3|both|none]]\n' +
						'  --rate-limit  answer 429 past N requests per window (default window 60 s)\n' +
						'  --realtime  tasks and assets progress with wall-clock time (default: manual clock, which never moves here)\n',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg} (try --help)`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const emulator = await startEmulator(options);
	process.stdout.write(`TwelveLabs emulator listening: ${emulator.baseUrl}\n`);
	process.stdout.write(`x-api-key: ${emulator.apiKey}\n`);
	if (options.clock !== 'realtime') process.stdout.write('(manual clock: tasks stay queued and assets processing; use --realtime)\n');
	let seen = 0;
	const timer = setInterval(() => {
		while (seen < emulator.violations.length) process.stderr.write(`spec violation: ${emulator.violations[seen++]}\n`);
	}, 250);
	const stop = (): void => {
		clearInterval(timer);
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
