export * from './mysql-database';
export * from './mysql-database-props';
