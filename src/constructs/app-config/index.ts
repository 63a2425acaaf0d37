export * from './app-config';
export * from './app-config-props';
