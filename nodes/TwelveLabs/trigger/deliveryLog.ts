/**
 * Webhook notifications already handled, per trigger node, for a little longer than a signature
 * stays valid: TwelveLabs retries a delivery it thinks failed, and a captured request could be
 * replayed within the signature's window. Both are answered 200 and emit nothing the second time.
 */
const MAX_PER_NODE = 5_000;

const handled = new Map<string, Map<string, number>>();

function entriesOf(key: string, nowMs: number): Map<string, number> {
	let entries = handled.get(key);
	if (!entries) {
		entries = new Map();
		handled.set(key, entries);
	}
	for (const [id, expiresAtMs] of entries) {
		if (expiresAtMs > nowMs) break;
		entries.delete(id);
	}
	return entries;
}

export function wasHandled(key: string, notificationId: string, nowMs: number): boolean {
	const expiresAtMs = entriesOf(key, nowMs).get(notificationId);
	return expiresAtMs !== undefined && expiresAtMs > nowMs;
}

/** Marks a notification handled from now; keepMs must be the same for every call (expiry follows insertion order). */
export function markHandled(key: string, notificationId: string, nowMs: number, keepMs: number): void {
	const entries = entriesOf(key, nowMs);
	entries.delete(notificationId);
	entries.set(notificationId, nowMs + keepMs);
	while (entries.size > MAX_PER_NODE) {
		const oldest = entries.keys().next().value;
		if (oldest === undefined) break;
		entries.delete(oldest);
	}
}

/** Handling failed (the delivery will be retried): the notification may be handled again. */
export function forgetHandled(key: string, notificationId: string): void {
	handled.get(key)?.delete(notificationId);
}
