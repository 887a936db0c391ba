export * from './service';
export * from './speakers';
export * from './store';
export * from './transcripts';
export * from './document';
export * from './edits';
export * from './id-prefix';
export * from './speaker-turns';
