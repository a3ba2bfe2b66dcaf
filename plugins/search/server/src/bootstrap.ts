import type { Core } from '@strapi/strapi';
import { searchService } from './services';

/** Refuses to start without the index table (the app's migrations); builds an empty index of a database with published content (an upgrade, a restore). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const service = searchService(strapi);
  if (service.config().types.length === 0) return;
  if (!(await service.tableExists())) {
    throw new Error(
      "search: the table search_entries is missing. Add two knex migrations to the app's database/migrations, in this order, that export require('strapi-plugin-search/database/entries') and require('strapi-plugin-search/database/folding')."
    );
  }
  if (service.dialect() === 'unsupported') {
    strapi.log.warn('[search] the search query needs PostgreSQL or SQLite; it answers with an error on this database');
    return;
  }
  const missing = await service.missingTextSearchConfigs();
  if (missing.length > 0) {
    throw new Error(`search: textSearchConfigs names text search configurations this PostgreSQL does not have: ${missing.join(', ')} (SELECT cfgname FROM pg_ts_config lists them)`);
  }
  if ((await service.countEntries()) > 0) return;
  const started = Date.now();
  const { entries } = await service.reindexAll();
  if (entries > 0) strapi.log.info(`[search] built the search index: ${entries} entries in ${Date.now() - started} ms`);
};
