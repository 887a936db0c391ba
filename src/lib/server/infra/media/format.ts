export { MODEL_SAMPLE_RATE, PCM16_BYTES } from '../../../contracts/audio-format';

export type SampleFormat = 'int' | 'float';

export interface WavFormat {
	sampleFormat: SampleFormat;
	/** Container size per sample (8/16/24/32/64). */
	bitsPerSample: number;
	channels: number;
	sampleRate: number;
	/** Bytes per frame (all channels of one sample instant). */
	blockAlign: number;
}
