import { z } from 'zod';
import { api } from '../api';
import {
	parseEach,
	segmentSchema,
	transcriptionFileSchema,
	versionSchema,
	type Segment,
	type SegmentVersion,
	type TranscriptionFile,
} from './schemas';

const base = (id: string) => `/api/v1/files/transcriptions/${encodeURIComponent(id)}`;

export async function getTranscript(
	id: string,
): Promise<{ transcription: TranscriptionFile; segments: Segment[] }> {
	const body = z
		.object({ transcription: transcriptionFileSchema, segments: z.array(z.unknown()) })
		.parse(await api(base(id)));
	const segments = parseEach(segmentSchema, body.segments).sort(
		(a, b) => a.start_time - b.start_time,
	);
	return { transcription: body.transcription, segments };
}

/** Stores `text` as the segment's new version (the original is kept on the server). */
export async function editSegment(
	transcriptionId: string,
	segmentId: Segment['id'],
	text: string,
): Promise<Segment> {
	const body = z.object({ segment: segmentSchema }).parse(
		await api(`${base(transcriptionId)}/segments/${encodeURIComponent(String(segmentId))}`, {
			method: 'PATCH',
			body: { text },
		}),
	);
	return body.segment;
}

export async function segmentVersions(
	transcriptionId: string,
	segmentId: Segment['id'],
): Promise<SegmentVersion[]> {
	const body = z
		.object({ versions: z.array(versionSchema) })
		.parse(
			await api(
				`${base(transcriptionId)}/segments/${encodeURIComponent(String(segmentId))}/versions`,
			),
		);
	return body.versions;
}

/** Renames a speaker in every segment of the transcript. */
export async function renameSpeaker(
	transcriptionId: string,
	speaker: { speaker_id?: string | null; old_name?: string | null },
	newName: string,
): Promise<void> {
	await api(`${base(transcriptionId)}/speakers`, {
		method: 'PATCH',
		body: speaker.speaker_id
			? { speaker_id: speaker.speaker_id, new_name: newName }
			: { old_name: speaker.old_name ?? '', new_name: newName },
	});
}
