#!/usr/bin/env node
// @ts-check
/**
 * npm run seed: loads the 98 municipalities and the demo content (da and en, published) into the
 * configured database. Idempotent: what exists is kept, so a second run creates nothing.
 */
const { appApi, runWithStrapi } = require('./lib/app');

// The explicit seed below reports its own progress; the first-boot seed would only repeat it.
process.env.SEED_DEMO_CONTENT = 'false';

runWithStrapi(async (strapi) => {
  const { seedDemoContent } = appApi();
  const started = Date.now();
  const report = await seedDemoContent(strapi, (/** @type {string} */ line) => console.log(line));
  const created = Object.values(report).reduce((sum, entry) => sum + entry.created, 0);
  console.log(`[seed] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${created} documents or locales created`);
});
