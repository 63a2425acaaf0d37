export * from './edge-proxy';
export * from './edge-proxy-props';
