export * from './php-fpm';
export * from './php-fpm-props';
