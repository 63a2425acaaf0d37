export * from './shared-volume';
export * from './shared-volume-props';
