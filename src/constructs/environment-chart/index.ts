export * from './environment-chart';
export * from './environment-chart-props';
