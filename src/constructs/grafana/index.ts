export * from './grafana';
export * from './grafana-props';
