// Writes a complete transformers.js Whisper model folder.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildDecoder } from './decoder.js';
import { buildEncoder } from './encoder.js';
import { generationConfig, modelConfig, preprocessorConfig } from './hf-configs.js';
import type { WeightFormat } from './linear.js';
import type { ModelProto } from './onnx.js';
import { encodeModel } from './onnx.js';
import type { WhisperDims } from './presets.js';
import { tokenizerConfig, tokenizerJson } from './tokenizer-files.js';
import { buildVocab } from './vocab.js';

/** transformers.js file suffix per dtype. */
const SUFFIX: Record<WeightFormat, string> = {
	fp32: '',
	q8: '_quantized',
	q4: '_q4',
};

const WRITE_BUFFER_SIZE = 1 << 20;

export function writeOnnx(path: string, model: ModelProto): void {
	const fd = openSync(path, 'w');
	// Gathers the many small protobuf chunks into larger writes.
	const buffer = new Uint8Array(WRITE_BUFFER_SIZE);
	let used = 0;
	const flush = () => {
		writeSync(fd, buffer, 0, used);
		used = 0;
	};
	try {
		for (const chunk of encodeModel(model)) {
			if (used + chunk.length > buffer.length) flush();
			if (chunk.length > buffer.length) writeSync(fd, chunk);
			else {
				buffer.set(chunk, used);
				used += chunk.length;
			}
		}
		flush();
	} finally {
		closeSync(fd);
	}
}

function writeJson(path: string, value: object): void {
	writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Bumped when a change to the generated graphs matters to a model generated before (2: the
 * decoder takes encoder outputs shorter than 30 s). Benchmarks regenerate older models.
 */
export const GENERATOR_VERSION = 2;
const VERSION_FILE = 'whisper-gen.json';

/** Whether `dir` holds a model written by this version of the generator. */
export function isCurrentModel(dir: string): boolean {
	try {
		const stamp = JSON.parse(readFileSync(join(dir, VERSION_FILE), 'utf8')) as { version?: number };
		return stamp.version === GENERATOR_VERSION;
	} catch {
		return false;
	}
}

/** Returns the paths written, relative to `outDir`. */
export function writeWhisperModel(
	dims: WhisperDims,
	outDir: string,
	formats: readonly WeightFormat[],
	seed: number,
): string[] {
	const vocab = buildVocab(dims.textTokens);
	mkdirSync(join(outDir, 'onnx'), { recursive: true });
	const json: Record<string, object> = {
		'config.json': modelConfig(dims, vocab),
		'generation_config.json': generationConfig(dims, vocab),
		'preprocessor_config.json': preprocessorConfig(dims),
		'tokenizer.json': tokenizerJson(vocab),
		'tokenizer_config.json': tokenizerConfig(),
		[VERSION_FILE]: { version: GENERATOR_VERSION, seed },
	};
	for (const [name, value] of Object.entries(json)) writeJson(join(outDir, name), value);
	const written = Object.keys(json);
	for (const format of formats) {
		const encoder = `onnx/encoder_model${SUFFIX[format]}.onnx`;
		writeOnnx(join(outDir, encoder), buildEncoder(dims, format, seed));
		const decoder = `onnx/decoder_model_merged${SUFFIX[format]}.onnx`;
		writeOnnx(join(outDir, decoder), buildDecoder(dims, vocab, format, seed));
		written.push(encoder, decoder);
	}
	return written;
}
