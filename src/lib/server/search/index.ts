export { searchTranscripts, HITS_PER_TRANSCRIPT, type SearchPageResult } from './service';
export { toFtsQuery } from './query';
export { snippetHtml } from './snippet';
