export * from './download';
export * from './export/registry';
export * from './export/text';
export * from './export/time';
export * from './export/types';
export * from './filenames';
export * from './service';
export * from './views';
