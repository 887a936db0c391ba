import { z } from 'zod';
import { api } from '../api';

/*
 * The library reads other features' endpoints (files, transcriptions). Only the fields shown
 * are parsed, and loosely, so that additions on the server do not break the page.
 */

const recordingSchema = z.object({
	id: z.string(),
	filename: z.string(),
	duration_seconds: z.number(),
	size_bytes: z.number(),
	channels: z.number(),
	created_at: z.string(),
});
export type Recording = z.infer<typeof recordingSchema>;

const recordingPageSchema = z.object({
	recordings: z.array(z.unknown()),
	total_count: z.number(),
});

const transcriptionSchema = z.object({
	id: z.string(),
	audio_file_id: z.string().nullable(),
	full_text: z.string(),
	created_at: z.string(),
});
export type TranscriptionSummary = z.infer<typeof transcriptionSchema>;

const segmentSchema = z.object({
	start: z.number(),
	end: z.number(),
	text: z.string(),
	speaker_name: z.string().nullable().optional(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const PAGE_SIZE = 20;

export async function loadRecordings(page: number): Promise<{ items: Recording[]; total: number }> {
	const body = recordingPageSchema.parse(
		await api(`/api/v1/files/recordings?page=${page}&page_size=${PAGE_SIZE}`),
	);
	const items = body.recordings.flatMap((r) => {
		const parsed = recordingSchema.safeParse(r);
		return parsed.success ? [parsed.data] : [];
	});
	return { items, total: body.total_count };
}

/** The newest transcription of each recording (first 100 transcriptions); empty if unavailable. */
export async function loadTranscriptionIndex(): Promise<Map<string, TranscriptionSummary>> {
	const index = new Map<string, TranscriptionSummary>();
	try {
		const body = z
			.object({ transcriptions: z.array(z.unknown()) })
			.parse(await api('/api/v1/files/transcriptions?page=1&page_size=100'));
		for (const t of body.transcriptions) {
			const parsed = transcriptionSchema.safeParse(t);
			if (!parsed.success || !parsed.data.audio_file_id) continue;
			const prev = index.get(parsed.data.audio_file_id);
			if (!prev || prev.created_at < parsed.data.created_at)
				index.set(parsed.data.audio_file_id, parsed.data);
		}
	} catch {
		// No transcripts to show beside the player; the recordings still play.
	}
	return index;
}

/** A transcription's timed segments (its JSON download), or null when it has none. */
export async function loadSegments(transcriptionId: string): Promise<Segment[] | null> {
	const body = z
		.object({ segments: z.array(segmentSchema) })
		.safeParse(await api(`/api/v1/files/download/${encodeURIComponent(transcriptionId)}`));
	return body.success && body.data.segments.length ? body.data.segments : null;
}

export function downloadUrl(id: string): string {
	return `/api/v1/files/download/${encodeURIComponent(id)}`;
}
