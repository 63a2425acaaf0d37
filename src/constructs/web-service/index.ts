export * from './web-service';
export * from './web-service-props';
