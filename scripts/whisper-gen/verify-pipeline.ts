// Runs the real transformers.js ASR pipeline on a generated model in every
// mode MeetingScribe uses and checks that the results are well formed.
import type { AutomaticSpeechRecognitionOutput as AsrOutput } from '@huggingface/transformers';
import { env, pipeline } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from './prng.js';

type Asr = Awaited<ReturnType<typeof pipeline<'automatic-speech-recognition'>>>;
type AsrOptions = NonNullable<Parameters<Asr>[1]>;

const SAMPLE_RATE = 16000;

interface Mode {
	name: string;
	seconds: number;
	options: AsrOptions;
	timestamps: boolean;
}

/** The modes; `prompt` is the decoder prompt for an initial prompt of about 40 tokens. */
const modes = (prompt: number[]): Mode[] => [
	{ name: '5 s', seconds: 5, options: {}, timestamps: false },
	{
		name: '75 s, chunk 30 s, stride 5 s',
		seconds: 75,
		options: { chunk_length_s: 30, stride_length_s: 5 },
		timestamps: false,
	},
	{
		name: 'return_timestamps',
		seconds: 5,
		options: { return_timestamps: true },
		timestamps: true,
	},
	{
		name: "return_timestamps 'word'",
		seconds: 5,
		options: { return_timestamps: 'word' },
		timestamps: true,
	},
	{
		name: 'en + translate',
		seconds: 5,
		options: { language: 'en', task: 'translate' },
		timestamps: false,
	},
	{
		name: 'french',
		seconds: 5,
		options: { language: 'french' },
		timestamps: false,
	},
	{
		name: '75 s chunked + timestamps',
		seconds: 75,
		options: {
			chunk_length_s: 30,
			stride_length_s: 5,
			return_timestamps: true,
		},
		timestamps: true,
	},
	{
		name: 'initial prompt + timestamps',
		seconds: 5,
		options: { decoder_input_ids: prompt, return_timestamps: true },
		timestamps: true,
	},
];

interface GenerationConfig {
	prev_sot_token_id: number;
	decoder_start_token_id: number;
	lang_to_id: Record<string, number>;
	task_to_id: Record<string, number>;
}

/** <|startofprev|> prompt <|startoftranscript|> <|en|> <|transcribe|>, as an engine builds it. */
function promptedInit(modelDir: string, asr: Asr): number[] {
	const path = join(modelDir, 'generation_config.json');
	const config = JSON.parse(readFileSync(path, 'utf8')) as GenerationConfig;
	const text = asr.tokenizer.encode(' meeting notes about the quarterly budget review', {
		add_special_tokens: false,
	});
	const language = config.lang_to_id['<|en|>'];
	const task = config.task_to_id.transcribe;
	if (language === undefined || task === undefined)
		throw new Error(`${path} lacks <|en|> or transcribe`);
	return [config.prev_sot_token_id, ...text, config.decoder_start_token_id, language, task];
}

/** A tone with a slow vibrato plus seeded noise, so every run sees the same audio. */
function testAudio(seconds: number): Float32Array {
	const next = createRng(1, `audio-${seconds}`);
	const audio = new Float32Array(seconds * SAMPLE_RATE);
	for (let i = 0; i < audio.length; i++) {
		const t = i / SAMPLE_RATE;
		const tone = 0.3 * Math.sin(2 * Math.PI * (220 + 30 * Math.sin(2 * Math.PI * 0.5 * t)) * t);
		audio[i] = tone + 0.05 * (next() / 0x100000000 - 0.5);
	}
	return audio;
}

function problemsOf(output: AsrOutput, mode: Mode): string[] {
	const problems: string[] = [];
	if (typeof output.text !== 'string' || output.text.trim() === '') problems.push('empty text');
	if (output.text.includes('<|')) problems.push(`special token in text: ${output.text}`);
	if (!mode.timestamps) return problems;
	const chunks = output.chunks ?? [];
	if (chunks.length === 0) problems.push('no timestamped chunks');
	const firstStart = chunks[0]?.timestamp[0] ?? 0;
	if (firstStart >= 1) problems.push(`first chunk starts at ${firstStart} s`);
	let previousStart = 0;
	chunks.forEach(({ timestamp: [start, end] }, i) => {
		const last = i === chunks.length - 1;
		const endOk = end === null ? last : Number.isFinite(end) && end >= start;
		if (
			!Number.isFinite(start) ||
			start < previousStart ||
			!endOk ||
			(end ?? start) > mode.seconds + 30
		) {
			problems.push(
				`chunk ${i} has a bad timestamp [${start}, ${end}] (previous start ${previousStart})`,
			);
		}
		previousStart = start;
	});
	return problems;
}

export interface PipelineReport {
	dtype: string;
	mode: string;
	ms: number;
	output: AsrOutput;
	problems: string[];
}

export async function verifyPipeline(
	modelDir: string,
	dtype: 'fp32' | 'q8' | 'q4',
): Promise<PipelineReport[]> {
	env.allowRemoteModels = false;
	const asr = await pipeline('automatic-speech-recognition', modelDir, {
		dtype,
		device: 'cpu',
	});
	const reports: PipelineReport[] = [];
	try {
		for (const mode of modes(promptedInit(modelDir, asr))) {
			const started = performance.now();
			try {
				const output: AsrOutput = await asr(testAudio(mode.seconds), mode.options);
				const ms = performance.now() - started;
				reports.push({
					dtype,
					mode: mode.name,
					ms,
					output,
					problems: problemsOf(output, mode),
				});
			} catch (error) {
				const ms = performance.now() - started;
				reports.push({
					dtype,
					mode: mode.name,
					ms,
					output: { text: '' },
					problems: [`threw: ${String(error)}`],
				});
			}
		}
	} finally {
		await asr.dispose();
	}
	return reports;
}
