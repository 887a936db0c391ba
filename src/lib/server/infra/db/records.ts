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
