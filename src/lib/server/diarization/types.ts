/** Optional constraints on the number of speakers, from the request or the settings. */
export interface SpeakerCount {
	numSpeakers?: number;
	minSpeakers?: number;
	maxSpeakers?: number;
}

export interface DiarizeOptions extends SpeakerCount {
	/** Cosine-distance threshold of the clustering; default: the model's, else pyannote's 0.7046. */
	threshold?: number;
	/** Seconds between window starts (windows are 10 s). */
	step?: number;
	/** Seconds between windows whose speakers are embedded (at most 10; the rest are linked). */
	embedStep?: number;
	/** Seconds at the start in which every window is embedded (default 60). */
	denseSeconds?: number;
	/** Windows per segmentation run. */
	batch?: number;
	/** Called with the seconds of audio scanned so far. */
	onProgress?: (seconds: number) => void;
	signal?: AbortSignal;
}

/** One speaker talking, in seconds from the start of the audio. Speakers count from 0. */
export interface SpeakerTurn {
	start: number;
	end: number;
	speaker: number;
}

export interface Diarization {
	turns: SpeakerTurn[];
	/** Speakers found, numbered 0..speakers−1 in order of first appearance. */
	speakers: number;
	/** Seconds of audio diarized. */
	duration: number;
}
