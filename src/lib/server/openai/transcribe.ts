import { deflateSync } from 'node:zlib';
import { WHISPER_LANGUAGES } from '../../contracts/languages';
import type { OpenAiTranscriptionForm } from '../../contracts/openai';
import type { TranscriptionResult } from '../asr';
import { dirname } from 'node:path';
import { openAudio, type OpenedAudio } from '../infra/media/audio-file';
import type { AsrEngine } from '../asr';
import type { SettingsService } from '../infra/config/settings';
import { renderExport } from '../library';
import type { UploadedFile } from '../infra/http/multipart';
import { discardUpload } from '../infra/http/multipart';
import { toExportDocument } from '../transcription';
import { checkDiarization, speakerFields, voicesOf, withVoices } from './speakers';

/** OpenAI's model names; all of them mean "the model this server is configured with". */
const OPENAI_MODELS = new Set(['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe']);

/** Requests from other tools wait for each other, but go before queued file jobs. */
const API_PRIORITY = 5;

export interface OpenAiResponse {
	body: string;
	contentType: string;
}

/** Whisper's repetition signal: how well the text compresses (loops compress very well). */
function compressionRatio(text: string): number {
	const bytes = Buffer.from(text, 'utf8');
	return bytes.length ? Math.round((bytes.length / deflateSync(bytes).length) * 1000) / 1000 : 0;
}

const languageName = (code: string) => WHISPER_LANGUAGES.find(([c]) => c === code)?.[1] ?? code;

/**
 * The OpenAI-compatible transcription: decode the upload, run the engine, answer in the asked
 * format. Nothing is stored — like OpenAI's API, the audio and text are not kept.
 */
/** The engine and the default model: all the OpenAI-compatible endpoint uses. */
export interface OpenAiDeps {
	asr: Pick<AsrEngine, 'modelSpec' | 'transcribe'>;
	settings: Pick<SettingsService, 'get'>;
	/** Where the diarization models are (`diarize=true`). */
	modelsDir: string;
}

export async function openAiTranscribe(
	ctx: OpenAiDeps,
	upload: UploadedFile,
	form: OpenAiTranscriptionForm,
	task: 'transcribe' | 'translate',
	signal: AbortSignal,
): Promise<OpenAiResponse> {
	const model = OPENAI_MODELS.has(form.model) ? ctx.settings.get().whisper_model : form.model;
	let result: TranscriptionResult;
	let audio: OpenedAudio | undefined;
	try {
		ctx.asr.modelSpec(model);
		checkDiarization(form, ctx.modelsDir);
		// Any scratch PCM goes beside the upload (the data folder's tmp); all channels are mixed.
		audio = await openAudio(upload.tmpPath, { scratchDir: dirname(upload.tmpPath), signal });
		const voices = await voicesOf(form, audio.file, ctx, signal);
		const words = form['timestamp_granularities[]']?.includes('word') ?? false;
		result = await ctx.asr.transcribe(
			audio.file,
			{
				model,
				// Translations always go to English; the source language is detected.
				language: task === 'translate' ? null : (form.language ?? null),
				task,
				wordTimestamps: words,
				initialPrompt: form.prompt,
				temperature: form.temperature ?? 0,
			},
			{ signal, priority: API_PRIORITY },
		);
		result = withVoices(result, voices);
	} finally {
		await audio?.dispose();
		await discardUpload(upload);
	}
	return format(result, form, task);
}

async function format(
	result: TranscriptionResult,
	form: OpenAiTranscriptionForm,
	task: 'transcribe' | 'translate',
): Promise<OpenAiResponse> {
	const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: 'application/json' });
	switch (form.response_format) {
		case 'text':
			return { body: result.text + '\n', contentType: 'text/plain; charset=utf-8' };
		case 'srt':
		case 'vtt': {
			const doc = toExportDocument(result, null);
			const bytes = await renderExport(form.response_format, doc, {
				includeMetadata: false,
				includeTimestamps: true,
			});
			const type = form.response_format === 'srt' ? 'application/x-subrip' : 'text/vtt';
			return { body: bytes.toString('utf8'), contentType: `${type}; charset=utf-8` };
		}
		case 'verbose_json': {
			const granularities = form['timestamp_granularities[]'] ?? ['segment'];
			const words = result.segments.flatMap((s) =>
				(s.words ?? []).map((w) => ({ word: w.word.trim(), start: w.start, end: w.end })),
			);
			return json({
				task,
				language: languageName(result.language),
				duration: result.duration,
				text: result.text,
				...(granularities.includes('segment')
					? {
							segments: result.segments.map((s) => ({
								id: s.id,
								seek: Math.floor(s.start * 100),
								start: s.start,
								end: s.end,
								text: s.text,
								tokens: [],
								temperature: form.temperature ?? 0,
								avg_logprob: s.avgLogprob,
								compression_ratio: compressionRatio(s.text),
								// Silence never reaches the decoder (VAD removes it first), so the model's
								// no-speech probability is not computed.
								no_speech_prob: 0,
								...speakerFields(form, s),
							})),
						}
					: {}),
				...(granularities.includes('word') ? { words } : {}),
			});
		}
		default:
			return json({ text: result.text });
	}
}
