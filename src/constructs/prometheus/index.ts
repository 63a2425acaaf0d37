export * from './prometheus';
export * from './prometheus-props';
