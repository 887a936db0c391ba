import type { RequestHandler } from './$types';
import { handleOpenAiAudio } from '$lib/server/openai';

/** OpenAI-compatible: `client.audio.transcriptions.create(...)` with baseURL at this server. */
export const POST: RequestHandler = ({ locals, request }) =>
	handleOpenAiAudio(locals.ctx.openai, request, 'transcribe');
