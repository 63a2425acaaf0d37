export * from './message-queue';
export * from './message-queue-props';
