/**
 * Webhook notifications already handled, per trigger node, for a little longer than a signature
 * stays valid: TwelveLabs retries a delivery it thinks failed, and a captured request could be
 * replayed within the signature's window. Both are answered 200 and emit nothing the second time.
 */
import type { IDataObject } from 'n8n-workflow';

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

/**
 * The same log in the node's workflow static data, so a repeat reaching another n8n process, or
 * this one after a restart, can be recognised too. n8n 2.40 reads the static data from its
 * database for each production webhook request and writes it back after answering when the node
 * changed it (live-webhooks.js), but as a whole (the last writer wins) and with no lock: two
 * copies arriving at the same moment at two processes can both pass. The workflow-level Remove
 * Duplicates step closes that (see the node's notice).
 */
const MAX_STORED = 1_000;

type StoredLog = Record<string, number>;

function storedLogOf(staticData: IDataObject, nowMs: number): StoredLog {
	const raw = staticData.handledNotifications;
	const log: StoredLog = {};
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return log;
	for (const [id, expiresAtMs] of Object.entries(raw)) {
		if (typeof expiresAtMs === 'number' && expiresAtMs > nowMs) log[id] = expiresAtMs;
	}
	return log;
}

export function wasStoredAsHandled(staticData: IDataObject, notificationId: string, nowMs: number): boolean {
	return storedLogOf(staticData, nowMs)[notificationId] !== undefined;
}

/** Records a notification in the static data (a new object each time, so n8n sees the change and saves it). */
export function storeHandled(staticData: IDataObject, notificationId: string, nowMs: number, keepMs: number): void {
	const log = storedLogOf(staticData, nowMs);
	delete log[notificationId];
	log[notificationId] = nowMs + keepMs;
	const ids = Object.keys(log);
	for (const oldest of ids.slice(0, Math.max(0, ids.length - MAX_STORED))) delete log[oldest];
	staticData.handledNotifications = log;
}

/** Handling failed: removed again (n8n does not save static data after a failed webhook call anyway). */
export function forgetStored(staticData: IDataObject, notificationId: string): void {
	const raw = staticData.handledNotifications;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(notificationId in raw)) return;
	const log = { ...(raw as StoredLog) };
	delete log[notificationId];
	staticData.handledNotifications = log;
}
