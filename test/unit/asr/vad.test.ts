import { afterAll, describe, expect, it } from 'vitest';
import {
	analyzeSpeech,
	detectSpeech,
	disposeVadSession,
	getVadSession,
	planWindows,
	SileroVad,
	VAD_FRAME,
} from '../../../src/lib/server/asr/vad';
import { concat, loadSpeech, noise } from '../../helpers/audio';

const RATE = 16000;
const speech = loadSpeech();

/** Where the voice really starts and ends inside speech.wav (first/last sample above -40 dBFS). */
function voiceBounds(x: Float32Array): { on: number; off: number } {
	let first = 0;
	while (Math.abs(x[first]!) < 0.01) first++;
	let last = x.length - 1;
	while (Math.abs(x[last]!) < 0.01) last--;
	return { on: first / RATE, off: last / RATE };
}

afterAll(() => disposeVadSession());

describe('Silero VAD v5', { timeout: 30_000 }, () => {
	it('has the inputs and outputs we feed', async () => {
		const session = await getVadSession();
		expect(session.inputNames).toEqual(['input', 'state', 'sr']);
		expect(session.outputNames).toEqual(['output', 'stateN']);
		expect(await getVadSession()).toBe(session); // shared and lazy
	});

	it('streams frame by frame with state, and reset() starts over', async () => {
		const vad = await SileroVad.create();
		const frames = Math.floor(speech.length / VAD_FRAME);
		const first: number[] = [];
		for (let i = 0; i < frames; i++) {
			first.push(await vad.process(speech.subarray(i * VAD_FRAME, (i + 1) * VAD_FRAME)));
		}
		expect(Math.max(...first)).toBeGreaterThan(0.9);
		vad.reset();
		const again = await vad.process(speech.subarray(0, VAD_FRAME));
		expect(again).toBeCloseTo(first[0]!, 6);
	});

	it('finds two utterances separated by 5 s of silence, at the right places', async () => {
		const { on, off } = voiceBounds(speech);
		const lead = 1.5;
		const audio = concat([lead, speech, 5, speech, 1]);
		const second = lead + speech.length / RATE + 5;
		const regions = await detectSpeech(audio);
		expect(regions).toHaveLength(2);
		const pad = 0.2;
		expect(Math.abs(regions[0]!.start + pad - (lead + on))).toBeLessThanOrEqual(0.3);
		expect(Math.abs(regions[0]!.end - pad - (lead + off))).toBeLessThanOrEqual(0.3);
		expect(Math.abs(regions[1]!.start + pad - (second + on))).toBeLessThanOrEqual(0.3);
		expect(Math.abs(regions[1]!.end - pad - (second + off))).toBeLessThanOrEqual(0.3);
	});

	it('finds nothing in digital silence or low noise', async () => {
		expect(await detectSpeech(new Float32Array(10 * RATE))).toEqual([]);
		expect(await detectSpeech(noise(10 * RATE, 0.003))).toEqual([]); // about -56 dBFS RMS
		expect(planWindows(await detectSpeech(new Float32Array(5 * RATE)))).toEqual([]);
	});

	it('plans ≤ 30 s windows that cover 70 s of continuous speech', async () => {
		const pieces: (Float32Array | number)[] = [];
		for (let t = 0; t < 70; t += speech.length / RATE + 0.1) pieces.push(speech, 0.1);
		const audio = concat(pieces).subarray(0, 70 * RATE);
		expect(audio.length).toBe(70 * RATE);
		const { regions, probs } = await analyzeSpeech(audio);
		expect(regions.length).toBeGreaterThanOrEqual(1);
		expect(regions[0]!.start).toBeLessThan(0.5);
		expect(regions.at(-1)?.end).toBeGreaterThan(69.5);
		for (const options of [{ probs }, {}]) {
			const windows = planWindows(regions, options);
			expect(windows.length).toBe(3);
			for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30 + 1e-9);
			for (const r of regions) {
				const covered = windows
					.map((w) => Math.max(0, Math.min(w.end, r.end) - Math.max(w.start, r.start)))
					.reduce((a, b) => a + b, 0);
				expect(covered).toBeCloseTo(r.end - r.start, 6);
			}
		}
	}, 60_000);

	it('runs long audio as parallel streams that find the same speech as one stream', async () => {
		// 3 min of utterances with pauses of 0.6–4 s: 18 streams of 10 s.
		const pieces: (Float32Array | number)[] = [1];
		for (let i = 0; pieces.length < 140; i++) pieces.push(speech, [0.6, 1.5, 4, 0.8][i % 4]!);
		const audio = concat(pieces).subarray(0, 180 * RATE);
		const one = await analyzeSpeech(audio, { maxStreams: 1 });
		const many = await analyzeSpeech(audio);
		expect(many.probs.length).toBe(one.probs.length);
		expect(many.regions.length).toBe(one.regions.length);
		many.regions.forEach((r, i) => {
			expect(Math.abs(r.start - one.regions[i]!.start)).toBeLessThanOrEqual(0.1);
			expect(Math.abs(r.end - one.regions[i]!.end)).toBeLessThanOrEqual(0.1);
		});
		// The first stream starts where one stream does, so its frames are exactly the same.
		expect(many.probs.subarray(0, 320)).toEqual(one.probs.subarray(0, 320));
	}, 60_000);

	it('stops on abort', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(detectSpeech(speech, { signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError',
		});
		const long = new Float32Array(60 * RATE);
		await expect(detectSpeech(long, { signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError',
		});
	});
});
