export * from './secret-reference';
export * from './secret-reference-props';
