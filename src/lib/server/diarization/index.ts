// Speaker diarization: who spoke when, by voice (pyannote segmentation-3.0 + WeSpeaker ResNet34
// on onnxruntime-node). See docs/diarization.md.
export { diarize, diarizeChannels, DEFAULT_STEP_SECONDS } from './diarize';
export type { DiarizationModels, ModelFolders } from './models';
export {
	DEFAULT_THRESHOLD,
	EMBEDDING_FOLDER,
	findDiarizationModels,
	loadDiarizationModels,
	SEGMENTATION_FOLDER,
} from './models';
export type { Diarization, DiarizeOptions, SpeakerCount, SpeakerTurn } from './types';
export type { TimedSegment, TimedWord } from './assign';
export { speakerAt, splitBySpeaker } from './assign';
export type { DiarizationCatalogModel } from './catalog';
export { DIARIZATION_MODELS, findDiarizationModel, installedBytes } from './catalog';
export { installedModels, sharedModels } from './shared';
export { OnlineVoices, voicePrint } from './online';
