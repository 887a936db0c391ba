import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseWav } from '../../src/lib/server/infra/media/wav';

const SAMPLE_RATE = 16000;
const SPEECH = path.resolve(
	import.meta.dirname,
	'..',
	'..',
	'test',
	'fixtures',
	'audio',
	'speech.wav',
);

/**
 * `seconds` of speech-like audio: the 2.4 s speech fixture over and over with 0.1 s gaps. With
 * the fixture's own 0.1 s of lead and tail, pauses stay under VAD's 0.5 s minimum silence, so
 * the whole of it is one long speech region, planned as full 30 s windows.
 */
export function speechLike(seconds: number): Float32Array {
	const speech = parseWav(readFileSync(SPEECH)).channels[0]!;
	const gap = Math.round(0.1 * SAMPLE_RATE);
	const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
	for (let at = 0; at < out.length; at += speech.length + gap) {
		out.set(speech.subarray(0, Math.min(speech.length, out.length - at)), at);
	}
	return out;
}
