import type { EmulatorClock } from './types';

/** 2026-01-01T00:00:00Z: where the manual clock starts. */
export const MANUAL_CLOCK_START = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The emulated clock. Manual: moves only by advance(). Realtime: Date.now() plus whatever advance() added. */
export class Clock implements EmulatorClock {
	private offset = 0;

	constructor(private readonly mode: 'manual' | 'realtime') {}

	now(): number {
		return (this.mode === 'manual' ? MANUAL_CLOCK_START : Date.now()) + this.offset;
	}

	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance(${ms}): ms must be a finite number >= 0`);
		this.offset += ms;
	}

	reset(): void {
		this.offset = 0;
	}

	iso(ms: number = this.now()): string {
		return new Date(ms).toISOString();
	}
}
