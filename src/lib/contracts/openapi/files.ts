import { z } from 'zod';
import { audioFileSchema } from '../audio';
import {
	deleteFileRequestSchema,
	deleteFileResponseSchema,
	downloadQuerySchema,
	exportFileSchema,
	exportListSchema,
	exportRequestSchema,
	exportResponseSchema,
	exportsQuerySchema,
	paginationQuerySchema,
	recordingDetailSchema,
	recordingListQuerySchema,
	recordingListSchema,
	recordingResponseSchema,
	renameRecordingRequestSchema,
	renameSpeakerRequestSchema,
	renameSpeakerResponseSchema,
	transcriptionFileSchema,
	transcriptionListSchema,
} from '../files';
import {
	editSegmentRequestSchema,
	segmentResponseSchema,
	segmentVersionsResponseSchema,
	transcriptionDetailSchema,
	transcriptSegmentSchema,
} from '../transcripts';
import { defineArea, named } from './spec';

const idParams = z.object({ id: z.string().describe('The id the API returned') });
const segmentParams = idParams.extend({
	segment_id: z.number().int().nonnegative().describe('The segment `id` (its position, from 0)'),
});

export const filesArea = defineArea({
	tag: 'Files',
	description:
		'Recordings, transcriptions and exports as files: paginated lists (newest first), downloads by id, exports in several formats, deletion.',
	components: [
		named('AudioFile', audioFileSchema),
		named('TranscriptionFile', transcriptionFileSchema),
		named('ExportFile', exportFileSchema),
		named('TranscriptSegment', transcriptSegmentSchema),
	],
	operations: [
		{
			method: 'get',
			path: '/api/v1/files/recordings',
			operationId: 'listRecordings',
			examples: [
				{
					summary: 'The first ten recordings, newest first',
					query: { page: '1', page_size: '10' },
					status: 200,
				},
			],
			summary: 'List recordings',
			description:
				'Newest first unless `sort`/`order` say otherwise. Each recording carries its title, source, newest transcript and newest transcription job, so a list shows its state.',
			query: recordingListQuerySchema,
			responses: {
				200: {
					description: 'A page of recordings',
					schema: named('RecordingList', recordingListSchema),
				},
			},
		},
		{
			method: 'get',
			path: '/api/v1/files/recordings/{id}',
			operationId: 'getRecording',
			examples: [
				{
					summary: 'A recording and its transcripts',
					params: { id: '{audio_file_id}' },
					status: 200,
				},
				{
					summary: 'An unknown recording',
					params: { id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: 'A recording with all its transcripts',
			params: idParams,
			responses: {
				200: {
					description: 'The recording and its transcripts, newest first',
					schema: named('RecordingDetail', recordingDetailSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'patch',
			path: '/api/v1/files/recordings/{id}',
			operationId: 'renameRecording',
			examples: [
				{
					summary: 'A new title',
					params: { id: '{audio_file_id}' },
					body: { title: 'Weekly sync: budget' },
					status: 200,
				},
				{
					summary: 'An empty title',
					params: { id: '{audio_file_id}' },
					body: { title: '   ' },
					status: 422,
				},
			],
			summary: 'Rename a recording',
			description:
				'Sets its title (trimmed, 1–200 characters, made safe as a file name: no slashes, control or bidi characters). Exports and downloads are named after it.',
			params: idParams,
			body: {
				description: 'The new title',
				schema: named('RenameRecordingRequest', renameRecordingRequestSchema),
			},
			responses: {
				200: {
					description: 'The renamed recording',
					schema: named('RecordingResponse', recordingResponseSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'get',
			path: '/api/v1/files/transcriptions/{id}',
			operationId: 'getTranscription',
			examples: [
				{
					summary: 'A transcription with its segments',
					params: { id: '{transcription_id}' },
					status: 200,
				},
			],
			summary: 'A transcription with its segments',
			description:
				'Each segment has its current `text` (edits included) and the model’s `original_text`; `edited` tells them apart. Word timings are given for unedited segments.',
			params: idParams,
			responses: {
				200: {
					description: 'The transcription and its segments in order',
					schema: named('TranscriptionDetail', transcriptionDetailSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'patch',
			path: '/api/v1/files/transcriptions/{id}/segments/{segment_id}',
			operationId: 'editSegment',
			examples: [
				{
					summary: 'Correct the first segment',
					params: { id: '{transcription_id}', segment_id: '0' },
					body: { text: 'Good morning, everyone.' },
					status: 200,
				},
				{
					summary: 'A segment that does not exist',
					params: { id: '{transcription_id}', segment_id: '9999' },
					body: { text: 'Nothing here' },
					status: 404,
				},
			],
			summary: 'Edit a segment’s text',
			description:
				'Saves the text as a new version; the model’s text is kept. Sending the model’s text reverts the edit (`edited` false). Exports, downloads, results and search use the current text; re-transcribing makes a new transcription and never touches this one.',
			params: segmentParams,
			body: {
				description: 'The new text (1–10000 characters)',
				schema: named('EditSegmentRequest', editSegmentRequestSchema),
			},
			responses: {
				200: {
					description: 'The segment as it is now',
					schema: named('SegmentResponse', segmentResponseSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'get',
			path: '/api/v1/files/transcriptions/{id}/segments/{segment_id}/versions',
			operationId: 'listSegmentVersions',
			examples: [
				{
					summary: 'The model’s text, then the edit',
					params: { id: '{transcription_id}', segment_id: '0' },
					status: 200,
				},
			],
			summary: 'A segment’s versions',
			description: 'Oldest first: the model’s text (`source: model`), then every saved edit.',
			params: segmentParams,
			responses: {
				200: {
					description: 'The versions',
					schema: named('SegmentVersions', segmentVersionsResponseSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'get',
			path: '/api/v1/files/transcriptions',
			operationId: 'listTranscriptions',
			examples: [
				{ summary: 'The first page of transcriptions', query: { page: '1' }, status: 200 },
			],
			summary: 'List transcriptions',
			query: paginationQuerySchema,
			responses: {
				200: {
					description: 'A page of transcriptions',
					schema: named('TranscriptionList', transcriptionListSchema),
				},
			},
		},
		{
			method: 'get',
			path: '/api/v1/files/exports',
			operationId: 'listExports',
			examples: [{ summary: 'Exports', status: 200 }],
			summary: 'List exports',
			query: exportsQuerySchema,
			responses: {
				200: { description: 'A page of exports', schema: named('ExportList', exportListSchema) },
			},
		},
		{
			method: 'get',
			path: '/api/v1/files/download/{id}',
			operationId: 'downloadFile',
			examples: [
				{ summary: 'A recording’s audio', params: { id: '{audio_file_id}' }, status: 200 },
				{
					summary: 'An unknown file',
					params: { id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: 'Download a recording, transcription or export',
			description:
				'Recordings stream with single-range support (206 with Content-Range) so players can seek; a transcription downloads as its JSON export. Content-Disposition carries the file name.',
			params: idParams,
			query: downloadQuerySchema,
			responses: {
				200: {
					description: 'The file (audio/wav, application/json, text/plain, …)',
					contentType: 'application/octet-stream',
				},
				206: {
					description: 'The requested byte range',
					contentType: 'application/octet-stream',
					headers: { 'content-range': { description: 'bytes <start>-<end>/<size>' } },
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'RANGE_NOT_SATISFIABLE'],
		},
		{
			method: 'delete',
			path: '/api/v1/files/{id}',
			operationId: 'deleteFile',
			examples: [
				{
					summary: 'Delete a recording and what depends on it',
					params: { id: '{audio_file_id}' },
					body: { file_type: 'recording', confirm_delete: true },
					status: 200,
				},
				{
					summary: 'Not confirmed',
					params: { id: '{audio_file_id}' },
					body: { file_type: 'recording', confirm_delete: false },
					status: 422,
				},
			],
			summary: 'Delete a file',
			description:
				'Deleting a recording takes its transcriptions and exports along; a transcription takes its exports.',
			params: idParams,
			body: {
				description: 'What to delete, confirmed',
				schema: named('DeleteFileRequest', deleteFileRequestSchema),
			},
			responses: {
				200: { description: 'Deleted', schema: named('DeletedFile', deleteFileResponseSchema) },
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'],
		},
		{
			method: 'patch',
			path: '/api/v1/files/transcriptions/{id}/speakers',
			operationId: 'renameSpeaker',
			examples: [
				{
					summary: 'Name the remote speaker',
					params: { id: '{transcription_id}' },
					body: { speaker_id: 'tab', new_name: 'Dana' },
					status: 200,
				},
			],
			summary: 'Rename a speaker of a transcription',
			description:
				'Names the speaker by its id (`mic`, `tab` for recordings) or current name; every one of its segments takes the new name, and later exports show it. Renaming to an existing name merges the two speakers.',
			params: idParams,
			body: {
				description: 'Which speaker, and the new name',
				schema: named('RenameSpeakerRequest', renameSpeakerRequestSchema),
			},
			responses: {
				200: {
					description: 'The transcription with its new speaker list',
					schema: named('RenameSpeakerResponse', renameSpeakerResponseSchema),
				},
			},
			errors: ['NOT_FOUND'],
		},
		{
			method: 'post',
			path: '/api/v1/files/export',
			operationId: 'exportTranscription',
			examples: [
				{
					summary: 'Subtitles and plain text at once',
					body: { transcription_id: '{transcription_id}', formats: ['srt', 'txt'] },
					status: 201,
				},
			],
			summary: 'Export a transcription in several formats at once',
			body: {
				description: 'The transcription and formats',
				schema: named('ExportRequest', exportRequestSchema),
			},
			responses: {
				201: {
					description: 'The export files written',
					schema: named('ExportResponse', exportResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND'],
		},
	],
});
