export * from './service';
export type * from './types';
