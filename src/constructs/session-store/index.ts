export * from './session-store';
export * from './session-store-props';
