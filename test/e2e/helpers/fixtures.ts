import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readWav, type Pcm } from './wav-audio';

const TEXT =
	'Good morning everyone. Let us review the quarterly numbers, then agree on the three next steps for the launch. ' +
	'Please keep your questions short, and write the action items down as we go.';

/**
 * The fake microphone's file: one second of silence (the first 10–290 ms play before the
 * worklet listens), then about nine seconds of speech, 16-bit mono 48 kHz (formats Chromium's
 * fake device plays; 24-bit would be silent). Returns the file and its 16 kHz reference.
 */
export function makeSpeechFixture(dir: string): { wav: string; reference: Pcm } {
	const raw = path.join(dir, 'speech-raw.wav');
	const wav = path.join(dir, 'speech-48k.wav');
	const ref = path.join(dir, 'speech-16k.wav');
	execFileSync('espeak-ng', ['-s', '150', '-w', raw, TEXT]);
	execFileSync('sox', [
		raw,
		'-r',
		'48000',
		'-b',
		'16',
		'-c',
		'1',
		wav,
		'pad',
		'1',
		'1',
		'norm',
		'-3',
	]);
	execFileSync('sox', [wav, '-r', '16000', ref]);
	return { wav, reference: readWav(ref) };
}
