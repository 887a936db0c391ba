// The JSON files of the Hub exports (onnx-community/pyannote-segmentation-3.0 and
// onnx-community/wespeaker-voxceleb-resnet34-LM), so that the generated folders load like them.

export const segmentationConfig = {
	model_type: 'pyannote',
	architectures: ['PyAnnoteForAudioFrameClassification'],
	id2label: {
		0: 'NO_SPEAKER',
		1: 'SPEAKER_1',
		2: 'SPEAKER_2',
		3: 'SPEAKER_3',
		4: 'SPEAKERS_1_2',
		5: 'SPEAKERS_1_3',
		6: 'SPEAKERS_2_3',
	},
	num_speakers: 3,
	max_speakers_per_frame: 2,
	sampling_rate: 16000,
	meetingscribe_generated: 'scripts/diarize-gen',
};

export const segmentationPreprocessor = {
	feature_extractor_type: 'PyAnnoteFeatureExtractor',
	processor_class: 'PyAnnoteProcessor',
	offset: 990,
	sampling_rate: 16000,
	step: 270,
};

/** `clustering_threshold` (cosine distance) is read by our pipeline; absent, pyannote's 0.7046 applies. */
export const embeddingConfig = (hiddenSize: number, clusteringThreshold?: number) => ({
	model_type: 'wespeaker-resnet',
	architectures: ['WeSpeakerResNetModel'],
	hidden_size: hiddenSize,
	...(clusteringThreshold === undefined ? {} : { clustering_threshold: clusteringThreshold }),
	meetingscribe_generated: 'scripts/diarize-gen',
});

/**
 * `fbank_centering_span: null` makes transformers.js (and our pipeline) subtract the per-clip mean;
 * the constructed test model reads absolute spectral levels, so its folder leaves the key out.
 */
export const embeddingPreprocessor = (centred: boolean) => ({
	feature_extractor_type: 'WeSpeakerFeatureExtractor',
	num_mel_bins: 80,
	sampling_rate: 16000,
	min_num_frames: 0,
	...(centred ? { fbank_centering_span: null } : {}),
});
