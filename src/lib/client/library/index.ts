export * from './schemas';
export * from './recordings';
export * from './transcripts';
export * from './actions';
export { Upload, type UploadState } from './upload.svelte';
export { JobFeed, jobFeed, type LiveJob } from './jobs.svelte';
