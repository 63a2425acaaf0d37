export * from './http-cache';
export * from './http-cache-props';
