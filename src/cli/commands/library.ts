import path from 'node:path';
import {
	EXPORT_FORMATS,
	exportRequestSchema,
	type PaginationQuery,
} from '../../lib/contracts/files';
import type { ListPage } from '../../lib/server/library';
import { safeFileStem } from '../../lib/server/library';
import { loadExportDocument, resolveTranscriptId } from '../../lib/server/transcription';
import { titleOf } from '../../lib/server/library';
import { formatDuration } from '../../lib/server/infra/time';
import { stringOption, UsageError, type Command } from '../command';
import { parseFormats, writeExports } from '../exports';
import { formatBytes, shortDate } from '../output';

/** The API's largest page: the CLI lists everything, a page at a time. */
const PAGE_SIZE = 100;

function all<T>(list: (q: PaginationQuery) => ListPage<T>): T[] {
	const items: T[] = [];
	for (let page = 1; ; page++) {
		const p = list({ page, page_size: PAGE_SIZE });
		items.push(...p.items);
		if (p.items.length < PAGE_SIZE || items.length >= p.total_count) return items;
	}
}

export const recordingsList: Command = {
	name: 'recordings list',
	summary: 'List recordings and uploaded audio, newest first',
	run({ out, context }) {
		const ctx = context();
		const recordings = all((q) => ctx.files.listRecordings(q));
		out.result({ recordings, total_count: recordings.length }, () => {
			if (!recordings.length) return out.line(`No recordings in ${ctx.config.DATA_DIR}`);
			out.table(
				['ID', 'CREATED', 'DURATION', 'SIZE', 'FORMAT', 'NAME'],
				recordings.map((r) => [
					r.id,
					shortDate(r.created_at),
					r.duration_formatted,
					formatBytes(r.size_bytes),
					r.audio_format,
					r.filename,
				]),
			);
		});
	},
};

export const transcriptsList: Command = {
	name: 'transcripts list',
	summary: 'List transcripts, newest first',
	run({ out, context }) {
		const ctx = context();
		const transcriptions = all((q) => ctx.files.listTranscriptions(q));
		out.result({ transcriptions, total_count: transcriptions.length }, () => {
			if (!transcriptions.length) return out.line(`No transcripts in ${ctx.config.DATA_DIR}`);
			out.table(
				['ID', 'CREATED', 'DURATION', 'WORDS', 'LANG', 'MODEL', 'NAME'],
				transcriptions.map((t) => [
					t.id,
					shortDate(t.created_at),
					formatDuration(t.total_duration),
					String(t.word_count),
					t.language ?? '-',
					t.model_used,
					t.filename,
				]),
			);
		});
	},
};

export const exportCommand: Command = {
	name: 'export',
	args: '<transcript-id>',
	summary: 'Write a stored transcript to files in any export format',
	details:
		"The id comes from 'meetingscribe transcripts list'; any unique start of it will do. Files are named after the transcript.",
	options: {
		format: {
			type: 'string',
			value: 'LIST',
			description: `Formats, comma-separated: ${EXPORT_FORMATS.join(',')} (required)`,
		},
		out: { type: 'string', value: 'DIR', description: 'Folder to write to (default: here)' },
	},
	positionals: { min: 1, max: 1 },
	async run({ values, positionals, out, context }) {
		const format = stringOption(values, 'format');
		if (format === undefined) throw new UsageError('missing --format', 'export');
		// The API's rules for an export request (a well-formed id, known formats).
		const request = exportRequestSchema.safeParse({
			transcription_id: positionals[0],
			formats: parseFormats(format, 'export'),
		});
		if (!request.success) {
			throw new UsageError(`transcript id: ${request.error.issues[0]!.message}`, 'export');
		}
		const ctx = context();
		const id = resolveTranscriptId(ctx.repos, request.data.transcription_id);
		const doc = loadExportDocument(ctx.repos, id);
		const dir = path.resolve(stringOption(values, 'out') ?? '.');
		const files = await writeExports(doc, request.data.formats, dir, safeFileStem(titleOf(doc)));
		out.result({ transcription_id: doc.transcript.id, files }, () => {
			for (const file of files) out.line(file);
		});
	},
};
