export * from './worker';
export * from './worker-props';
