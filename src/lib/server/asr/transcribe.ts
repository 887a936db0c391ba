import { toLanguageCode } from '../../contracts/languages';
import type { AudioSource } from '../infra/media/audio-source';
import { CancelledError, EngineError } from './errors';
import { planTracks, type PlannedWindow } from './plan';
import type { Progress, Segment, TranscribeOptions, TranscriptionResult } from './types';
import type { WhisperModel, WindowSegment } from './whisper-model';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

const SAMPLE_RATE = MODEL_SAMPLE_RATE;
const DEFAULT_SPEAKERS = ['You', 'Remote'];
/** Windows per greedy batch unless configured (WHISPER_BATCH); measured in docs/benchmarks.md. */
const DEFAULT_BATCH = 4;
const ENCODER_SHARE = 0.4;

export interface RunHooks {
	isCancelled(this: void): boolean;
	onProgress(this: void, p: Progress): void;
	/** Waits while more urgent work runs (live work during a file job); undefined: go on. */
	pause?(this: void): Promise<void> | undefined;
}

/** What the worker computes; the engine adds the model, device, dtype and processing time. */
export type RunOutput = Omit<TranscriptionResult, 'processingTime' | 'model' | 'device' | 'dtype'>;

function resolveLanguage(model: WhisperModel, requested: string | null | undefined): string | null {
	if (!requested) return null;
	const code = toLanguageCode(requested);
	if (!code || (model.multilingual && !model.languages.includes(code))) {
		throw new EngineError('VALIDATION_ERROR', `Unknown or unsupported language '${requested}'`, {
			fields: [
				{ path: 'language', message: 'Not a language this model knows', code: 'invalid_value' },
			],
		});
	}
	return code;
}

/**
 * Transcribes whole recordings: plans speech windows, detects the language when not given,
 * decodes window by window (cancellable between and within windows) and assembles segments on
 * the recording's timeline, labelled by channel for mic/tab recordings.
 */
export async function transcribeChannels(
	model: WhisperModel,
	source: AudioSource,
	opts: TranscribeOptions,
	hooks: RunHooks,
): Promise<RunOutput> {
	const multiChannel = source.channels > 1 && opts.channelSpeakers !== undefined;
	// Tracks are read window by window: only the windows of one batch are in memory.
	const tracks = multiChannel
		? Array.from({ length: source.channels }, (_, c) => source.track(c))
		: [source.mix()];
	const duration = (tracks[0]?.length ?? 0) / SAMPLE_RATE;
	const task = opts.task ?? 'transcribe';
	let language = resolveLanguage(model, opts.language);
	const languageDetected = !language;

	const windows = await planTracks(tracks, multiChannel, { disableVad: opts.disableVad });
	const speechDuration = windows.reduce((s, w) => s + (w.end - w.start), 0);
	const promptIds = model.promptIds(opts.initialPrompt);
	const segments: Segment[] = [];
	const lastEnd = new Map<number | null, number>();
	let decoded = 0;
	// `pending`: speech seconds encoded but not yet decoded. The encoder is about 40% of a
	// window's work in a batch (docs/benchmarks.md), so the bar moves with every window encoded
	// rather than once per batch.
	const report = (pending = 0) =>
		hooks.onProgress({
			doneSeconds:
				speechDuration > 0
					? (duration * (decoded + ENCODER_SHARE * pending)) / speechDuration
					: duration,
			totalSeconds: duration,
			segments,
		});

	/** A window's segment on the recording's timeline, labelled by channel. */
	const placeSegment = (w: PlannedWindow, p: WindowSegment): Segment => {
		// Models may emit timestamps that go backwards or past the window: clamp them onto the
		// window and keep each channel's segments in order.
		const floor = Math.max(w.start, lastEnd.get(w.channel) ?? 0);
		const start = Math.min(Math.max(w.start + p.start, floor), w.end);
		const end = Math.min(Math.max(w.start + p.end, start), w.end);
		lastEnd.set(w.channel, end);
		const confidence = Math.exp(p.avgLogprob);
		const speaker =
			w.channel === null
				? null
				: (opts.channelSpeakers?.[w.channel] ?? DEFAULT_SPEAKERS[w.channel] ?? null);
		return {
			id: segments.length,
			start: round(start),
			end: round(end),
			text: p.text,
			confidence: round(confidence, 4),
			avgLogprob: round(p.avgLogprob, 4),
			channel: w.channel,
			speaker,
			...(p.words
				? {
						words: p.words.map((word) => {
							const ws = Math.min(Math.max(w.start + word.start, start), end);
							return {
								word: word.word,
								start: round(ws),
								end: round(Math.min(Math.max(w.start + word.end, ws), end)),
								// The segment's confidence where the word's tokens could not be matched.
								probability: round(word.probability ?? confidence, 4),
							};
						}),
					}
				: {}),
		};
	};

	// Greedy decoding runs several windows as one batch: a decoder step for 4 windows costs
	// about twice one window's (docs/engine.md). Encoders still run one window at a time.
	const batch = Math.max(1, Math.min(opts.batchWindows ?? DEFAULT_BATCH, model.maxBatch));
	for (let i = 0; i < windows.length; i += batch) {
		const group = windows.slice(i, i + batch);
		const encoded = [];
		let pending = 0;
		for (const w of group) {
			await hooks.pause?.();
			if (hooks.isCancelled()) throw new CancelledError();
			const track = tracks[w.channel ?? 0]!;
			const audio = track.read(Math.floor(w.start * SAMPLE_RATE), Math.ceil(w.end * SAMPLE_RATE));
			// One encoder run serves both language detection and decoding.
			encoded.push(await model.encode(audio, opts.encoderContext));
			if (!language) {
				language = model.multilingual ? (await model.detectLanguage(encoded[0]!)).code : 'en';
			}
			pending += w.end - w.start;
			if (group.length > 1) report(pending);
		}
		const decodedWindows = await model.transcribeWindows(encoded, {
			language: language ?? 'en',
			task,
			words: opts.wordTimestamps ?? false,
			promptIds,
			temperature: opts.temperature ?? 0,
			isCancelled: hooks.isCancelled,
			...(hooks.pause ? { pause: hooks.pause } : {}),
			...(opts.fixedTokens ? { fixedTokens: opts.fixedTokens } : {}),
		});
		if (hooks.isCancelled()) throw new CancelledError();
		group.forEach((w, k) => {
			for (const p of decodedWindows[k]!) segments.push(placeSegment(w, p));
			decoded += w.end - w.start;
		});
		report();
	}
	const ordered = segments
		.sort((a, b) => a.start - b.start || (a.channel ?? 0) - (b.channel ?? 0))
		.map((s, id) => ({ ...s, id }));
	return {
		text: ordered.map((s) => s.text).join(' '),
		language: language ?? 'en',
		languageDetected,
		task,
		segments: ordered,
		duration: round(duration),
		speechDuration: round(speechDuration),
	};
}

function round(x: number, digits = 3): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}
