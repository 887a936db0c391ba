import fs from 'node:fs';
import path from 'node:path';
import {
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionResult,
} from '../../src/lib/contracts/transcription';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from '../../src/lib/server/diarization';
import { TEST_MODEL, TEST_MODELS_DIR, tempDir } from './server';

/**
 * MODELS_DIR with the Whisper test model and (unless `withDiarization` is false) the diarization
 * test models under their real names.
 */
export function diarizationModelsDir(withDiarization = true): string {
	const dir = tempDir('meetingscribe-models-');
	for (const [folder, fixture] of [
		[TEST_MODEL, TEST_MODEL],
		...(withDiarization
			? ([
					[SEGMENTATION_FOLDER, 'diarize-segmentation-test'],
					[EMBEDDING_FOLDER, 'diarize-embedding-test'],
				] as const)
			: []),
	]) {
		fs.mkdirSync(path.dirname(path.join(dir, folder)), { recursive: true });
		fs.symlinkSync(path.join(TEST_MODELS_DIR, fixture), path.join(dir, folder));
	}
	return dir;
}

/** Uploads `file` for transcription with these form fields and waits for the result. */
export async function transcribeFile(
	baseUrl: string,
	file: string,
	fields: Record<string, string>,
	timeoutMs = 90_000,
): Promise<TranscriptionResult> {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.set(k, v);
	fd.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
	const res = await fetch(`${baseUrl}/api/v1/transcription/start`, { method: 'POST', body: fd });
	if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
	const { job_id } = transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
	for (const until = Date.now() + timeoutMs; ;) {
		const r = await fetch(`${baseUrl}/api/v1/transcription/result/${job_id}`);
		if (r.status === 200) return transcriptionResultSchema.parse(await r.json());
		const job = transcriptionJobSchema.parse(
			await (await fetch(`${baseUrl}/api/v1/transcription/status/${job_id}`)).json(),
		);
		if (job.status === 'failed') throw new Error(`job failed: ${job.error_message}`);
		if (Date.now() > until) throw new Error(`job ${job_id} did not complete`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
