import type { TranscribeOptions } from '../asr';
import type { SpeakerCount } from '../diarization';
import type { SettingsService } from '../infra/config/settings';
import type { SystemConfig } from '../../contracts/settings';
import type { AudioFileRecord, TranscriptionJobRecord } from '../infra/db/records';
import type { PcmFile } from '../infra/media/audio-source';
import type { OpenedAudio } from '../infra/media/audio-file';
import type { JobOptions } from './deps';

export type EngineOptions = Omit<TranscribeOptions, 'disableVad' | 'batchWindows' | 'fixedTokens'>;

export interface EngineRequest {
	model: string;
	/** Speakers labelled (by channel for multi-channel audio, by voice where installed). */
	detectSpeakers: boolean;
	/** Where the audio came from: our recordings keep the microphone and the tab apart. */
	source: AudioFileRecord['source'];
	/** The name of the microphone's speaker in recordings (the `local_speaker_name` setting). */
	localSpeakerName: string;
	/** Voice diarization's speaker count: the request's, else the settings'. */
	speakerCount: SpeakerCount;
	options: EngineOptions & { language: string | null };
}

/**
 * What the engine is asked for a job: one place, so a job run in this process and one run by a
 * remote worker decode the same audio with the same options and give the same transcript.
 */
export function engineRequest(
	job: TranscriptionJobRecord,
	audio: AudioFileRecord,
	settings: SettingsService,
): EngineRequest {
	const options = job.options as JobOptions & { model: string };
	const s = settings.get();
	return {
		model: options.model,
		// The request's choice, else the setting (on by default).
		detectSpeakers: options.enable_speaker_detection ?? s.enable_speaker_detection,
		source: audio.source,
		localSpeakerName: s.local_speaker_name,
		speakerCount: speakerCountFor(options, s),
		options: {
			language: options.language ?? null,
			task: options.task,
			wordTimestamps: options.word_timestamps,
			initialPrompt: options.initial_prompt,
			temperature: options.temperature,
		},
	};
}

/**
 * The request's speaker count when it gives any of the three, else the settings' (one source, so
 * a request's `num_speakers` is not bounded by a setting's `max_speakers` it never saw).
 */
export function speakerCountFor(
	options: Pick<JobOptions, 'num_speakers' | 'min_speakers' | 'max_speakers'>,
	s: Pick<SystemConfig, 'num_speakers' | 'min_speakers' | 'max_speakers'>,
): SpeakerCount {
	const own =
		options.num_speakers !== undefined ||
		options.min_speakers !== undefined ||
		options.max_speakers !== undefined;
	const from = own
		? options
		: {
				num_speakers: s.num_speakers ?? undefined,
				min_speakers: s.min_speakers ?? undefined,
				max_speakers: s.max_speakers ?? undefined,
			};
	return {
		...(from.num_speakers !== undefined ? { numSpeakers: from.num_speakers } : {}),
		...(from.min_speakers !== undefined ? { minSpeakers: from.min_speakers } : {}),
		...(from.max_speakers !== undefined ? { maxSpeakers: from.max_speakers } : {}),
	};
}

/**
 * Speaker names by channel, or undefined when the audio is transcribed as one mix: off, or
 * mono. Recordings are mic | tab ("You" / "Remote"); other files "Channel 1", "Channel 2"…
 */
export function speakersFor(
	audio: Pick<AudioFileRecord, 'source'>,
	channels: number,
	enabled: boolean,
	localName: string,
): string[] | undefined {
	if (!enabled || channels < 2) return undefined;
	if (audio.source === 'recording' && channels === 2) return [localName, 'Remote'];
	return Array.from({ length: channels }, (_, i) => `Channel ${i + 1}`);
}

/**
 * The audio and options the engine gets for opened audio. Without channel speakers the engine
 * transcribes the mix of all channels; `perChannel` tells diarization the same.
 */
export function engineInput(
	request: EngineRequest,
	opened: Pick<OpenedAudio, 'file' | 'channels'>,
): { audio: PcmFile; perChannel: boolean; options: TranscribeOptions & { model: string } } {
	const channelSpeakers = speakersFor(
		request,
		opened.channels,
		request.detectSpeakers,
		request.localSpeakerName,
	);
	return {
		audio: opened.file,
		perChannel: channelSpeakers !== undefined,
		options: {
			model: request.model,
			...request.options,
			...(channelSpeakers ? { channelSpeakers } : {}),
		},
	};
}
