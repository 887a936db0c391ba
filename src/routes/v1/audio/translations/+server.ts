import type { RequestHandler } from './$types';
import { handleOpenAiAudio } from '$lib/server/openai';

/** OpenAI-compatible: translates speech in any language into English text. */
export const POST: RequestHandler = ({ locals, request }) =>
	handleOpenAiAudio(locals.ctx.openai, request, 'translate');
