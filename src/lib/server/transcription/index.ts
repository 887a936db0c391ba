export * from './service';
export * from './speakers';
export * from './store';
export * from './transcripts';
export * from './document';
export * from './job-request';
export * from './remote';
export * from './worker-registry';
