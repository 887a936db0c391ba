import { z } from 'zod';
import { api } from '../api';
import {
	parseEach,
	recordingSchema,
	transcriptionFileSchema,
	type Recording,
	type TranscriptionFile,
} from './schemas';

export const SORT_KEYS = ['created_at', 'title', 'duration'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export interface RecordingPage {
	items: Recording[];
	total: number;
}

const pageSchema = z.object({ recordings: z.array(z.unknown()), total_count: z.number() });

export async function listRecordings(o: {
	page: number;
	pageSize: number;
	sort: SortKey;
	order: SortOrder;
}): Promise<RecordingPage> {
	const q = new URLSearchParams({
		page: String(o.page),
		page_size: String(o.pageSize),
		sort: o.sort,
		order: o.order,
	});
	const body = pageSchema.parse(await api(`/api/v1/files/recordings?${q}`));
	return { items: parseEach(recordingSchema, body.recordings), total: body.total_count };
}

const detailSchema = z.object({
	recording: recordingSchema,
	transcriptions: z.array(z.unknown()).catch([]),
});

export async function getRecording(
	id: string,
): Promise<{ recording: Recording; transcriptions: TranscriptionFile[] }> {
	const body = detailSchema.parse(await api(`/api/v1/files/recordings/${encodeURIComponent(id)}`));
	const transcriptions = parseEach(transcriptionFileSchema, body.transcriptions).sort((a, b) =>
		b.created_at.localeCompare(a.created_at),
	);
	return { recording: body.recording, transcriptions };
}

export async function renameRecording(id: string, title: string): Promise<Recording> {
	const body = z.object({ recording: recordingSchema }).parse(
		await api(`/api/v1/files/recordings/${encodeURIComponent(id)}`, {
			method: 'PATCH',
			body: { title },
		}),
	);
	return body.recording;
}

/** Deletes a recording (with its transcripts and exports) or one transcript. */
export async function deleteFile(
	id: string,
	fileType: 'recording' | 'transcription',
): Promise<void> {
	await api(`/api/v1/files/${encodeURIComponent(id)}`, {
		method: 'DELETE',
		body: { file_type: fileType, confirm_delete: true },
	});
}

export function audioUrl(recordingId: string): string {
	return `/api/v1/files/download/${encodeURIComponent(recordingId)}`;
}

/** What the list shows as a recording's name: its title, else its file name. */
export function displayTitle(r: Pick<Recording, 'title' | 'filename'>): string {
	return r.title?.trim() || r.filename;
}
