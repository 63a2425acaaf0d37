/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Many tests start real programs and CLI subprocesses; on a loaded two-core machine jest's 5 s default
  // fails them for the wrong reason. This is a bound against hangs, not a speed goal (those live in the bench).
  testTimeout: 120_000,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
};
