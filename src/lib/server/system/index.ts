export * from './engine-providers';
export * from './models-probe';
export * from './providers';
export * from './service';
