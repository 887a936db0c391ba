import type { TranscriptJson } from '../../../contracts/transcript-json';
import { speakersOf, titleOf } from './text';
import type { ExportDocument, ExportFormatModule } from './types';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The full result as a plain object (also what a transcription's download serves). */
export function toTranscriptJson(doc: ExportDocument, includeMetadata = true): TranscriptJson {
	const t = doc.transcript;
	const segments = doc.segments.map((s, id) => ({
		id,
		seek: Math.max(0, Math.floor(s.start * 100)),
		start: round3(s.start),
		end: round3(s.end),
		text: s.text,
		temperature: 0,
		confidence: s.confidence,
		speaker_id: s.speakerId,
		speaker_name: s.speakerName,
		channel: s.channel,
		...(s.words ? { words: s.words } : {}),
	}));
	return {
		task: 'transcribe',
		language: t.language ?? 'unknown',
		duration: t.totalDuration,
		text: t.fullText,
		segments,
		words: doc.segments.flatMap((s) => s.words ?? []),
		speakers: speakersOf(doc),
		...(includeMetadata
			? {
					metadata: {
						transcription_id: t.id,
						title: titleOf(doc),
						audio_file_id: t.audioFileId,
						audio_filename: doc.audioFilename,
						kind: t.kind,
						model_used: t.modelUsed,
						device: t.device,
						confidence_average: t.confidenceAverage,
						word_count: t.wordCount,
						processing_time: t.processingTime,
						created_at: t.createdAt,
					},
				}
			: {}),
	};
}

export const renderTranscriptJson = (doc: ExportDocument, includeMetadata = true): string =>
	JSON.stringify(toTranscriptJson(doc, includeMetadata), null, 2) + '\n';

/** JSON: OpenAI verbose_json fields plus speakers and metadata (contracts/transcript-json.ts). */
export const json: ExportFormatModule = {
	format: 'json',
	extension: 'json',
	contentType: 'application/json; charset=utf-8',
	render: (doc, { includeMetadata }) => renderTranscriptJson(doc, includeMetadata),
};
