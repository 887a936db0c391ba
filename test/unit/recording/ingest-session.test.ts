import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestSession } from '../../../src/lib/server/recording/ingest-session';
import { WavSink } from '../../../src/lib/server/recording/wav-sink';
import type { RecordingSessionRecord } from '../../../src/lib/server/infra/db/records';
import { testSignal } from '../../helpers/wav';

function session(over: Partial<RecordingSessionRecord> = {}): IngestSession {
	const channels = over.channels ?? 1;
	const record: RecordingSessionRecord = {
		id: 's1',
		owner: null,
		status: 'pending',
		device: {},
		filename: 'x.wav',
		relPath: 'recordings/s1.wav',
		sampleRate: 16000,
		channels,
		samplesWritten: 0,
		chunksReceived: 0,
		maxDuration: null,
		autoStopSilence: null,
		audioFileId: null,
		errorMessage: null,
		startTime: new Date().toISOString(),
		endTime: null,
		updatedAt: new Date().toISOString(),
		...over,
	};
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ingest-')), 's1.wav');
	return new IngestSession(record, WavSink.create(file, { sampleRate: 16000, channels }));
}

const silence = (frames: number, channels = 1) => Buffer.alloc(frames * channels * 2);

describe('IngestSession', () => {
	it('refuses chunks that do not fit the session', () => {
		const s = session({ channels: 2 });
		const bad = (pcm: Buffer, channels = 2) => {
			try {
				s.accept({ sampleIndex: 0, channels, pcm });
			} catch (e) {
				return (e as { code: string }).code;
			}
			return 'accepted';
		};
		expect(bad(silence(10, 2), 1)).toBe('VALIDATION_ERROR');
		expect(bad(Buffer.alloc(6))).toBe('VALIDATION_ERROR');
		expect(bad(Buffer.alloc(0))).toBe('VALIDATION_ERROR');
		expect(bad(Buffer.alloc(1024 * 1024 + 4))).toBe('PAYLOAD_TOO_LARGE');
		expect(bad(silence(10, 2))).toBe('accepted');
		expect(s.state).toBe('recording');
		expect(s.chunksReceived).toBe(1);
	});

	it('stops at max_duration, dropping audio past it', () => {
		const s = session({ maxDuration: 1 });
		s.accept({ sampleIndex: 0, channels: 1, pcm: testSignal(12000, 1) });
		expect(s.autoStopReason()).toBeUndefined();
		// Past the limit only: kept nowhere, yet accepted so the client lets go of it.
		expect(s.accept({ sampleIndex: 20000, channels: 1, pcm: testSignal(100, 1) })).toHaveLength(0);
		expect(s.accept({ sampleIndex: 12000, channels: 1, pcm: testSignal(8000, 1) })).toHaveLength(
			4000,
		);
		expect([s.tracker.contiguous, s.tracker.extent]).toEqual([16000, 16000]);
		expect(s.autoStopReason()).toBe('max_duration');
	});

	it('stops on max_duration by the clock when audio stops coming', () => {
		const s = session({ maxDuration: 5 });
		expect(s.autoStopReason(s.startedAtMs + 14_000)).toBeUndefined();
		expect(s.autoStopReason(s.startedAtMs + 15_001)).toBe('max_duration');
	});

	it('stops after auto_stop_silence of quiet on every channel, judged on the audio timeline', () => {
		const s = session({ channels: 2, autoStopSilence: 1 });
		const loudRight = silence(8000, 2);
		const tone = testSignal(8000, 1);
		for (let i = 0; i < 8000; i++) loudRight.writeInt16LE(tone.readInt16LE(i * 2), i * 4 + 2);
		// Silence first arrives out of order: it does not count until the audio before it is held.
		s.accept({ sampleIndex: 8000, channels: 2, pcm: silence(16000, 2) });
		expect(s.autoStopReason()).toBeUndefined();
		s.accept({ sampleIndex: 0, channels: 2, pcm: loudRight });
		// The level shown is that of the latest audio on the timeline, not the latest to arrive.
		expect(s.level).toEqual([0, 0]);
		expect(s.autoStopReason()).toBe('silence');
	});

	it('does not call quiet background noise above -50 dBFS silence', () => {
		const s = session({ autoStopSilence: 1 });
		const noise = new Int16Array(32000).map((_, i) => (i % 2 ? 200 : -200));
		s.accept({ sampleIndex: 0, channels: 1, pcm: Buffer.from(noise.buffer) });
		expect(s.autoStopReason()).toBeUndefined();
	});
});
