/** Inline (base64) media TwelveLabs accepts: videos and reference images up to 30 MB. */
export const MAX_BASE64_BYTES = 30 * 1024 * 1024;

/** Direct asset uploads (multipart form) accept files up to 200 MB. */
export const MAX_DIRECT_UPLOAD_BYTES = 200 * 1024 * 1024;

/** The multipart-upload flow accepts files up to 10 GB. */
export const MAX_MULTIPART_UPLOAD_BYTES = 10 * 1000 * 1000 * 1000;

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
	if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} bytes`;
}
