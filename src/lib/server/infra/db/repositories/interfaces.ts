import type {
	ApiKeyRecord,
	AuthSessionRecord,
	AudioFileRecord,
	ExportRecord,
	JobStatus,
	Page,
	PageRequest,
	RecordingSessionRecord,
	RecordingSort,
	RecordingStatus,
	SearchResultRecord,
	SegmentRecord,
	SegmentVersionRecord,
	SortOrder,
	StoredSegmentRecord,
	TranscriptionJobRecord,
	TranscriptRecord,
} from '../records';

/**
 * One repository per aggregate. Services depend on these interfaces only, so another store
 * (Postgres) can be added without touching them. Methods are synchronous because SQLite is; an
 * asynchronous adapter would change these signatures in one place.
 */
export interface SettingsRepository {
	all(): Record<string, unknown>;
	setMany(values: Record<string, unknown>): void;
}

export interface RecordingRepository {
	insert(r: AudioFileRecord): void;
	get(id: string): AudioFileRecord | undefined;
	/** Newest first unless `sort` says otherwise; ties broken by id for a stable order. */
	list(page: PageRequest, sort?: { by: RecordingSort; order: SortOrder }): Page<AudioFileRecord>;
	setTitle(id: string, title: string): boolean;
	delete(id: string): boolean;
	count(): number;
}

export interface RecordingSessionRepository {
	insert(s: RecordingSessionRecord): void;
	get(id: string): RecordingSessionRecord | undefined;
	update(id: string, patch: Partial<Omit<RecordingSessionRecord, 'id'>>): void;
	listByStatus(statuses: RecordingStatus[]): RecordingSessionRecord[];
	delete(id: string): boolean;
}

export interface TranscriptionJobRepository {
	insert(j: TranscriptionJobRecord): void;
	get(id: string): TranscriptionJobRecord | undefined;
	update(id: string, patch: Partial<Omit<TranscriptionJobRecord, 'id'>>): void;
	listByStatus(statuses: JobStatus[]): TranscriptionJobRecord[];
	/** Newest first; all statuses when `statuses` is empty. */
	list(page: PageRequest, statuses: JobStatus[]): Page<TranscriptionJobRecord>;
	/** The newest job of each audio file that has one. */
	latestByAudioFiles(audioFileIds: string[]): Map<string, TranscriptionJobRecord>;
	/** Pending jobs: all of them, or those `submittedBy` submitted. */
	countPending(submittedBy?: string | null): number;
}

export interface TranscriptRepository {
	/** Stores a transcript with its segments atomically. */
	insert(t: TranscriptRecord, segments: SegmentRecord[]): void;
	get(id: string): TranscriptRecord | undefined;
	/** In order; `text` is the current text. */
	segments(id: string): StoredSegmentRecord[];
	segment(id: string, index: number): StoredSegmentRecord | undefined;
	/**
	 * Sets a segment's text, keeping it as a version (the model's text stays `originalText`);
	 * the model's text again makes it unedited. Undefined when there is no such segment.
	 */
	editSegment(id: string, index: number, text: string, at: string): StoredSegmentRecord | undefined;
	/** A segment's edits, oldest first. */
	segmentVersions(segmentRowId: number): SegmentVersionRecord[];
	list(page: PageRequest): Page<TranscriptRecord>;
	/** Newest first. */
	listByAudioFile(audioFileId: string): TranscriptRecord[];
	/** The newest transcript of each audio file that has one. */
	latestByAudioFiles(audioFileIds: string[]): Map<string, TranscriptRecord>;
	/** Transcripts whose id starts with `prefix` (ASCII case folded), at most `limit`, newest first. */
	findByIdPrefix(prefix: string, limit: number): TranscriptRecord[];
	/**
	 * Sets the name of the segments whose speaker id is `speakerId` or whose name is `oldName`,
	 * and the transcript's speaker list to match; returns the segments changed.
	 */
	renameSpeaker(
		id: string,
		match: { speakerId?: string; oldName?: string },
		newName: string,
	): number;
	delete(id: string): boolean;
	count(): number;
}

export interface ExportRepository {
	insert(e: ExportRecord): void;
	get(id: string): ExportRecord | undefined;
	list(page: PageRequest): Page<ExportRecord>;
	listByTranscript(transcriptId: string): ExportRecord[];
	delete(id: string): boolean;
	count(): number;
}

export interface SearchRepository {
	/**
	 * Transcripts whose segments match an FTS5 query (built by the search feature, never raw
	 * user input), best first, each with its first hits in time order.
	 */
	search(
		match: string,
		page: PageRequest,
		hitsPerTranscript: number,
	): { items: SearchResultRecord[]; totalCount: number };
}

export interface ApiKeyRepository {
	insert(k: ApiKeyRecord): void;
	get(id: string): ApiKeyRecord | undefined;
	findByHash(secretHash: string): ApiKeyRecord | undefined;
	list(): ApiKeyRecord[];
	revoke(id: string, at: string): boolean;
	touch(id: string, at: string): void;
}

export interface AuthSessionRepository {
	insert(s: AuthSessionRecord): void;
	findByHash(tokenHash: string): AuthSessionRecord | undefined;
	delete(id: string): boolean;
	deleteByApiKey(apiKeyId: string): number;
	deleteExpired(now: string): number;
}

export interface Repositories {
	settings: SettingsRepository;
	recordings: RecordingRepository;
	sessions: RecordingSessionRepository;
	jobs: TranscriptionJobRepository;
	transcripts: TranscriptRepository;
	exports: ExportRepository;
	search: SearchRepository;
	apiKeys: ApiKeyRepository;
	authSessions: AuthSessionRepository;
	/** Runs fn in one transaction across repositories. */
	transaction<T>(fn: () => T): T;
	/** Cheap liveness probe for health checks. */
	ping(): void;
}
