/**
 * The proof that strapi-plugin-graphql-acceleration works when installed from its packed tarball
 * into a stock Strapi 5 app (tests/fixtures/stock-app): `npx jest --config jest.plugin.config.js --runInBand`.
 * No globalSetup: the stock app is plain JavaScript and needs no compile.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/plugin-proof'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  testTimeout: 120000,
  verbose: true,
};
