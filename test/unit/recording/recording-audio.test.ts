import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoRecordingName, recordingFilename } from '../../../src/lib/server/recording/filename';
import { FrameTracker } from '../../../src/lib/server/recording/frame-tracker';
import { channelRms, int16View } from '../../../src/lib/server/infra/media/pcm';
import { wavHeader } from '../../../src/lib/server/infra/media/wav';
import { repairWav, WavSink } from '../../../src/lib/server/recording/wav-sink';
import { readWav, testSignal } from '../../helpers/wav';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ms-audio-'));

describe('FrameTracker', () => {
	it('follows the contiguous run and the extent whatever the order', () => {
		const t = new FrameTracker();
		t.add(200, 300);
		expect([t.contiguous, t.extent, t.gaps]).toEqual([0, 300, 1]);
		t.add(400, 500);
		t.add(300, 400);
		expect([t.contiguous, t.extent, t.gaps]).toEqual([0, 500, 1]);
		t.add(0, 100);
		t.add(0, 100);
		expect(t.contiguous).toBe(100);
		t.add(100, 200);
		expect([t.contiguous, t.extent, t.gaps]).toEqual([500, 500, 0]);
	});

	it('merges overlapping islands and bounds how many it keeps', () => {
		const t = new FrameTracker(2);
		t.add(10, 20);
		t.add(30, 40);
		expect(t.accepts(50)).toBe(false);
		expect(t.accepts(0)).toBe(true);
		t.add(15, 35);
		expect(t.gaps).toBe(1);
		t.add(0, 12);
		expect([t.contiguous, t.gaps]).toEqual([40, 0]);
	});
});

describe('file names', () => {
	it('auto names from the UTC time', () => {
		expect(autoRecordingName(new Date('2026-03-04T05:06:07Z'))).toBe(
			'recording-20260304-050607.wav',
		);
	});

	it('keeps one harmless segment ending in .wav', () => {
		const now = new Date('2026-01-02T03:04:05Z');
		expect(recordingFilename('../../etc/passwd', now)).toBe('etc_passwd.wav');
		expect(recordingFilename('a/b\\c', now)).toBe('a_b_c.wav');
		expect(recordingFilename('tab\there\u202evaw.exe', now)).toBe('tab_here_vaw.exe.wav');
		expect(recordingFilename('🎙'.repeat(150), now)).toHaveLength(196 + 4);
		expect(recordingFilename('  Weekly   sync.wav  ', now)).toBe('Weekly sync.wav');
		expect(recordingFilename('x'.repeat(500), now)).toHaveLength(200);
		for (const empty of [undefined, '', '   ', '..', '/', '\u0000', '.wav']) {
			expect(recordingFilename(empty, now)).toBe('recording-20260102-030405.wav');
		}
	});
});

describe('PCM', () => {
	it('reads samples at odd byte offsets (as Socket.IO buffers can be)', () => {
		const backing = Buffer.alloc(9);
		backing.writeInt16LE(-2, 1);
		backing.writeInt16LE(300, 3);
		const odd = backing.subarray(1, 5);
		expect(odd.byteOffset % 2).toBe(1);
		expect(Array.from(int16View(odd))).toEqual([-2, 300]);
	});

	it('measures RMS per channel', () => {
		const s = new Int16Array([16384, 0, -16384, 0, 16384, 0, -16384, 0]);
		expect(channelRms(s, 2)).toEqual([0.5, 0]);
		expect(channelRms(s, 1)[0]).toBeCloseTo(Math.SQRT1_2 / 2);
	});
});

describe('WAV files', () => {
	it('writes at sample offsets, finalises, and discards', async () => {
		const dir = tmp();
		const file = path.join(dir, 'a.wav');
		const sink = WavSink.create(file, { sampleRate: 16000, channels: 2 });
		expect(() => WavSink.create(file, { sampleRate: 16000, channels: 2 })).toThrow();
		const pcm = testSignal(1000, 2);
		sink.write(500, pcm.subarray(2000));
		sink.write(0, pcm.subarray(0, 2000));
		sink.write(500, pcm.subarray(2000));
		await sink.flush();
		expect(await sink.finalise(1000)).toBe(4044);
		const wav = readWav(file);
		expect(wav.dataSize).toBe(4000);
		expect(wav.data.equals(pcm)).toBe(true);

		const other = WavSink.create(path.join(dir, 'b.wav'), { sampleRate: 16000, channels: 1 });
		other.write(0, Buffer.alloc(10));
		await other.discard();
		expect(fs.existsSync(path.join(dir, 'b.wav'))).toBe(false);
	});

	it('repairs a file from its length, cutting a partial frame', () => {
		const file = path.join(tmp(), 'c.wav');
		const pcm = testSignal(300, 2);
		fs.writeFileSync(
			file,
			Buffer.concat([
				wavHeader({ sampleRate: 16000, channels: 2, dataBytes: 0 }),
				pcm,
				Buffer.from([9, 9, 9]),
			]),
		);
		expect(repairWav(file, { sampleRate: 16000, channels: 2 })).toEqual({
			frames: 300,
			sizeBytes: 1244,
		});
		const wav = readWav(file);
		expect(wav.riffSize).toBe(1236);
		expect(wav.data.equals(pcm)).toBe(true);

		const stub = path.join(tmp(), 'd.wav');
		fs.writeFileSync(stub, Buffer.from('RIFF'));
		expect(repairWav(stub, { sampleRate: 16000, channels: 1 })).toEqual({
			frames: 0,
			sizeBytes: 44,
		});
		expect(readWav(stub).dataSize).toBe(0);
	});
});
