import type { AudioFile } from '../../contracts/audio';
import type {
	DeleteSummary,
	ExportFile,
	ExportRequest,
	FileType,
	PaginationQuery,
	TranscriptionFile,
} from '../../contracts/files';
import type { Page, PageRequest } from '../infra/db/records';
import { assertSafeId } from '../infra/storage/data-dir';
import type { FilesDeps } from './deps';
import { resolveDownload, type Download } from './download';
import { createExports } from './exports';
import { deleteFile } from './remove';
import { toAudioFile, toExportFile, toTranscriptionFile } from '../infra/db/views';

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
	view: (r: R) => T,
): ListPage<T> {
	const request = { page: query.page, pageSize: query.page_size };
	const total = count();
	const items = (query.page - 1) * query.page_size >= total ? [] : list(request).items;
	return {
		items: items.map(view),
		total_count: total,
		page: query.page,
		page_size: query.page_size,
	};
}

/** Recordings, transcriptions and exports as files: listing, download, export and deletion. */
export class FilesService {
	constructor(private readonly deps: FilesDeps) {}

	listRecordings(query: PaginationQuery): ListPage<AudioFile> {
		const r = this.deps.repos.recordings;
		return paged(
			query,
			() => r.count(),
			(p) => r.list(p),
			toAudioFile,
		);
	}

	listTranscriptions(query: PaginationQuery): ListPage<TranscriptionFile> {
		const t = this.deps.repos.transcripts;
		return paged(
			query,
			() => t.count(),
			(p) => t.list(p),
			toTranscriptionFile,
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
				toExportFile,
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
			toExportFile,
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
