export * from './credentials';
export * from './origins';
export * from './rate-limit';
export * from './security';
export * from './sign-in';
export * from './startup';
