/**
 * Audio format constants shared by the browser and the server: the one place where the numbers
 * that the capture protocol and the models depend on are written.
 */

/** Whisper, Silero VAD and pyannote all take 16 kHz mono; the server resamples anything else. */
export const MODEL_SAMPLE_RATE = 16_000;

/** Capture streams carry little-endian signed 16-bit PCM. */
export const PCM16_BYTES = 2;
