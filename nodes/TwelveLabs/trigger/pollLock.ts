/**
 * One poll at a time per trigger node in this n8n process. n8n starts a poll on every tick of
 * each Poll Times entry without waiting for the previous one, and two polls started from the same
 * state would emit the same finished tasks. A poll that finds another one running skips its turn
 * (it reads nothing and changes nothing); the next tick catches up.
 */
const running = new Map<string, number>();

/**
 * Takes the lock for `key` and returns its release, or undefined when another poll holds it.
 * A lock older than `staleAfterMs` belongs to a poll n8n abandoned, and is taken over.
 */
export function tryLockPoll(key: string, nowMs: number, staleAfterMs: number): (() => void) | undefined {
	const since = running.get(key);
	if (since !== undefined && nowMs - since < staleAfterMs) return undefined;
	running.set(key, nowMs);
	return () => {
		if (running.get(key) === nowMs) running.delete(key);
	};
}
