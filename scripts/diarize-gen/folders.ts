/** Folder names of the generated test models (under test/fixtures/models). */
export const SEGMENTATION_FOLDER = 'diarize-segmentation-test';
export const EMBEDDING_FOLDER = 'diarize-embedding-test';
