// The `diarize=true` extension of the OpenAI-compatible endpoint: the same voice diarization as
// transcription jobs on the one mono track ("Speaker 1", "Speaker 2"…), and the speaker fields
// that verbose_json segments then carry.
import path from 'node:path';
import type { OpenAiTranscriptionForm } from '../../contracts/openai';
import type { SystemConfig } from '../../contracts/settings';
import type { Segment, TranscriptionResult } from '../asr';
import type { Diarization } from '../diarization';
import { SEGMENTATION_FOLDER } from '../diarization';
import { MODEL_MANAGER_PATH, ModelUnavailableError } from '../infra/errors';
import type { PcmFile } from '../infra/media/audio-source';
import {
	applyVoiceSpeakers,
	diarizationAvailable,
	diarizeFile,
	speakerCountFor,
} from '../transcription';

/** Refuses `diarize=true` before any work when the diarization models are not installed. */
export function checkDiarization(form: OpenAiTranscriptionForm, modelsDir: string): void {
	if (!form.diarize || diarizationAvailable(modelsDir)) return;
	throw new ModelUnavailableError('speaker diarization', {
		folder: path.join(modelsDir, path.dirname(SEGMENTATION_FOLDER)),
		model_manager: MODEL_MANAGER_PATH,
		reason: 'diarize=true needs the segmentation and embedding models',
	});
}

/** The voices of the (mixed) track, or null when not asked. */
export async function voicesOf(
	form: OpenAiTranscriptionForm,
	file: PcmFile,
	ctx: { modelsDir: string; settings: { get(): SystemConfig } },
	signal: AbortSignal,
): Promise<Diarization[] | null> {
	if (!form.diarize) return null;
	return diarizeFile({
		file,
		perChannel: false,
		modelsDir: ctx.modelsDir,
		count: speakerCountFor(form, ctx.settings.get()),
		signal,
	});
}

export function withVoices(
	result: TranscriptionResult,
	voices: Diarization[] | null,
): TranscriptionResult {
	return voices ? applyVoiceSpeakers(result, voices) : result;
}

/** A verbose_json segment's speaker fields: only when asked, so plain answers stay OpenAI's. */
export function speakerFields(form: OpenAiTranscriptionForm, segment: Segment) {
	return form.diarize ? { speaker: segment.speaker, speaker_id: segment.speakerId ?? null } : {};
}
