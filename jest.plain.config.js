/**
 * `npm run test:plain`: the API suites with the graphql-acceleration plugin's paths switched off
 * (TEST_PLAIN_PATHS=true: GRAPHQL_BATCHING=false, GRAPHQL_CACHE=false in every instance the tests
 * start), so that Strapi's plain path stays correct. Suites that prove the accelerated paths skip
 * themselves (`describeAccelerated`); the long suites whose subject is not the read path (backup and
 * restore, seeding, boot and secrets, S3) are left to the main run.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/tests/api'],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/backup\\.test\\.ts$', '/seed\\.test\\.ts$', '/boot\\.test\\.ts$', '/weak-secrets\\.test\\.ts$', '/s3-uploads\\.test\\.ts$'],
};
