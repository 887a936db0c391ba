import { audioArea } from './audio';
import { authArea, keysArea } from './auth';
import { filesArea } from './files';
import { modelsArea } from './models';
import { openAiArea } from './openai';
import { realtime } from './realtime';
import { rootArea } from './root';
import { searchArea } from './search';
import type { ApiArea } from './spec';
import { systemArea } from './system';
import { transcriptionArea } from './transcription';
import { workersArea } from './workers';

/**
 * Every documented API area. A new route is documented by declaring its operation in its area's
 * file (or a new area file listed here); test/unit/openapi.test.ts fails for a route without one.
 */
export const AREAS: ApiArea[] = [
	rootArea,
	audioArea,
	transcriptionArea,
	modelsArea,
	filesArea,
	searchArea,
	openAiArea,
	systemArea,
	keysArea,
	authArea,
	workersArea,
];

export { realtime };

/** Routes deliberately left out of the document, each with the reason. */
export const UNDOCUMENTED_ROUTES: Record<string, string> = {
	'GET /api/v1/debug/fault': 'test-only (MEETINGSCRIBE_TEST_FAULTS); 404 otherwise',
};
