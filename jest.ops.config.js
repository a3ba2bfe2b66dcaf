/**
 * Operations tests: several instances on one PostgreSQL and one Redis, and database outages on a
 * PostgreSQL cluster of the test's own. They need PostgreSQL's server binaries and Redis, take
 * minutes, and run in CI and on demand (`npm run test:ops`), not in the default `npm test`.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/ops'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  testTimeout: 300000,
  verbose: true,
};
