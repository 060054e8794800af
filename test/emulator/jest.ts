/**
 * Jest helper: one emulator per test file, reset before each test, and a test fails when the
 * emulator saw a spec violation during it.
 *
 *   const emulator = useEmulator();
 *   it('...', async () => { await fetch(`${emulator().baseUrl}/indexes`, ...); });
 *   // or emulator.current
 */
import { type Emulator, type EmulatorOptions, startEmulator } from './index';

export interface EmulatorHolder {
	(): Emulator;
	readonly current: Emulator;
}

export function useEmulator(options?: EmulatorOptions): EmulatorHolder {
	let emulator: Emulator | undefined;
	const get = (): Emulator => {
		if (!emulator) throw new Error('useEmulator: the emulator is not running (use it inside a test or hook)');
		return emulator;
	};
	const holder = get as EmulatorHolder;
	Object.defineProperty(holder, 'current', { get });

	beforeAll(async () => {
		emulator = await startEmulator(options);
	});
	beforeEach(() => {
		get().reset();
	});
	afterEach(() => {
		const violations = emulator ? [...emulator.violations] : [];
		if (violations.length > 0) {
			emulator?.violations.splice(0);
			throw new Error(`The TwelveLabs emulator saw ${violations.length} spec violation(s):\n- ${violations.join('\n- ')}`);
		}
	});
	afterAll(async () => {
		await emulator?.close();
		emulator = undefined;
	});
	return holder;
}
