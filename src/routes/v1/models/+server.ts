import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { listLocalModels } from '$lib/server/asr';

/** OpenAI-compatible model list: `whisper-1` (the configured default) and every local model. */
export const GET: RequestHandler = ({ locals: { ctx } }) => {
	const created = Math.floor(ctx.startedAt.getTime() / 1000);
	const model = (id: string) => ({ id, object: 'model', created, owned_by: 'meetingscribe' });
	return json({
		object: 'list',
		data: [model('whisper-1'), ...listLocalModels(ctx.config.MODELS_DIR).map((m) => model(m.id))],
	});
};
