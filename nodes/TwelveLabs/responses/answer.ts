import type { IDataObject } from 'n8n-workflow';

/** What Pegasus generated, shaped for an n8n item. */
export interface ParsedAnswer {
	text: string;
	/** The parsed JSON, when a JSON schema (or segmentation) was asked for and the text parsed. */
	data?: unknown;
	finishReason?: string;
	/** True when generation stopped at the token limit: the text is cut off. */
	truncated: boolean;
	/** Said plainly on the item when something is wrong with the answer. */
	warning?: string;
}

/**
 * Reads the generated text. With structured output it is JSON; when generation hit the
 * token limit that JSON is incomplete, so it is reported and not parsed into garbage.
 */
export function parseAnswer(text: string, options: { structured: boolean; finishReason?: string }): ParsedAnswer {
	const truncated = options.finishReason === 'length';
	const answer: ParsedAnswer = { text, finishReason: options.finishReason, truncated };
	if (!options.structured) {
		if (truncated) answer.warning = 'The answer was cut off at the token limit. Raise Max Tokens for the full answer.';
		return answer;
	}
	try {
		answer.data = JSON.parse(text);
		if (truncated) answer.warning = 'Generation stopped at the token limit, but the JSON parsed. Check it is complete, or raise Max Tokens.';
	} catch {
		answer.warning = truncated
			? 'The answer was cut off at the token limit, so its JSON is incomplete and was not parsed. Raise Max Tokens and run again.'
			: 'The answer was expected to be JSON but is not valid JSON; it is given as text only.';
	}
	return answer;
}

/** The usual n8n fields of an answer: `text`, `data` when parsed, and the warning if any. */
export function answerFields(answer: ParsedAnswer): IDataObject {
	return {
		text: answer.text,
		...(answer.data !== undefined ? { data: answer.data as IDataObject } : {}),
		finishReason: answer.finishReason ?? null,
		truncated: answer.truncated,
		...(answer.warning ? { warning: answer.warning } : {}),
	};
}
