import type { AudioFile } from '../../contracts/audio';
import type {
	DeleteSummary,
	ExportFile,
	ExportRequest,
	FileType,
	PaginationQuery,
	RecordingListQuery,
	TranscriptionFile,
} from '../../contracts/files';
import type { Page, PageRequest } from '../infra/db/records';
import { assertSafeId } from '../infra/storage/data-dir';
import type { FilesDeps } from './deps';
import { resolveDownload, type Download } from './download';
import { createExports } from './exports';
import { deleteFile } from './remove';
import { describeRecordings, toExportFile, toTranscriptionFile } from '../infra/db/views';
import { recordingDetail, renameRecording } from './recordings';

export interface ListPage<T> {
	items: T[];
	total_count: number;
	page: number;
	page_size: number;
}

/**
 * A page of a list. A page past the end is empty, not an error, and is answered without asking
 * the store for an offset it would have to skip.
 */
function paged<R, T>(
	query: PaginationQuery,
	count: () => number,
	list: (p: PageRequest) => Page<R>,
	view: (rs: R[]) => T[],
): ListPage<T> {
	const request = { page: query.page, pageSize: query.page_size };
	const total = count();
	const items = (query.page - 1) * query.page_size >= total ? [] : list(request).items;
	return {
		items: view(items),
		total_count: total,
		page: query.page,
		page_size: query.page_size,
	};
}

/** Recordings, transcriptions and exports as files: listing, download, export and deletion. */
export class FilesService {
	constructor(private readonly deps: FilesDeps) {}

	/** Each with its title, source, newest transcript and newest job. */
	listRecordings(
		query: PaginationQuery & Partial<Pick<RecordingListQuery, 'sort' | 'order'>>,
	): ListPage<AudioFile> {
		const r = this.deps.repos.recordings;
		return paged(
			query,
			() => r.count(),
			(p) => r.list(p, { by: query.sort ?? 'created_at', order: query.order ?? 'desc' }),
			(rs) => describeRecordings(this.deps.repos, rs),
		);
	}

	/** A recording with all its transcripts, newest first. */
	recording(id: string): { recording: AudioFile; transcriptions: TranscriptionFile[] } {
		return recordingDetail(this.deps.repos, id);
	}

	/** Renames a recording (its title only: the file and its id stay). */
	renameRecording(id: string, title: string): AudioFile {
		return renameRecording(this.deps.repos, id, title);
	}

	listTranscriptions(query: PaginationQuery): ListPage<TranscriptionFile> {
		const t = this.deps.repos.transcripts;
		return paged(
			query,
			() => t.count(),
			(p) => t.list(p),
			(ts) => ts.map(toTranscriptionFile),
		);
	}

	/** All exports, or one transcription's (a handful, so that list is paged in memory). */
	listExports(query: PaginationQuery & { transcription_id?: string }): ListPage<ExportFile> {
		const e = this.deps.repos.exports;
		const id = query.transcription_id;
		if (id === undefined)
			return paged(
				query,
				() => e.count(),
				(p) => e.list(p),
				(es) => es.map(toExportFile),
			);
		assertSafeId(id, 'transcription_id');
		const all = e.listByTranscript(id);
		return paged(
			query,
			() => all.length,
			(p) => ({
				items: all.slice((p.page - 1) * p.pageSize, p.page * p.pageSize),
				totalCount: all.length,
			}),
			(es) => es.map(toExportFile),
		);
	}

	download(id: string, fileType?: FileType): Download {
		return resolveDownload(this.deps, id, fileType);
	}

	async export(request: ExportRequest): Promise<ExportFile[]> {
		return (await createExports(this.deps, request)).map(toExportFile);
	}

	delete(id: string, fileType: FileType): Promise<DeleteSummary> {
		return deleteFile(this.deps, id, fileType);
	}
}
