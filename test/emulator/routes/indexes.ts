/** GET /indexes: one emulated index, enough for credential tests and pickers. */
import { newId } from '../ids';
import { type RouteDef, paginate, pageParams } from '../http';

const INDEX_ID = newId();

export const indexRoutes: RouteDef[] = [
	{
		method: 'GET',
		path: '/indexes',
		errors: 'flat',
		async handle({ query, env, reply }) {
			const { page, limit } = pageParams(query);
			const created = env.clock.iso(env.state.indexCreatedAt);
			const index = {
				_id: INDEX_ID,
				index_name: 'emulator-index',
				created_at: created,
				updated_at: created,
				total_duration: 0,
				video_count: 0,
				models: [{ model_name: 'pegasus1.2', model_options: ['visual', 'audio'] }],
				addons: [],
			};
			const name = typeof query.index_name === 'string' ? query.index_name : undefined;
			const all = name === undefined || index.index_name.includes(name) ? [index] : [];
			await reply.json(200, paginate(all, page, limit));
		},
	},
];
