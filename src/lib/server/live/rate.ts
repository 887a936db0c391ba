import { resample } from '../infra/media/resample';
import type { SessionAudio } from '../recording';
import { LIVE_SAMPLE_RATE } from './segmenter';

/**
 * A chunk of a session recorded at another rate (the audio_sample_rate setting), brought to the
 * 16 kHz the live pipeline works at. Each chunk is resampled on its own (chunks may come in any
 * order), and its place and length follow from the session's timeline, so that neighbouring
 * chunks stay neighbours: a few samples at each edge lose their neighbours' share of the filter,
 * which live transcription does not notice. The stored file keeps the session's own rate.
 */
export function toLiveRate(a: SessionAudio): SessionAudio {
	if (a.sampleRate === LIVE_SAMPLE_RATE) return a;
	const { channels, sampleRate, sampleIndex, pcm } = a;
	const frames = pcm.length / channels;
	const scale = LIVE_SAMPLE_RATE / sampleRate;
	const start = Math.round(sampleIndex * scale);
	const length = Math.round((sampleIndex + frames) * scale) - start;
	const out = new Int16Array(length * channels);
	const channel = new Float32Array(frames);
	for (let c = 0; c < channels; c++) {
		for (let i = 0; i < frames; i++) channel[i] = pcm[i * channels + c]! / 32768;
		const resampled = resample(channel, sampleRate, LIVE_SAMPLE_RATE);
		for (let i = 0; i < length; i++) {
			const v = Math.round((resampled[i] ?? 0) * 32768);
			out[i * channels + c] = Math.max(-32768, Math.min(32767, v));
		}
	}
	return { ...a, sampleIndex: start, sampleRate: LIVE_SAMPLE_RATE, pcm: out };
}
