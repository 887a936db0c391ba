import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { EventEmitter } from 'node:events';
import type {
	AudioFile,
	ChunkAck,
	RecordingSession,
	RecordingUpdateData,
	StartRecordingRequest,
	StopReason,
} from '../../contracts/audio';
import type { CaptureChunk } from '../../contracts/capture';
import { DeviceRegistry } from './device-registry';
import type { RecordingDeps, SessionAudio, SessionUpdate } from './types';
import { recordingFilename } from './filename';
import { IngestSession } from './ingest-session';
import { WavSink } from './wav-sink';
import type { RecordingSessionRecord } from '../infra/db/records';
import { ConflictError, DomainError, NotFoundError } from '../infra/errors';
import { describeRecording } from '../infra/db/views';
import { assertSafeId } from '../infra/storage/data-dir';
import { ownedBy, toChunkAck, toLiveSessionDto, toSessionDto } from './dto';
import { recoverOpenSessions } from './recovery';
import { SessionClock } from './session-clock';
import {
	endSession,
	ENDED_KIND,
	saveProgress,
	type EndedSession,
	type EndOutcome,
} from './session-end';

/** Open sessions (and so open files) one process accepts. */
const MAX_OPEN = 1000;

/**
 * Recording sessions: start, ingest of capture chunks into the session's WAV, auto-stop, stop
 * or cancel, and recovery of sessions a crash left open. `events` carries `update` (relayed to
 * /recording) and `audio` (every chunk's samples, for live transcription).
 */
export class RecordingService {
	readonly events = new EventEmitter<{ update: [SessionUpdate]; audio: [SessionAudio] }>();
	readonly devices = new DeviceRegistry();
	private readonly open = new Map<string, IngestSession>();
	private readonly clock = new SessionClock((due) => this.tick(due));
	private readonly ending = new Set<Promise<unknown>>();
	private disposed = false;

	constructor(private readonly deps: RecordingDeps) {}

	/** A new session, owned by `owner` (see auth's identityOf; null on a server without keys). */
	start(req: StartRecordingRequest, owner: string | null): RecordingSession {
		if (this.disposed) throw new ConflictError('The server is shutting down');
		const device = this.devices.resolve(req.device_id, req.client_id);
		const busy = [...this.open.values()].find(
			(s) => s.record.device.id === device.id && s.record.device.client_id === device.client_id,
		);
		if (busy) {
			throw new ConflictError(
				`Device '${device.id}' is already recording in session ${busy.id}`,
				'RECORDING_IN_PROGRESS',
				{ session_id: busy.id, device_id: device.id },
			);
		}
		this.assertRoom(owner);

		const { dataDir, repos } = this.deps;
		const defaults = this.deps.defaults();
		const id = randomUUID();
		const now = new Date();
		const record: RecordingSessionRecord = {
			id,
			owner,
			status: 'pending',
			device,
			filename: recordingFilename(req.filename, now),
			relPath: dataDir.relative('recordings', `${id}.wav`),
			sampleRate: req.sample_rate ?? defaults.sampleRate,
			channels: req.channels ?? defaults.channels,
			samplesWritten: 0,
			chunksReceived: 0,
			maxDuration: req.max_duration ?? null,
			autoStopSilence: req.auto_stop_silence ?? null,
			audioFileId: null,
			errorMessage: null,
			startTime: now.toISOString(),
			endTime: null,
			updatedAt: now.toISOString(),
		};
		// The row first: a crash right after leaves a session that recovery closes.
		repos.sessions.insert(record);
		let sink: WavSink;
		try {
			sink = WavSink.create(dataDir.fromRelative(record.relPath), record);
		} catch (err) {
			this.deps.logger.error({ err, session_id: id }, 'cannot create the recording file');
			repos.sessions.update(id, { status: 'failed', errorMessage: 'Cannot create the file' });
			throw new DomainError('AUDIO_RECORDER_ERROR', 'Cannot create the recording file');
		}
		const session = new IngestSession(record, sink, defaults.chunkDuration);
		this.open.set(id, session);
		this.clock.add(id);

		const dto = toLiveSessionDto(session);
		this.announce(record.owner, dto, 'started');
		this.deps.emitSystemEvent('recording_started', {
			session_id: id,
			device_id: device.id,
			client_id: device.client_id,
			channels: record.channels,
		});
		return dto;
	}

	/** Finalises the session's WAV and adds it to the library; `saveFile: false` discards it. */
	stop(
		id: string,
		saveFile: boolean,
		owner: string | null,
	): Promise<{ session: RecordingSession; audioFile: AudioFile | null }> {
		const s = this.requireOpen(id, owner);
		return saveFile
			? this.finish(s, 'completed', 'requested')
			: this.finish(s, 'cancelled', 'cancelled');
	}

	/** Ends the session and removes its audio. */
	async cancel(id: string, owner: string | null): Promise<RecordingSession> {
		return (await this.finish(this.requireOpen(id, owner), 'cancelled', 'cancelled')).session;
	}

	get(id: string, owner: string | null): RecordingSession {
		assertSafeId(id, 'session_id');
		const live = this.open.get(id);
		if (live && ownedBy(live.record, owner)) return toLiveSessionDto(live);
		const stored = live ? undefined : this.deps.repos.sessions.get(id);
		if (!stored || !ownedBy(stored, owner)) throw new NotFoundError('Recording session', id);
		return toSessionDto(stored);
	}

	/** Open sessions (pending, recording, or stopping); only `owner`'s when given. */
	listActive(owner?: string | null): RecordingSession[] {
		return [...this.open.values()]
			.filter((s) => owner === undefined || ownedBy(s.record, owner))
			.map(toLiveSessionDto);
	}

	/**
	 * The session and the frames held contiguously from 0, for a (re)joining capture client. A
	 * session that a crash or shutdown interrupted is resumed: its client still holds the audio
	 * the server never acknowledged and goes on recording, so the file is completed, not split.
	 */
	join(id: string, owner: string | null): { session: RecordingSession; samplesWritten: number } {
		assertSafeId(id, 'session_id');
		const stored = this.open.has(id) ? undefined : this.deps.repos.sessions.get(id);
		if (stored?.status === 'interrupted' && ownedBy(stored, owner) && !this.disposed) {
			this.resume(stored);
		}
		const session = this.get(id, owner);
		const live = this.open.get(id);
		return {
			session,
			samplesWritten: live
				? live.tracker.contiguous
				: (this.deps.repos.sessions.get(id)?.samplesWritten ?? 0),
		};
	}

	/** Writes a chunk; when this returns, its samples are in the file (the ack may go). */
	ingest(chunk: CaptureChunk, owner: string | null): { samplesWritten: number } {
		const s = this.requireOpen(chunk.session_id, owner);
		const pcm = chunk.pcm instanceof Uint8Array ? chunk.pcm : new Uint8Array(chunk.pcm);
		this.write(s, chunk.sample_index, chunk.channels, pcm);
		return { samplesWritten: s.tracker.contiguous };
	}

	/**
	 * A chunk sent over HTTP: PCM interleaved for the session's own channels. The same rules as
	 * `ingest`; the answer says which frames the session now holds.
	 */
	ingestPcm(id: string, sampleIndex: number, pcm: Uint8Array, owner: string | null): ChunkAck {
		const s = this.requireOpen(id, owner);
		this.write(s, sampleIndex, s.record.channels, pcm);
		return toChunkAck(s, sampleIndex, pcm.byteLength);
	}

	private write(s: IngestSession, sampleIndex: number, channels: number, pcm: Uint8Array): void {
		const samples = s.accept({ sampleIndex, channels, pcm });
		if (samples.length && this.events.listenerCount('audio')) {
			try {
				this.events.emit('audio', {
					sessionId: s.id,
					sampleIndex,
					channels,
					sampleRate: s.record.sampleRate,
					pcm: samples,
				});
			} catch (err) {
				// A listener's bug must not cost the client its ack: the audio is on disk.
				this.deps.logger.error({ err, session_id: s.id }, 'audio listener failed');
			}
		}
		const reason = s.autoStopReason();
		if (reason) void this.finish(s, 'completed', reason);
	}

	/**
	 * Reopens an interrupted session's file for its returning client. The frames recovered from
	 * the file count as held (any hole a crash left among the last unacknowledged chunks is
	 * filled when the client sends them again: it resends everything it still holds). The
	 * partial library entry made at recovery goes; stopping makes the complete one. A session
	 * whose partial entry was transcribed meanwhile stays ended.
	 */
	private resume(r: RecordingSessionRecord): void {
		const { dataDir, repos, logger } = this.deps;
		if (r.audioFileId && repos.transcripts.listByAudioFile(r.audioFileId).length) return;
		this.assertRoom(r.owner);
		const file = dataDir.fromRelative(r.relPath);
		let sink: WavSink;
		try {
			sink = fs.existsSync(file) ? WavSink.reopen(file, r) : WavSink.create(file, r);
		} catch (err) {
			logger.error({ err, session_id: r.id }, 'cannot reopen the recording file');
			throw new DomainError('AUDIO_RECORDER_ERROR', 'Cannot reopen the recording file');
		}
		const now = new Date().toISOString();
		const patch = {
			status: 'recording' as const,
			audioFileId: null,
			errorMessage: null,
			endTime: null,
			updatedAt: now,
		};
		repos.transaction(() => {
			if (r.audioFileId) repos.recordings.delete(r.audioFileId);
			repos.sessions.update(r.id, patch);
		});
		const session = new IngestSession({ ...r, ...patch }, sink, this.deps.defaults().chunkDuration);
		session.tracker.add(0, r.samplesWritten);
		session.state = 'recording';
		this.open.set(r.id, session);
		this.clock.add(r.id);
		logger.info({ session_id: r.id, frames: r.samplesWritten }, 'resumed an interrupted recording');
		this.announce(session.record.owner, toLiveSessionDto(session), 'started');
		this.deps.emitSystemEvent('recording_resumed', {
			session_id: r.id,
			samples_written: r.samplesWritten,
		});
	}

	/** Closes sessions a previous process left open (see recording-recovery.ts). */
	recover(): RecordingSession[] {
		const recovered = recoverOpenSessions(this.deps);
		for (const session of recovered) {
			this.deps.emitSystemEvent('recording_stopped', {
				session_id: session.session_id,
				status: session.status,
				reason: 'recovered',
				duration_seconds: session.duration_seconds,
				audio_file_id: session.audio_file_id,
			});
		}
		return recovered;
	}

	/**
	 * Shutdown: every open session's WAV is finalised and kept, and the session is marked
	 * `interrupted` (the client did not ask to stop; chunks it still holds never arrived).
	 */
	async dispose(): Promise<void> {
		this.disposed = true;
		for (const s of this.open.values()) {
			if (s.state !== 'stopping') void this.finish(s, 'interrupted', 'shutdown');
		}
		while (this.ending.size) await Promise.allSettled(this.ending);
		this.clock.stop();
	}

	/** The global cap, then the owner's own: one identity cannot take every slot. */
	private assertRoom(owner: string | null): void {
		if (this.open.size >= MAX_OPEN) throw new ConflictError('Too many recordings are open at once');
		const limit = this.deps.limits.maxOpenPerOwner;
		let mine = 0;
		for (const s of this.open.values()) if (s.record.owner === owner) mine++;
		if (mine >= limit) {
			throw new ConflictError(
				`${mine} recordings are already open for these credentials (the limit is ${limit}): stop one first`,
				'CONFLICT',
				{ open_sessions: mine, limit },
			);
		}
	}

	private requireOpen(id: string, owner: string | null): IngestSession {
		assertSafeId(id, 'session_id');
		const s = this.open.get(id);
		const record = s?.record ?? this.deps.repos.sessions.get(id);
		// Another identity's session does not exist for this one.
		if (!record || !ownedBy(record, owner)) throw new NotFoundError('Recording session', id);
		if (s && s.state !== 'stopping') return s;
		throw new ConflictError(`Recording session '${id}' is not active`, 'SESSION_NOT_ACTIVE', {
			session_id: id,
		});
	}

	private finish(
		s: IngestSession,
		outcome: EndOutcome,
		reason: StopReason,
	): Promise<{ session: RecordingSession; audioFile: AudioFile | null }> {
		s.state = 'stopping';
		const done = this.close(s, outcome, reason);
		this.ending.add(done);
		void done
			.finally(() => this.ending.delete(done))
			.catch((err: unknown) =>
				this.deps.logger.error({ err, session_id: s.id }, 'could not end a recording'),
			);
		return done;
	}

	private async close(
		s: IngestSession,
		outcome: EndOutcome,
		reason: StopReason,
	): Promise<{ session: RecordingSession; audioFile: AudioFile | null }> {
		let ended: EndedSession;
		try {
			ended = await endSession(this.deps, s, outcome, reason);
		} finally {
			this.open.delete(s.id);
			this.clock.remove(s.id);
		}
		const session = toSessionDto(s.record);
		this.announce(
			s.record.owner,
			session,
			ENDED_KIND[ended.status as keyof typeof ENDED_KIND],
			reason,
		);
		this.deps.emitSystemEvent('recording_stopped', {
			session_id: s.id,
			status: ended.status,
			reason,
			duration_seconds: session.duration_seconds,
			audio_file_id: session.audio_file_id,
		});
		return {
			session,
			audioFile: ended.audioFile && describeRecording(this.deps.repos, ended.audioFile),
		};
	}

	/** The periodic work of the sessions whose slot has come (session-clock.ts). */
	private tick(ids: Set<string>): void {
		const due = [...this.open.values()].filter((s) => s.state !== 'stopping' && ids.has(s.id));
		try {
			saveProgress(
				this.deps.repos,
				due.filter((s) => s.dirty),
			);
		} catch (err) {
			this.deps.logger.error({ err }, 'could not save recording progress');
		}
		const now = Date.now();
		for (const s of due) {
			s.sink.flush().catch((err: unknown) => {
				this.deps.logger.error({ err, session_id: s.id }, 'fdatasync failed');
			});
			try {
				const reason = s.autoStopReason(now);
				const idleMs = this.deps.limits.idleTimeoutMs;
				if (reason) void this.finish(s, 'completed', reason);
				// A client that went away for good: its audio is kept, its slot freed.
				else if (idleMs > 0 && now - s.lastChunkAtMs >= idleMs) {
					void this.finish(s, 'interrupted', 'idle');
				} else if (s.state === 'recording') {
					this.announce(s.record.owner, toLiveSessionDto(s), 'progress', undefined, s.level);
				}
			} catch (err) {
				// A timer callback must never throw: that would end the process.
				this.deps.logger.error({ err, session_id: s.id }, 'recording tick failed');
			}
		}
	}

	private announce(
		owner: string | null,
		session: RecordingSession,
		kind: RecordingUpdateData['kind'],
		reason?: StopReason,
		level?: number[],
	): void {
		const data: RecordingUpdateData = { kind, session };
		if (reason) data.reason = reason;
		if (level) data.level = level;
		this.events.emit('update', { sessionId: session.session_id, owner, data });
	}
}
