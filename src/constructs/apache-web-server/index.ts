export * from './apache-web-server';
export * from './apache-web-server-props';
