import type { LayoutServerLoad } from './$types';

/** The language chosen for this request (hooks.server.ts), so pages render in it on the server. */
export const load: LayoutServerLoad = ({ locals }) => ({ locale: locals.locale });
