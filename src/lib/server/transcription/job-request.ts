import type { TranscribeOptions } from '../asr';
import type { SettingsService } from '../infra/config/settings';
import type { AudioFileRecord, TranscriptionJobRecord } from '../infra/db/records';
import type { DecodedAudio } from '../infra/media/decode';
import type { JobOptions } from './deps';

export type EngineOptions = Omit<TranscribeOptions, 'disableVad' | 'batchWindows' | 'fixedTokens'>;

export interface EngineRequest {
	model: string;
	/** Our own recordings keep the microphone and the tab apart: label speakers by channel. */
	splitChannels: boolean;
	/** Speaker names for a split stereo recording (mic, tab). */
	channelSpeakers: string[] | null;
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
	const splitChannels = audio.source === 'recording';
	return {
		model: options.model,
		splitChannels,
		channelSpeakers: splitChannels ? [settings.get().local_speaker_name, 'Remote'] : null,
		options: {
			language: options.language ?? null,
			task: options.task,
			wordTimestamps: options.word_timestamps,
			initialPrompt: options.initial_prompt,
			temperature: options.temperature,
		},
	};
}

/** The channels and options the engine gets for decoded audio. */
export function engineInput(
	request: Pick<EngineRequest, 'model' | 'splitChannels' | 'channelSpeakers' | 'options'>,
	decoded: DecodedAudio,
): { channels: Float32Array[]; options: TranscribeOptions & { model: string } } {
	const byChannel =
		request.splitChannels && decoded.channels.length === 2 && request.channelSpeakers !== null;
	return {
		channels: byChannel ? decoded.channels : [decoded.samples],
		options: {
			model: request.model,
			...request.options,
			...(byChannel ? { channelSpeakers: request.channelSpeakers! } : {}),
		},
	};
}
