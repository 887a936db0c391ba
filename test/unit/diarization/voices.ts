// Synthetic conversations for the diarization tests: espeak-ng voices of clearly different pitch
// (≈ 84 Hz, 157 Hz and 276 Hz median, measured with an autocorrelation tracker), resampled by sox
// to 16 kHz mono, taking turns with short pauses. The truth is each utterance's voiced extent.
import { execFileSync } from 'node:child_process';

export const VOICES = {
	low: ['-v', 'en+m3', '-p', '20'],
	middle: ['-v', 'en+m1', '-p', '99'],
	high: ['-v', 'en+f3', '-p', '80'],
} as const;
export type Voice = keyof typeof VOICES;

export const RATE = 16_000;

export interface Turn {
	speaker: Voice;
	start: number;
	end: number;
}

/** One utterance as 16 kHz float samples, leading and trailing silence trimmed. */
export function speak(voice: Voice, text: string): Float32Array {
	const wav = execFileSync('espeak-ng', [...VOICES[voice], '-s', '160', '--stdout', text], {
		maxBuffer: 64 << 20,
	});
	const raw = execFileSync(
		'sox',
		[
			'-t',
			'wav',
			'-',
			'-t',
			'raw',
			'-r',
			String(RATE),
			'-c',
			'1',
			'-e',
			'floating-point',
			'-b',
			'32',
			'-',
		],
		{ input: wav, maxBuffer: 64 << 20 },
	);
	const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
	let first = 0;
	let last = all.length - 1;
	while (first < last && Math.abs(all[first]!) < 1e-3) first++;
	while (last > first && Math.abs(all[last]!) < 1e-3) last--;
	return all.slice(first, last + 1);
}

/** Concatenates utterances with `gap` seconds of silence between them. */
export function conversation(
	lines: readonly { speaker: Voice; text: string }[],
	gap = 0.6,
	lead = 0.5,
): { samples: Float32Array; turns: Turn[] } {
	const clips = lines.map((l) => ({ speaker: l.speaker, audio: speak(l.speaker, l.text) }));
	const gapSamples = Math.round(gap * RATE);
	const total =
		Math.round(lead * RATE) * 2 +
		clips.reduce((n, c) => n + c.audio.length, 0) +
		gapSamples * clips.length;
	const samples = new Float32Array(total);
	const turns: Turn[] = [];
	let at = Math.round(lead * RATE);
	for (const clip of clips) {
		samples.set(clip.audio, at);
		turns.push({ speaker: clip.speaker, start: at / RATE, end: (at + clip.audio.length) / RATE });
		at += clip.audio.length + gapSamples;
	}
	return { samples, turns };
}

export const LINES: readonly { speaker: Voice; text: string }[] = [
	{ speaker: 'low', text: 'Good morning everyone, let us start with the quarterly numbers.' },
	{ speaker: 'high', text: 'Sales went up by twelve percent, mostly thanks to the new region.' },
	{ speaker: 'middle', text: 'That is great news. What about the costs on the support side?' },
	{ speaker: 'low', text: 'Costs stayed flat, although we hired two more engineers in March.' },
	{ speaker: 'middle', text: 'Then we should plan the next release before the summer holidays.' },
	{ speaker: 'high', text: 'I agree. I will draft the schedule and send it around tomorrow.' },
	{ speaker: 'low', text: 'Please include the migration of the old billing system as well.' },
	{ speaker: 'high', text: 'Will do. The billing team already asked for a firm date.' },
	{ speaker: 'middle', text: 'Let us meet again on Thursday to review the draft together.' },
];
