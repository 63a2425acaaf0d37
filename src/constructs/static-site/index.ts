export * from './static-site';
export * from './static-site-props';
