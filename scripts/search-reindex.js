// @ts-check
/**
 * Rebuilds the search index (plugins/search) from the published case stories, partnerships and
 * press releases of the configured database, printing progress per type; removes entries of
 * documents that are no longer published. Safe while the CMS runs: publications made meanwhile
 * are kept.
 *   npm run search:reindex
 */
const { runWithStrapi } = require('./lib/app');

/**
 * Rebuilds the index of a loaded app, printing a line per type at its start and end, and every
 * 1,000 versions in between.
 * @param {import('@strapi/strapi').Core.Strapi} strapi
 */
async function reindexWithProgress(strapi) {
  /** @type {import('../plugins/search/server/src/services/search').SearchService} */
  const search = strapi.plugin('search').service('search');
  const started = Date.now();
  let last = '';
  const { entries, removed } = await search.reindexAll(({ uid, done, total }) => {
    const line = `[search] ${uid}: ${done}/${total} published versions`;
    if (done === 0 || done === total || done % 1000 === 0) {
      if (line !== last) console.log(line);
      last = line;
    }
  });
  console.log(`[search] index rebuilt: ${entries} entries written, ${removed} stale removed, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { entries, removed };
}

if (require.main === module) runWithStrapi(reindexWithProgress);

module.exports = { reindexWithProgress };
