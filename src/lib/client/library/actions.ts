import { z } from 'zod';
import { api } from '../api';
import {
	jobSchema,
	localModelSchema,
	parseEach,
	searchResultSchema,
	type Job,
	type JobStatus,
	type LocalModel,
	type SearchResult,
} from './schemas';

export const EXPORT_CHOICES = ['txt', 'srt', 'vtt', 'json', 'tsv', 'md', 'docx'] as const;
export type ExportChoice = (typeof EXPORT_CHOICES)[number];

/** Writes one export on the server and starts its download in the browser. */
export async function exportTranscript(
	transcriptionId: string,
	format: ExportChoice,
	timestamps: boolean,
): Promise<string> {
	const body = z
		.object({ export_files: z.array(z.object({ id: z.string(), filename: z.string() })).min(1) })
		.parse(
			await api('/api/v1/files/export', {
				method: 'POST',
				body: {
					transcription_id: transcriptionId,
					formats: [format],
					include_metadata: true,
					include_timestamps: timestamps,
				},
			}),
		);
	const file = body.export_files[0]!;
	const a = document.createElement('a');
	a.href = `/api/v1/files/download/${encodeURIComponent(file.id)}`;
	a.download = file.filename;
	document.body.append(a);
	a.click();
	a.remove();
	return file.filename;
}

export interface TranscribeOptions {
	model: string | null;
	language: string | null;
	task: 'transcribe' | 'translate';
	speakers: boolean;
}

export async function transcribe(audioFileId: string, o: TranscribeOptions): Promise<void> {
	await api('/api/v1/transcription/start', {
		method: 'POST',
		body: {
			audio_file_id: audioFileId,
			...(o.model ? { model: o.model } : {}),
			...(o.language ? { language: o.language } : {}),
			task: o.task,
			enable_speaker_detection: o.speakers,
			word_timestamps: true,
		},
	});
}

export async function installedModels(): Promise<{ models: LocalModel[]; defaultModel: string }> {
	const body = z
		.object({ local_models: z.array(z.unknown()), default_model: z.string().catch('') })
		.parse(await api('/api/v1/transcription/models'));
	return {
		models: parseEach(localModelSchema, body.local_models),
		defaultModel: body.default_model,
	};
}

export async function search(
	q: string,
	page: number,
	pageSize = 20,
): Promise<{ results: SearchResult[]; total: number }> {
	const params = new URLSearchParams({ q, page: String(page), page_size: String(pageSize) });
	const body = z
		.object({ results: z.array(z.unknown()), total_count: z.number() })
		.parse(await api(`/api/v1/search?${params}`));
	return { results: parseEach(searchResultSchema, body.results), total: body.total_count };
}

export async function listJobs(
	o: { status?: JobStatus; page?: number; pageSize?: number } = {},
): Promise<{ jobs: Job[]; total: number }> {
	const params = new URLSearchParams({
		page: String(o.page ?? 1),
		page_size: String(o.pageSize ?? 50),
		...(o.status ? { status: o.status } : {}),
	});
	const body = z
		.object({ jobs: z.array(z.unknown()), total_count: z.number().catch(0) })
		.parse(await api(`/api/v1/transcription/jobs?${params}`));
	return { jobs: parseEach(jobSchema, body.jobs), total: body.total_count };
}

export async function cancelJob(jobId: string): Promise<void> {
	await api(`/api/v1/transcription/cancel/${encodeURIComponent(jobId)}`, { method: 'DELETE' });
}
