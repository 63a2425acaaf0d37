export * from './environment-chart';
export * from './environment-chart-props';
export { platformOf } from './platform-context';
