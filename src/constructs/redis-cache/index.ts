export * from './redis-cache';
export * from './redis-cache-props';
