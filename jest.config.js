/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/plugins'],
  testMatch: ['**/*.test.ts'],
  // The browser tests need Chromium and the admin build (`npm run test:browser`); the operations tests
  // need PostgreSQL's server binaries and Redis (`npm run test:ops`); the plugin's proof in a stock
  // Strapi app runs on its own (`npm run test:plugin`).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/tests/browser/', '<rootDir>/tests/ops/', '<rootDir>/tests/plugin-proof/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  // Compiles the app once; every suite then starts its own Strapi from dist/.
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  testTimeout: 120000,
  verbose: true,
};
