import type { MODEL_SIZES } from '../../contracts/transcription';

/**
 * The Whisper family MeetingScribe knows how to fetch: ONNX exports in transformers.js layout on
 * the Hugging Face Hub. Sizes are approximate download sizes of the q8 (quantized) files, for
 * users deciding what fits their machine.
 */
export interface KnownModel {
	/** Short name users type: `base`, `small.en`, `large-v3-turbo`… */
	name: string;
	hubId: string;
	parameters: string;
	approxBytesQ8: number;
	englishOnly: boolean;
	notes?: string;
}

const MB = 1024 * 1024;

export const KNOWN_MODELS: readonly KnownModel[] = [
	{
		name: 'tiny',
		hubId: 'onnx-community/whisper-tiny',
		parameters: '39M',
		approxBytesQ8: 41 * MB,
		englishOnly: false,
	},
	{
		name: 'tiny.en',
		hubId: 'onnx-community/whisper-tiny.en',
		parameters: '39M',
		approxBytesQ8: 41 * MB,
		englishOnly: true,
	},
	{
		name: 'base',
		hubId: 'onnx-community/whisper-base',
		parameters: '74M',
		approxBytesQ8: 78 * MB,
		englishOnly: false,
	},
	{
		name: 'base.en',
		hubId: 'onnx-community/whisper-base.en',
		parameters: '74M',
		approxBytesQ8: 78 * MB,
		englishOnly: true,
	},
	{
		name: 'small',
		hubId: 'onnx-community/whisper-small',
		parameters: '244M',
		approxBytesQ8: 250 * MB,
		englishOnly: false,
	},
	{
		name: 'small.en',
		hubId: 'onnx-community/whisper-small.en',
		parameters: '244M',
		approxBytesQ8: 250 * MB,
		englishOnly: true,
	},
	{
		name: 'medium',
		hubId: 'onnx-community/whisper-medium',
		parameters: '769M',
		approxBytesQ8: 790 * MB,
		englishOnly: false,
	},
	{
		name: 'medium.en',
		hubId: 'onnx-community/whisper-medium.en',
		parameters: '769M',
		approxBytesQ8: 790 * MB,
		englishOnly: true,
	},
	{
		name: 'large-v3',
		hubId: 'onnx-community/whisper-large-v3',
		parameters: '1550M',
		approxBytesQ8: 1600 * MB,
		englishOnly: false,
	},
	{
		name: 'large-v3-turbo',
		hubId: 'onnx-community/whisper-large-v3-turbo',
		parameters: '809M',
		approxBytesQ8: 830 * MB,
		englishOnly: false,
		notes: 'large-v3 encoder with a 4-layer decoder: near large-v3 accuracy, several times faster',
	},
	{
		name: 'distil-small.en',
		hubId: 'distil-whisper/distil-small.en',
		parameters: '166M',
		approxBytesQ8: 170 * MB,
		englishOnly: true,
	},
	{
		name: 'distil-medium.en',
		hubId: 'distil-whisper/distil-medium.en',
		parameters: '394M',
		approxBytesQ8: 400 * MB,
		englishOnly: true,
	},
	{
		name: 'distil-large-v3',
		hubId: 'distil-whisper/distil-large-v3',
		parameters: '756M',
		approxBytesQ8: 770 * MB,
		englishOnly: false,
	},
];

type ModelSize = (typeof MODEL_SIZES)[number];

const SIZE_TO_NAME: Record<ModelSize, string> = {
	tiny: 'tiny',
	base: 'base',
	small: 'small',
	medium: 'medium',
	large: 'large-v3',
};

/** Finds a known model by short name, contract size or Hub id. */
export function findKnownModel(query: string): KnownModel | undefined {
	const q = query.trim().toLowerCase();
	const name = (SIZE_TO_NAME as Record<string, string>)[q] ?? q.replace(/^whisper-/, '');
	return KNOWN_MODELS.find((m) => m.name === name || m.hubId.toLowerCase() === q);
}
