export * from './catalog-view';
export * from './catalog';
export * from './dtype-setting';
export * from './engine';
export * from './registry';
export * from './types';
export * from './vad';
