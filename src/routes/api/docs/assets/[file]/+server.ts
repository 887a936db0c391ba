import type { RequestHandler } from './$types';
import { docsAsset } from '$lib/server/transport/api-docs';
import { NotFoundError } from '$lib/server/infra/errors';

export const GET: RequestHandler = ({ params }) => {
	const response = docsAsset(params.file);
	if (!response) throw new NotFoundError('Documentation file', params.file);
	return response;
};
