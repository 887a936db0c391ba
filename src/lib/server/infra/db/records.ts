/** Stored aggregates as the services see them (camelCase; paths relative to DATA_DIR). */

export type AudioSource = 'recording' | 'upload' | 'import';

export interface AudioFileRecord {
	id: string;
	filename: string;
	relPath: string;
	source: AudioSource;
	sizeBytes: number;
	durationSeconds: number;
	sampleRate: number;
	channels: number;
	audioFormat: string;
	createdAt: string;
	/** Display title; when absent on insert, the file name without its extension. */
	title?: string;
}

export type RecordingStatus =
	| 'pending'
	| 'recording'
	| 'paused'
	| 'stopping'
	| 'completed'
	| 'cancelled'
	| 'failed'
	| 'interrupted';

export interface RecordingSessionRecord {
	id: string;
	/** Who started it (see auth's identityOf); null on a server without keys. */
	owner: string | null;
	status: RecordingStatus;
	device: Record<string, unknown>;
	filename: string;
	relPath: string;
	sampleRate: number;
	channels: number;
	samplesWritten: number;
	chunksReceived: number;
	maxDuration: number | null;
	autoStopSilence: number | null;
	audioFileId: string | null;
	errorMessage: string | null;
	startTime: string;
	endTime: string | null;
	updatedAt: string;
}

export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface TranscriptionJobRecord {
	id: string;
	status: JobStatus;
	priority: number;
	progress: number;
	audioFileId: string | null;
	options: Record<string, unknown>;
	modelUsed: string | null;
	language: string | null;
	transcriptId: string | null;
	errorMessage: string | null;
	createdAt: string;
	startedAt: string | null;
	completedAt: string | null;
	/** Who submitted it (auth's identityOf); null without keys and for internal jobs. */
	submittedBy?: string | null;
}

export interface WordRecord {
	word: string;
	start: number;
	end: number;
	probability: number;
}

export interface SegmentRecord {
	start: number;
	end: number;
	text: string;
	confidence: number | null;
	speakerId: string | null;
	speakerName: string | null;
	channel: number | null;
	words: WordRecord[] | null;
}

/** A segment as stored: `text` is the current (maybe edited) text, `originalText` the model's. */
export interface StoredSegmentRecord extends SegmentRecord {
	/** Row key: stable for the segment's life, what versions and the search index point at. */
	rowId: number;
	/** Position in its transcript, from 0; the id the API shows. */
	index: number;
	originalText: string;
	/** When the current text was set by an edit; null while it is the model's. */
	editedAt: string | null;
}

/** One edit of a segment's text (the model's text is the segment's `originalText`). */
export interface SegmentVersionRecord {
	text: string;
	createdAt: string;
}

export type RecordingSort = 'created_at' | 'title' | 'duration';
export type SortOrder = 'asc' | 'desc';

/** One matching segment; `snippet` has the search markers (SEARCH_MARK) around hits. */
export interface SearchHitRecord {
	index: number;
	start: number;
	end: number;
	snippet: string;
}

export interface SearchResultRecord {
	transcriptId: string;
	hits: SearchHitRecord[];
	/** Matching segments in the transcript (hits is capped). */
	hitCount: number;
}

export type TranscriptKind = 'file' | 'live' | 'refined';

export interface TranscriptRecord {
	id: string;
	audioFileId: string | null;
	sessionId: string | null;
	jobId: string | null;
	kind: TranscriptKind;
	filename: string;
	fullText: string;
	language: string | null;
	modelUsed: string;
	device: string | null;
	confidenceAverage: number | null;
	wordCount: number;
	totalDuration: number;
	processingTime: number;
	speakers: string[];
	createdAt: string;
}

export interface ExportRecord {
	id: string;
	transcriptId: string;
	format: string;
	filename: string;
	relPath: string;
	sizeBytes: number;
	createdAt: string;
}

export interface ApiKeyRecord {
	id: string;
	name: string;
	prefix: string;
	secretHash: string;
	/** `full`: the whole API; `worker`: only the worker protocol. */
	scope: ApiKeyScope;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export type ApiKeyScope = 'full' | 'worker';

/** A signed-in browser; `apiKeyId` is null when it signed in with a one-time link. */
export interface AuthSessionRecord {
	id: string;
	tokenHash: string;
	apiKeyId: string | null;
	createdAt: string;
	expiresAt: string;
}

export interface Page<T> {
	items: T[];
	totalCount: number;
}

export interface PageRequest {
	/** 1-based. */
	page: number;
	pageSize: number;
}
