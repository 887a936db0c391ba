export * from './route';
export * from './transcribe';
