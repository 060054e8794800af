import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface TwelveLabsErrorBody {
	code?: string;
	message?: string;
	docsUrl?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * TwelveLabs answers errors as `{code, message}` on most routes and as
 * `{error: {code, message}}` on others (see the API notes); some 429s have no body at all.
 */
export function parseErrorBody(body: unknown): TwelveLabsErrorBody {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		const text = value.trim();
		if (!text) return {};
		try {
			value = JSON.parse(text);
		} catch {
			return { message: text.slice(0, 500) };
		}
	}
	if (!isRecord(value)) return {};
	const source = isRecord(value.error) ? value.error : value;
	return {
		code: stringOrUndefined(source.code),
		message: stringOrUndefined(source.message),
		docsUrl: stringOrUndefined(source.docs_url) ?? stringOrUndefined(value.docs_url),
	};
}

const STATUS_FALLBACKS: Record<number, string> = {
	400: 'The request was not accepted',
	401: 'The API key was rejected',
	403: 'Access denied',
	404: 'Not found',
	408: 'The request timed out',
	409: 'Conflict with the current state of the resource',
	422: 'The request could not be processed',
	429: 'Rate limited by TwelveLabs',
	500: 'TwelveLabs had an internal error',
	502: 'TwelveLabs is unreachable (bad gateway)',
	503: 'TwelveLabs is temporarily unavailable',
	504: 'TwelveLabs did not answer in time (gateway timeout)',
};

function failureFor(status: number, retryAfterMs: number | undefined): NodeApiErrorFailure | undefined {
	if (status === 429) return { cause: 'rate-limited', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
	if (status === 401) return { cause: 'credential-invalid' };
	if (status === 408 || status >= 500) return { cause: 'temporarily-unavailable' };
	return undefined;
}

type NodeApiErrorFailure = NonNullable<ConstructorParameters<typeof NodeApiError>[2]>['failure'];

export interface ApiErrorDetails {
	status: number;
	body: unknown;
	itemIndex?: number;
	/** Where the request went, for the error's description (no query, no secrets). */
	route: string;
	retryAfterMs?: number;
	/** A sentence that tells the user what to do, for statuses where the node knows it. */
	hint?: string;
	/** Text that must never be shown (the API key). */
	secrets?: string[];
}

export function redact(text: string, secrets: string[] | undefined): string {
	let out = text;
	for (const secret of secrets ?? []) {
		if (secret && secret.length >= 4) out = out.split(secret).join('<redacted>');
	}
	return out;
}

/** An HTTP error answered by TwelveLabs, as n8n shows API errors. */
export function twelveLabsApiError(node: INode, details: ApiErrorDetails): NodeApiError {
	const parsed = parseErrorBody(details.body);
	const fallback = STATUS_FALLBACKS[details.status] ?? `HTTP ${details.status}`;
	const apiMessage = redact(parsed.message ?? fallback, details.secrets);
	const code = parsed.code ?? (details.status === 429 ? 'too_many_requests' : undefined);
	const message = `TwelveLabs: ${apiMessage}${code ? ` [${code}]` : ''}`;
	const descriptionParts = [
		details.hint,
		`HTTP ${details.status} from ${details.route}.`,
		parsed.docsUrl ? `See ${parsed.docsUrl}` : undefined,
	].filter((part): part is string => Boolean(part));
	const errorResponse: JsonObject = {
		httpCode: String(details.status),
		message: apiMessage,
		...(code ? { code } : {}),
	};
	const error = new NodeApiError(node, errorResponse, {
		message,
		description: descriptionParts.join(' '),
		httpCode: String(details.status),
		itemIndex: details.itemIndex,
		failure: failureFor(details.status, details.retryAfterMs),
	});
	// Kept for nodes that branch on the API's own code (e.g. a 409 on delete).
	error.context.twelveLabsCode = code ?? null;
	return error;
}
