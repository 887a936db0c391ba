import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Segment, TranscriptionResult } from '../../../src/lib/server/asr';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from '../../../src/lib/server/diarization';
import {
	applyVoiceSpeakers,
	diarizeTracks,
	type VoiceInput,
} from '../../../src/lib/server/transcription/voice-speakers';

/** Diarizes, then labels: what the transcription job does around the engine. */
async function addVoiceSpeakers(input: VoiceInput & { result: TranscriptionResult }) {
	const voices = await diarizeTracks(input);
	return voices ? applyVoiceSpeakers(input.result, voices) : input.result;
}
import { conversation, type Turn } from './voices';

/** A MODELS_DIR with the test models installed under the real models' folder names. */
const modelsDir = mkdtempSync(path.join(tmpdir(), 'diarize-models-'));
for (const [folder, fixture] of [
	[SEGMENTATION_FOLDER, 'diarize-segmentation-test'],
	[EMBEDDING_FOLDER, 'diarize-embedding-test'],
] as const) {
	mkdirSync(path.dirname(path.join(modelsDir, folder)), { recursive: true });
	symlinkSync(path.resolve('test/fixtures/models', fixture), path.join(modelsDir, folder));
}
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

/** What Whisper would give: one segment per utterance, labelled by channel when there are two. */
function transcribed(turnsByChannel: Turn[][], labels: (string | null)[]): TranscriptionResult {
	const segments: Segment[] = turnsByChannel.flatMap((turns, c) =>
		turns.map((t) => ({
			id: 0,
			start: t.start,
			end: t.end,
			text: ` ${t.speaker} speaking`,
			confidence: 0.9,
			avgLogprob: -0.1,
			channel: labels[c] === null ? null : c,
			speaker: labels[c] ?? null,
		})),
	);
	return {
		text: segments.map((s) => s.text).join(''),
		language: 'en',
		languageDetected: false,
		task: 'transcribe',
		segments,
		duration: 40,
		processingTime: 1,
		model: 'test',
		device: 'cpu',
		dtype: { encoder: 'fp32', decoder: 'fp32' },
	} as unknown as TranscriptionResult;
}

describe('voice speakers in a transcription result', () => {
	it('names the voices of a mono file Speaker 1, 2, 3', async () => {
		const talk = conversation([
			{ speaker: 'low', text: 'Let us look at the budget for the next quarter first.' },
			{ speaker: 'high', text: 'The budget is fine, but the timeline worries me a lot.' },
			{ speaker: 'middle', text: 'Then we move the launch by two weeks and keep the scope.' },
			{ speaker: 'low', text: 'Fine with me, as long as marketing agrees to it.' },
		]);
		const out = await addVoiceSpeakers({
			result: transcribed([talk.turns], [null]),
			channels: [talk.samples],
			modelsDir,
			count: {},
		});
		expect(out.segments.map((s) => s.speaker)).toEqual([
			'Speaker 1',
			'Speaker 2',
			'Speaker 3',
			'Speaker 1',
		]);
		expect(new Set(out.segments.map((s) => s.speakerId)).size).toBe(3);
	}, 60_000);

	it('keeps "You" for a lone voice on the mic and numbers the remote voices', async () => {
		const mic = conversation([
			{ speaker: 'middle', text: 'Can everybody hear me well on the call today?' },
			{ speaker: 'middle', text: 'Good, then let us go through the open tickets.' },
		]);
		const tab = conversation([
			{ speaker: 'low', text: 'Yes, we hear you loud and clear on our side.' },
			{ speaker: 'high', text: 'I have two tickets that need a decision this week.' },
		]);
		const out = await addVoiceSpeakers({
			result: transcribed([mic.turns, tab.turns], ['You', 'Remote']),
			channels: [mic.samples, tab.samples],
			modelsDir,
			count: {},
		});
		expect(out.segments.map((s) => s.speaker)).toEqual(['You', 'You', 'Remote 1', 'Remote 2']);
	}, 60_000);

	it('leaves the result alone when the models are not installed', async () => {
		const result = transcribed([[{ speaker: 'low', start: 0, end: 1 }]], [null]);
		const out = await addVoiceSpeakers({
			result,
			channels: [new Float32Array(16000)],
			modelsDir: tmpdir(),
			count: {},
		});
		expect(out).toBe(result);
	});
});
