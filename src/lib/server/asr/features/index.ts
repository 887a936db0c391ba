export { createLogMel, N_FRAMES, N_SAMPLES, SAMPLE_RATE } from './log-mel';
export type { LogMelExtractor, LogMelOptions } from './log-mel';
export { logMelTensor, createLogMelTensor } from './tensor';
export { useFastFeatureExtractor } from './pipeline';
