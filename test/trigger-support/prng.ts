/** A small seeded PRNG (mulberry32) so randomized tests replay exactly. */
export interface Prng {
	/** [0, 1) */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(values: readonly T[]): T;
}

export function prng(seed: number): Prng {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: (values) => values[Math.floor(next() * values.length)],
	};
}
