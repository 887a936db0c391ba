import { z } from 'zod';
import { timestampSchema } from './api';

/**
 * Live transcription on the /transcription namespace. A client joins a session's room with
 * `live:subscribe {session_id}` (ack `{ok}`), then receives `live_segment` as speech is
 * transcribed and `live_status` about once a second while the session records.
 */
export const liveSubscribeSchema = z.object({ session_id: z.string().min(1).max(100) });
export type LiveSubscribe = z.infer<typeof liveSubscribeSchema>;

export const liveSegmentSchema = z.object({
	session_id: z.string(),
	/** `<channel>-<n>`: the partials of an utterance and its final share it (replace by id). */
	segment_id: z.string(),
	/** 0 microphone, 1 tab audio. */
	channel: z.number().int().nonnegative(),
	speaker: z.string(),
	/**
	 * Finals with voice diarization: the voice within the channel (`tab-2`), provisional; the
	 * final may be sent again with another speaker as more voices are heard (replace by id).
	 */
	speaker_id: z.string().optional(),
	/** Seconds on the recording's timeline (sample index / 16000). */
	start: z.number().nonnegative(),
	end: z.number().nonnegative(),
	text: z.string(),
	/** False: a hypothesis for the utterance in progress, replaced by later ones and the final. */
	final: z.boolean(),
});
export type LiveSegment = z.infer<typeof liveSegmentSchema>;

/** Why live transcription is not producing text (a missing model, an engine failure). */
export const liveProblemSchema = z.object({
	/** An error code from the catalogue, e.g. MODEL_UNAVAILABLE. */
	code: z.string(),
	message: z.string(),
});
export type LiveProblem = z.infer<typeof liveProblemSchema>;

export const liveStatusSchema = z.object({
	session_id: z.string(),
	/**
	 * `catching_up`: audio arrived faster than it could be transcribed, and some was skipped
	 * (it is recorded; the transcript of the recorded file covers it when the session ends).
	 */
	state: z.enum(['live', 'catching_up', 'finishing', 'done']),
	/** Seconds of recorded audio the live transcript skipped to catch up. */
	skipped_seconds: z.number().nonnegative().optional(),
	/** Seconds of received audio not transcribed yet. */
	lag_seconds: z.number().nonnegative(),
	/** Partial hypotheses skipped because the engine was busy. */
	partials_dropped: z.number().int().nonnegative(),
	/** Set with state `done`: the session's transcript (kind `live`), when one was stored. */
	transcription_id: z.string().nullable().optional(),
	/** Set with state `done`: the recording in the library. */
	audio_file_id: z.string().nullable().optional(),
	/** Set with state `done`: a refine job was queued; a `refined` transcript will follow. */
	refining: z.boolean().optional(),
	/** Why no text is coming, while that lasts; null or absent when all is well. */
	problem: liveProblemSchema.nullable().optional(),
	timestamp: timestampSchema,
});
export type LiveStatus = z.infer<typeof liveStatusSchema>;

export const liveSubscribeAckSchema = z.discriminatedUnion('ok', [
	z.object({ ok: z.literal(true) }),
	z.object({ ok: z.literal(false), message: z.string() }),
]);
export type LiveSubscribeAck = z.infer<typeof liveSubscribeAckSchema>;

export interface LiveServerEvents {
	live_segment: (s: LiveSegment) => void;
	live_status: (s: LiveStatus) => void;
}
export interface LiveClientEvents {
	'live:subscribe': (req: LiveSubscribe, ack?: (a: LiveSubscribeAck) => void) => void;
}
