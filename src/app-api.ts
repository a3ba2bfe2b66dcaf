/**
 * What the scripts (scripts/, and the tests' content dump) use of the app's own code, compiled with it to dist/src/app-api.js:
 * their one entry point into it, typed for them by scripts/lib/app.js `appApi()`. Plugins are
 * reached through their services (`strapi.plugin(name).service(…)`), not from here.
 */
export { MODEL_UIDS, seedDemoContent } from './bootstrap/seed';
export { responseCacheSettings } from './settings/graphql-cache';
export { caseStories } from '../database/seed-data/demo-content';
