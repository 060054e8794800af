/*
 * TwelveLabs documents these limits in MB without saying whether 1 MB is 10^6 or 2^20 bytes.
 * The node keeps to the decimal reading, the smaller one, which the live API cannot refuse.
 */

/** Inline (base64) media TwelveLabs accepts: videos and reference images up to 30 MB. */
export const MAX_BASE64_BYTES = 30 * 1000 * 1000;

/** Direct asset uploads (multipart form) accept files up to 200 MB. */
export const MAX_DIRECT_UPLOAD_BYTES = 200 * 1000 * 1000;

/** The multipart-upload flow accepts files up to 10 GB. */
export const MAX_MULTIPART_UPLOAD_BYTES = 10 * 1000 * 1000 * 1000;

/** A documented limit as the documents say it, with the exact bytes: "30 MB (30,000,000 bytes)". */
export function formatLimit(bytes: number): string {
	return `${bytes / 1000 / 1000} MB (${bytes.toLocaleString('en-US')} bytes)`;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
	if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} bytes`;
}
