
import { parseErrorBody, twelveLabsApiError } from '../../nodes/TwelveLabs/transport/apiError';
import { nodeNamed } from '../support/nodeStub';

const node = nodeNamed('TwelveLabs Asset');

describe('TwelveLabs error bodies', () => {
	it('reads the flat shape', () => {
		expect(parseErrorBody({ code: 'parameter_invalid', message: 'bad page', docs_url: 'https://d' })).toEqual({
			code: 'parameter_invalid',
			message: 'bad page',
			docsUrl: 'https://d',
		});
	});

	it('reads the nested shape, also as a JSON string or Buffer', () => {
		const nested = { error: { code: 'resource_not_exist', message: 'No task' } };
		expect(parseErrorBody(nested)).toMatchObject({ code: 'resource_not_exist', message: 'No task' });
		expect(parseErrorBody(JSON.stringify(nested))).toMatchObject({ code: 'resource_not_exist' });
		expect(parseErrorBody(Buffer.from(JSON.stringify(nested)))).toMatchObject({ message: 'No task' });
	});

	it('accepts empty and non-JSON bodies', () => {
		expect(parseErrorBody('')).toEqual({});
		expect(parseErrorBody(undefined)).toEqual({});
		expect(parseErrorBody('<html>Bad gateway</html>')).toEqual({ message: '<html>Bad gateway</html>' });
	});

	it('reads an empty 429 as rate limited', () => {
		const error = twelveLabsApiError(node, { status: 429, body: '', route: 'POST /analyze', retryAfterMs: 2000 });
		expect(error.message).toBe('TwelveLabs: Rate limited by TwelveLabs [too_many_requests]');
		expect(error.httpCode).toBe('429');
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 2000 });
	});

	it("carries TwelveLabs' code and message, the status, the item and the hint", () => {
		const error = twelveLabsApiError(node, {
			status: 409,
			body: { error: { code: 'task_cannot_be_deleted', message: 'Task is processing' } },
			route: 'DELETE /analyze/tasks/t1',
			itemIndex: 3,
			hint: 'Cancel it or wait.',
		});
		expect(error.message).toBe('TwelveLabs: Task is processing [task_cannot_be_deleted]');
		expect(error.description).toContain('Cancel it or wait.');
		expect(error.description).toContain('HTTP 409 from DELETE /analyze/tasks/t1');
		expect(error.context.itemIndex).toBe(3);
		expect(error.context.twelveLabsCode).toBe('task_cannot_be_deleted');
	});

	it('never shows the API key, even if the server echoes it', () => {
		const error = twelveLabsApiError(node, {
			status: 401,
			body: { code: 'api_key_invalid', message: 'Key tlk_SECRET123 is not valid' },
			route: 'GET /assets',
			secrets: ['tlk_SECRET123'],
		});
		expect(JSON.stringify({ m: error.message, d: error.description, c: error.context })).not.toContain('tlk_SECRET123');
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
	});
});
