import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '$lib/contracts/events';
import {
	liveSegmentSchema,
	liveStatusSchema,
	type LiveProblem,
	type LiveSegment,
	type LiveStatus,
} from '$lib/contracts/live';
import { transcriptJsonSchema } from '$lib/contracts/transcript-json';
import { transcriptionListSchema } from '$lib/contracts/files';

/** Which transcript the page shows: the live one, or the refine pass that replaced it. */
export type TranscriptVersion = 'live' | 'refined';

/**
 * The live transcript of one recording session, from the /transcription namespace: partials
 * replaced by newer ones and by their final (same segment_id), the engine's lag, and once the
 * recording is stored, the refined transcript when a refine pass was configured.
 */
export class LiveFeed {
	segments: LiveSegment[] = $state([]);
	lag = $state(0);
	state: LiveStatus['state'] = $state('live');
	/** Seconds the live transcript skipped to catch up (the recorded file's transcript has them). */
	skipped = $state(0);
	version: TranscriptVersion = $state('live');
	refining = $state(false);
	/** Why no text is coming (a missing model…), while that lasts. */
	problem: LiveProblem | null = $state(null);
	/** Once done: whether a live transcript was stored. */
	stored: boolean | null = $state(null);
	private socket: Socket;
	private audioFileId: string | null = null;

	constructor(readonly sessionId: string) {
		this.socket = io('/transcription', { path: SOCKET_PATH, transports: ['websocket', 'polling'] });
		// Joined again on every (re)connect: rooms do not survive a new connection.
		this.socket.on('connect', () => this.socket.emit('live:subscribe', { session_id: sessionId }));
		this.socket.on('live_segment', (raw: unknown) => {
			const s = liveSegmentSchema.safeParse(raw);
			if (s.success && s.data.session_id === sessionId && this.version === 'live') this.put(s.data);
		});
		this.socket.on('live_status', (raw: unknown) => {
			const st = liveStatusSchema.safeParse(raw);
			if (!st.success || st.data.session_id !== sessionId) return;
			this.lag = st.data.lag_seconds;
			this.state = st.data.state;
			this.skipped = st.data.skipped_seconds ?? 0;
			if (st.data.problem !== undefined) this.problem = st.data.problem;
			if (st.data.state === 'done') {
				this.audioFileId = st.data.audio_file_id ?? null;
				this.refining = st.data.refining ?? false;
				this.stored = Boolean(st.data.transcription_id);
			}
		});
		// Explicitly: a socket sharing the capture link's manager inherits its autoConnect: false.
		this.socket.connect();
		// A refine job finishing shows up as a job update; then look for this recording's result.
		this.socket.on('transcription_update', (u: { data?: { status?: string } }) => {
			if (this.refining && u.data?.status === 'completed') void this.loadRefined();
		});
	}

	close(): void {
		this.socket.close();
	}

	private put(s: LiveSegment): void {
		const rest = this.segments.filter((x) => x.segment_id !== s.segment_id);
		rest.push(s);
		this.segments = rest.sort((a, b) => a.start - b.start || a.channel - b.channel);
	}

	private async loadRefined(): Promise<void> {
		if (!this.audioFileId) return;
		const list = transcriptionListSchema.safeParse(
			await (await fetch('/api/v1/files/transcriptions?page_size=100')).json(),
		);
		const refined = list.success
			? list.data.transcriptions.find(
					(t) => t.audio_file_id === this.audioFileId && t.kind === 'refined',
				)
			: undefined;
		if (!refined) return;
		const doc = transcriptJsonSchema.safeParse(
			await (await fetch(`/api/v1/files/download/${refined.id}?file_type=transcription`)).json(),
		);
		if (!doc.success) return;
		this.segments = doc.data.segments.map((s) => ({
			session_id: this.sessionId,
			segment_id: `r-${s.id}`,
			channel: s.channel ?? 0,
			speaker: s.speaker_name ?? '',
			start: s.start,
			end: s.end,
			text: s.text.trim(),
			final: true,
		}));
		this.version = 'refined';
		this.refining = false;
	}
}
