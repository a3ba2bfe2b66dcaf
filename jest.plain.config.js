/**
 * `npm run test:plain`: the API suites of the read path with the paths that rest on Strapi
 * internals switched off (TEST_PLAIN_PATHS=true: GRAPHQL_BATCHING=false, GRAPHQL_CACHE=false,
 * FAIR_TURNS=false in every instance the tests start), so that Strapi's plain path stays correct: what anonymous readers,
 * web teams and hostile callers get over GraphQL and REST. Suites that prove the accelerated
 * paths skip themselves (`describeAccelerated`); the others (editing, roles, backup, seeding,
 * boot, uploads, …) do not read through the plugin and are left to the main run.
 */
const base = require('./jest.config');

const READ_PATH = ['access', 'bad-input', 'batching', 'cache', 'content', 'hostile', 'hostile-rest', 'internal-errors', 'localization', 'preview', 'search', 'slugs', 'syndication', 'validation'];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/tests/api'],
  testMatch: READ_PATH.map((name) => `**/tests/api/${name}.test.ts`),
};
