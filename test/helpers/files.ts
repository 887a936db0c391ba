import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/infra/db/connection';
import type { Repositories } from '../../src/lib/server/infra/db/repositories/interfaces';
import { createSqliteRepositories } from '../../src/lib/server/infra/db/repositories/sqlite';
import type { AudioFileRecord, TranscriptRecord } from '../../src/lib/server/infra/db/records';
import {
	createTranscript,
	type NewTranscript,
} from '../../src/lib/server/transcription/transcripts';
import { DataDir } from '../../src/lib/server/infra/storage/data-dir';
import { writePcmWav } from './media';
import { meetingTranscript } from './transcripts';

/**
 * The real storage a server uses, opened from the test process: the same SQLite file (WAL lets
 * both processes use it) and DATA_DIR. Tests seed recordings and transcripts through it the way
 * the recorder and the transcription engine store theirs.
 */
export interface Store {
	repos: Repositories;
	dataDir: DataDir;
	close(): void;
}

export function openStore(dataDirPath: string): Store {
	const dataDir = new DataDir(dataDirPath);
	dataDir.ensure();
	const { db } = openDatabase(dataDir.databaseFile);
	return { repos: createSqliteRepositories(db), dataDir, close: () => db.close() };
}

/** A 16-bit PCM WAV with a quiet 440 Hz tone; returns its size in bytes. */
export function writeWav(file: string, seconds: number, sampleRate = 16000, channels = 1): number {
	const tone = Float32Array.from(
		{ length: Math.round(seconds * sampleRate) },
		// Whole 16-bit steps, so the bytes are exactly round(sin · 3000).
		(_, i) => Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 3000) / 32767,
	);
	writePcmWav(
		file,
		Array.from({ length: channels }, () => tone),
		sampleRate,
	);
	return fs.statSync(file).size;
}

/** A finished recording: its WAV in DATA_DIR/recordings and its audio_files row. */
export function seedRecording(
	store: Store,
	opts: { filename?: string; seconds?: number; createdAt?: string } = {},
): AudioFileRecord {
	const id = randomUUID();
	const seconds = opts.seconds ?? 1;
	const name = `${id}.wav`;
	const size = writeWav(store.dataDir.resolve('recordings', name), seconds);
	const record: AudioFileRecord = {
		id,
		filename: opts.filename ?? `Meeting ${id.slice(0, 8)}.wav`,
		relPath: store.dataDir.relative('recordings', name),
		source: 'recording',
		sizeBytes: size,
		durationSeconds: seconds,
		sampleRate: 16000,
		channels: 1,
		audioFormat: 'wav',
		createdAt: opts.createdAt ?? new Date().toISOString(),
	};
	store.repos.recordings.insert(record);
	return record;
}

/** A transcription of a recording, stored through the service the engine uses. */
export function seedTranscript(
	store: Store,
	audioFileId: string | null,
	overrides: Partial<NewTranscript> = {},
): TranscriptRecord {
	return createTranscript(store.repos, { ...meetingTranscript(audioFileId), ...overrides });
}

export const exists = (store: Store, relPath: string) =>
	fs.existsSync(path.join(store.dataDir.root, relPath));
