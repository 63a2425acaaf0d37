export * from './migration-job';
export * from './migration-job-props';
