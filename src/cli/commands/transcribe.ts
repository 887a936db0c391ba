import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/contracts/files';
import { transcriptionOptionsSchema } from '../../lib/contracts/transcription';
import { openAudio, type OpenedAudio } from '../../lib/server/infra/media/audio-file';
import { isDomainError } from '../../lib/server/infra/errors';
import type { TranscriptionResult } from '../../lib/server/asr';
import { storeTranscript, toExportDocument } from '../../lib/server/transcription';
import type { AppContext } from '../../lib/server/app/context';
import { CliError, stringOption, UsageError, type Command, type OptionValues } from '../command';
import { exportPaths, parseFormats, writeExports } from '../exports';
import { ProgressLine } from '../progress';

/** The flag each API option comes from, to name it in messages. */
const FLAG: Record<string, string> = {
	model: '--model',
	language: '--language',
	task: '--task',
	initial_prompt: '--prompt',
	temperature: '--temperature',
};

/** The options, checked by the same schema as the API's transcription requests. */
function transcriptionOptions(values: OptionValues) {
	const parsed = transcriptionOptionsSchema.safeParse({
		model: stringOption(values, 'model'),
		language: stringOption(values, 'language'),
		task: stringOption(values, 'task'),
		word_timestamps: values['word-timestamps'] === true,
		initial_prompt: stringOption(values, 'prompt'),
		temperature: stringOption(values, 'temperature'),
	});
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0]!;
	const flag = FLAG[String(issue.path[0])] ?? String(issue.path[0]);
	throw new UsageError(`${flag}: ${issue.message}`, 'transcribe');
}

/** A readable file, or a one-line reason why not. */
function checkInput(file: string): void {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		throw new CliError(
			`cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)}`,
		);
	}
	if (!stat.isFile()) throw new CliError(`cannot read '${file}': not a file`);
}

interface Planned {
	input: string;
	dir: string;
	stem: string;
}

/** Where each input's files go; two inputs that would write the same file are refused. */
function plan(inputs: string[], outDir: string | undefined, formats: ExportFormat[]): Planned[] {
	const claimed = new Map<string, string>();
	return inputs.map((input) => {
		const dir = outDir ? path.resolve(outDir) : path.dirname(path.resolve(input));
		const stem = path.parse(input).name;
		for (const file of exportPaths(formats, dir, stem)) {
			const other = claimed.get(file);
			if (other !== undefined || file === path.resolve(input)) {
				throw new UsageError(
					other === undefined
						? `'${input}' would be overwritten by its own transcript: use --out`
						: `'${other}' and '${input}' would both write ${file}: use --out or rename one`,
					'transcribe',
				);
			}
			claimed.set(file, input);
		}
		return { input, dir, stem };
	});
}

const seconds = (s: number) => `${s.toFixed(1)}`;

/**
 * Stores a transcribed file in the library as an upload would be: a copy of the audio under
 * DATA_DIR/uploads with its recording row, and the transcript. Returns both ids.
 */
async function saveToLibrary(
	ctx: AppContext,
	input: string,
	result: TranscriptionResult,
): Promise<{ recording_id: string; transcription_id: string }> {
	const tmp = ctx.dataDir.resolve('tmp', `cli-${randomUUID()}`);
	fs.copyFileSync(input, tmp);
	const audio = await ctx.transcription.adoptUpload(tmp, path.basename(input));
	const transcript = storeTranscript(ctx.repos, {
		result,
		audioFileId: audio.id,
		jobId: null,
		sessionId: null,
		kind: 'file',
	});
	return { recording_id: audio.id, transcription_id: transcript.id };
}

export const transcribe: Command = {
	name: 'transcribe',
	args: '<files...>',
	summary: 'Transcribe audio or video files into text and subtitle files, without a server',
	details: [
		'Any format ffmpeg reads. Each input gives one file per format, named after it',
		'(talk.mp3 → talk.txt, talk.srt…), next to it or in --out. Uses MODELS_DIR and the',
		'whisper_model setting unless --model says otherwise. --save also keeps the audio and its',
		'transcript in the library (DATA_DIR), as an upload would; then no files are written',
		'unless --format asks for some.',
	].join('\n'),
	options: {
		model: {
			type: 'string',
			value: 'NAME',
			description: 'A size (tiny…large), short name (small.en), folder in MODELS_DIR or Hub id',
		},
		language: {
			type: 'string',
			value: 'LANG',
			description: 'Spoken language, as a code (en) or name (German); detected by default',
		},
		task: {
			type: 'string',
			value: 'TASK',
			description: 'transcribe (default), or translate into English',
		},
		format: {
			type: 'string',
			value: 'LIST',
			description: `Formats to write, comma-separated: ${EXPORT_FORMATS.join(',')} (default txt)`,
		},
		out: {
			type: 'string',
			value: 'DIR',
			description: 'Folder for the files (created if needed; default: next to each input)',
		},
		'word-timestamps': { type: 'boolean', description: 'Time every word (json, tsv)' },
		save: {
			type: 'boolean',
			description: 'Store each file and its transcript in the library (DATA_DIR)',
		},
		prompt: {
			type: 'string',
			value: 'TEXT',
			description: 'Vocabulary hints: names, jargon, spelling',
		},
		temperature: {
			type: 'string',
			value: 'T',
			description: '0 (default) decodes greedily; up to 1 samples, for hard audio',
		},
	},
	positionals: { min: 1 },
	async run({ values, positionals, out, context }) {
		const options = transcriptionOptions(values);
		const save = values.save === true;
		const format = stringOption(values, 'format');
		const formats = format === undefined && save ? [] : parseFormats(format ?? 'txt', 'transcribe');
		const planned = plan(positionals, stringOption(values, 'out'), formats);
		for (const input of positionals) checkInput(input);

		const ctx = context();
		const model = options.model ?? ctx.settings.get().whisper_model;
		// Fails now, before any decoding, when the model is not there (MODEL_UNAVAILABLE).
		ctx.asr.modelSpec(model);

		const done: unknown[] = [];
		const failed: { input: string; error: string }[] = [];
		for (const { input, dir, stem } of planned) {
			const name = path.basename(input);
			const progress = new ProgressLine(name, out.stderr);
			let audio: OpenedAudio | undefined;
			try {
				progress.update(0, 'decoding');
				// All channels mixed, read window by window (scratch PCM in DATA_DIR/tmp if needed).
				audio = await openAudio(input, { scratchDir: ctx.dataDir.area('tmp') });
				const result = await ctx.asr.transcribe(
					audio.file,
					{
						model,
						language: options.language ?? null,
						task: options.task,
						wordTimestamps: options.word_timestamps,
						initialPrompt: options.initial_prompt,
						temperature: options.temperature,
					},
					{
						onProgress: (p) =>
							progress.update(
								p.totalSeconds > 0 ? p.doneSeconds / p.totalSeconds : 0,
								`${seconds(p.doneSeconds)}/${seconds(p.totalSeconds)} s`,
							),
					},
				);
				progress.update(1, `${seconds(result.duration)}/${seconds(result.duration)} s`);
				progress.end();
				const doc = toExportDocument(result, name);
				const files = formats.length ? await writeExports(doc, formats, dir, stem) : [];
				const saved = save ? await saveToLibrary(ctx, input, result) : undefined;
				done.push({
					input,
					...saved,
					language: result.language,
					duration_seconds: result.duration,
					processing_seconds: result.processingTime,
					segments: doc.segments.length,
					outputs: files,
				});
				if (!out.json) {
					for (const file of files) out.line(`${input} → ${file}`);
					if (saved) out.line(`${input} → library: transcript ${saved.transcription_id}`);
				}
			} catch (e) {
				progress.end();
				// A file that is not audio spoils only itself; anything else stops the run.
				if (!isDomainError(e) || e.code !== 'UNSUPPORTED_MEDIA') throw e;
				failed.push({ input, error: e.message });
				out.note(`meetingscribe: ${input}: ${e.message}`);
			} finally {
				await audio?.dispose();
			}
		}
		if (out.json) out.line(JSON.stringify({ transcribed: done, failed }, null, 2));
		return failed.length ? 1 : 0;
	},
};
