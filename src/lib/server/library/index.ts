export * from './download';
export * from './export/registry';
export * from './export/text';
export * from './export/types';
export * from './filenames';
export * from './service';
