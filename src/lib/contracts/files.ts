import { ID_PATTERN } from './ids';
import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';
import { audioFileSchema } from './audio';

export const EXPORT_FORMATS = ['txt', 'srt', 'vtt', 'json', 'tsv', 'md', 'docx', 'rttm'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const FILE_TYPES = ['recording', 'transcription', 'export'] as const;
export const fileTypeSchema = z.enum(FILE_TYPES);
export type FileType = z.infer<typeof fileTypeSchema>;

/** Ids are server-made; the same rule as the server's assertSafeId, so bad ids are field errors. */
export const resourceIdSchema = z
	.string()
	.regex(ID_PATTERN, { error: 'Use the id the API returned' });

export const transcriptionFileSchema = z.object({
	id: z.string(),
	/** Display name; a download is this transcription's JSON export under this name. */
	filename: z.string(),
	/** Transcripts live in the database; this is where to download one. */
	path: z.string(),
	audio_file_id: z.string().nullable(),
	full_text: z.string(),
	language: z.string().nullable(),
	model_used: z.string(),
	confidence_average: z.number().nullable(),
	word_count: z.number().int().nonnegative(),
	created_at: timestampSchema,
	// Beyond the contract's fields:
	kind: z.enum(['file', 'live', 'refined']),
	total_duration: z.number().nonnegative(),
	speakers: z.array(z.string()),
});
export type TranscriptionFile = z.infer<typeof transcriptionFileSchema>;

export const exportFileSchema = z.object({
	id: z.string(),
	filename: z.string(),
	/** Path relative to DATA_DIR; files are downloaded by id, never by path. */
	path: z.string(),
	format: exportFormatSchema,
	size_bytes: z.number().int().nonnegative(),
	transcription_id: z.string(),
	created_at: timestampSchema,
});
export type ExportFile = z.infer<typeof exportFileSchema>;

export const exportRequestSchema = z
	.object({
		transcription_id: resourceIdSchema,
		formats: z
			.array(exportFormatSchema)
			.min(1, { error: `Give at least one format (${EXPORT_FORMATS.join(', ')})` })
			.max(50)
			// Asking twice for a format is harmless: it is written once.
			.transform((formats) => [...new Set(formats)]),
		include_metadata: z.boolean().default(true),
		include_timestamps: z.boolean().default(true),
	})
	.strict();
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportResponseSchema = successEnvelopeSchema.extend({
	export_files: z.array(exportFileSchema),
	total_files: z.number().int().nonnegative(),
});

/** Query strings: page from 1, page_size 1..100. A page past the end is an empty list. */
export const paginationQuerySchema = z.object({
	page: z.coerce.number().int().min(1).default(1),
	page_size: z.coerce.number().int().min(1).max(100).default(20),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export const exportsQuerySchema = paginationQuerySchema.extend({
	transcription_id: resourceIdSchema.optional(),
});

/** Optional on downloads: says which kind of file the id names (ids are unique anyway). */
export const downloadQuerySchema = z.object({ file_type: fileTypeSchema.optional() });

const listEnvelopeSchema = successEnvelopeSchema.extend({
	total_count: z.number().int().nonnegative(),
	page: z.number().int().positive(),
	page_size: z.number().int().positive(),
});
export const RECORDING_SORTS = ['created_at', 'title', 'duration'] as const;
export const recordingListQuerySchema = paginationQuerySchema.extend({
	sort: z.enum(RECORDING_SORTS).default('created_at'),
	order: z.enum(['desc', 'asc']).default('desc'),
});
export type RecordingListQuery = z.infer<typeof recordingListQuerySchema>;

export const recordingListSchema = listEnvelopeSchema.extend({
	recordings: z.array(audioFileSchema),
});

export const recordingDetailSchema = successEnvelopeSchema.extend({
	recording: audioFileSchema,
	/** Every transcript of the recording, newest first. */
	transcriptions: z.array(transcriptionFileSchema),
});

/** PATCH /api/v1/files/recordings/{id}: made safe as a file name label (no slashes, controls). */
export const renameRecordingRequestSchema = z
	.object({
		title: z
			.string({ error: 'Give the new title' })
			.trim()
			.min(1, { error: 'The title cannot be empty' })
			.max(200, { error: 'Keep the title to 200 characters' }),
	})
	.strict();

export const recordingResponseSchema = successEnvelopeSchema.extend({ recording: audioFileSchema });
export const transcriptionListSchema = listEnvelopeSchema.extend({
	transcriptions: z.array(transcriptionFileSchema),
});
export const exportListSchema = listEnvelopeSchema.extend({ exports: z.array(exportFileSchema) });

export const deleteFileRequestSchema = z
	.object({
		file_type: fileTypeSchema,
		confirm_delete: z.literal(true, {
			error: 'Set confirm_delete to true: deleting removes the file and what depends on it',
		}),
	})
	.strict();

export const deleteFileResponseSchema = successEnvelopeSchema.extend({
	deleted: z.object({
		id: z.string(),
		file_type: fileTypeSchema,
		/** Transcriptions and exports that went with it (a recording takes both along). */
		transcriptions_deleted: z.number().int().nonnegative(),
		exports_deleted: z.number().int().nonnegative(),
	}),
});
export type DeleteSummary = z.infer<typeof deleteFileResponseSchema>['deleted'];

/**
 * PATCH /api/v1/files/transcriptions/{id}/speakers: renames one speaker of a transcript, named
 * by its stable id (`mic`, `tab`) or by its current name. Exports read names at export time.
 */
export const renameSpeakerRequestSchema = z
	.object({
		speaker_id: z.string().trim().min(1).max(100).optional(),
		old_name: z.string().trim().min(1).max(200).optional(),
		new_name: z.string().trim().min(1).max(80),
	})
	.strict()
	.refine((v) => v.speaker_id !== undefined || v.old_name !== undefined, {
		message: 'Give speaker_id or old_name: which speaker to rename',
		path: ['speaker_id'],
	});
export type RenameSpeakerRequest = z.infer<typeof renameSpeakerRequestSchema>;

export const renameSpeakerResponseSchema = successEnvelopeSchema.extend({
	transcription: transcriptionFileSchema,
	/** Segments whose speaker name changed. */
	segments_renamed: z.number().int().nonnegative(),
});
