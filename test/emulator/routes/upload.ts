import type { RouteDef } from '../http';

export const uploadRoute: RouteDef = {
	method: 'PUT',
	path: '/_upload/{upload_id}/{chunk_index}',
	errors: 'flat',
	streamBody: true,
	async handle({ reply }) {
		await reply.empty(404);
	},
};
