/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Many tests start real programs and CLI subprocesses; on a loaded two-core machine jest's 5 s default
  // fails them for the wrong reason. This is a bound against hangs, not a speed goal (those live in the bench).
  testTimeout: 120_000,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The reference shop imports the library by its package name (as tsconfig.json `paths` says).
  moduleNameMapper: { '^@shipyard/k8s$': '<rootDir>/src/index.ts', '^@shipyard/k8s/infra$': '<rootDir>/src/infra/index.ts' },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
};
