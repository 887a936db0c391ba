import { isSafeId } from '../../../contracts/ids';
import { liveSubscribeSchema, type LiveSubscribeAck } from '../../../contracts/live';
import type { LiveTranscriptionService } from '../../live';
import { sessionRoom, type Realtime } from './types';

/**
 * `live:subscribe {session_id}` on /transcription joins the session's room, where its live
 * segments and status go. Joining a room reveals nothing by itself (the socket is already
 * authenticated), so an unknown id is accepted: the session may start a moment later. A client
 * that joins mid-session (a reloaded page) first gets the finals so far.
 */
export function registerLiveHandlers(
	nsp: Realtime['transcription'],
	live: LiveTranscriptionService,
): void {
	nsp.on('connection', (socket) => {
		socket.on('live:subscribe', (...args: unknown[]) => {
			const last = args.at(-1);
			const ack = typeof last === 'function' ? (last as (a: LiveSubscribeAck) => void) : undefined;
			const parsed = liveSubscribeSchema.safeParse(args[0]);
			if (!parsed.success || !isSafeId(parsed.data.session_id)) {
				ack?.({ ok: false, message: 'live:subscribe needs {session_id} as the API returned it' });
				return;
			}
			void socket.join(sessionRoom(parsed.data.session_id));
			ack?.({ ok: true });
			for (const segment of live.segments(parsed.data.session_id)) {
				socket.emit('live_segment', segment);
			}
		});
	});
}
