// Voice diarization of a finished transcription (when speaker detection is on and the models are
// installed): each transcribed channel is diarized on its own; its segments take the voice that
// talks most in them, split where the voice changes. One voice on a channel keeps the channel's
// label ("You", "Remote", "Channel 2"); several become "Remote 1", "Remote 2"…; a mono file's
// voices are "Speaker 1", "Speaker 2"….
import { openPcmFile, trackChunks, type PcmFile } from '../infra/media/audio-source';
import type { Segment, TranscriptionResult as EngineResult } from '../asr';
import type { Diarization, SpeakerCount } from '../diarization';
import {
	diarizeChannels,
	findDiarizationModels,
	installedModels,
	splitBySpeaker,
} from '../diarization';

/** Whether voice diarization can run: both models installed under MODELS_DIR. */
export function diarizationAvailable(modelsDir: string): boolean {
	return findDiarizationModels(modelsDir) !== null;
}

export interface VoiceInput {
	/**
	 * What will be transcribed: one track per labelled channel, or the mono mix; an array, or
	 * its samples in pieces (a file's, read as the diarization goes).
	 */
	channels: (Float32Array | Iterable<Float32Array>)[];
	modelsDir: string;
	count: SpeakerCount;
	signal?: AbortSignal;
}

/**
 * Diarizes each track, or null when the models are not installed. Runs before transcription:
 * the engine takes the sample buffers over (transferred to its worker), so they are gone after.
 */
export async function diarizeTracks(input: VoiceInput): Promise<Diarization[] | null> {
	const models = installedModels(input.modelsDir);
	if (!models) return null;
	return diarizeChannels(await models, input.channels, { ...input.count, signal: input.signal });
}

export interface FileVoiceInput extends Omit<VoiceInput, 'channels'> {
	file: PcmFile;
	/** The channels one by one (transcribed by channel), or their mix. */
	perChannel: boolean;
}

/** `diarizeTracks` on PCM in a file, read 10 s at a time rather than held whole. */
export async function diarizeFile(input: FileVoiceInput): Promise<Diarization[] | null> {
	const { file, perChannel, ...rest } = input;
	const source = openPcmFile(file);
	try {
		const tracks = perChannel
			? Array.from({ length: source.channels }, (_, c) => source.track(c))
			: [source.mix()];
		return await diarizeTracks({ ...rest, channels: tracks.map((t) => trackChunks(t)) });
	} finally {
		source.close();
	}
}

/** The result with voice speakers from `diarizeTracks` (one per transcribed track). */
export function applyVoiceSpeakers(result: EngineResult, diarized: Diarization[]): EngineResult {
	const segments: Segment[] = [];
	for (const segment of result.segments) {
		const c = segment.channel ?? 0;
		const { turns, speakers } = diarized[c] ?? { turns: [], speakers: 0 };
		const base = segment.channel === null ? null : segment.speaker;
		for (const { segment: piece, speaker: voice } of splitBySpeaker(segment, turns)) {
			const named = (() => {
				if (voice === null) return { speaker: base, speakerId: undefined };
				if (base === null)
					return { speaker: `Speaker ${voice + 1}`, speakerId: `speaker-${voice + 1}` };
				if (speakers <= 1) return { speaker: base, speakerId: undefined };
				return { speaker: `${base} ${voice + 1}`, speakerId: `ch${c}-${voice + 1}` };
			})();
			segments.push({ ...piece, id: segments.length, ...named });
		}
	}
	return { ...result, segments };
}
