import type { Core } from '@strapi/strapi';
import type { SearchConfig } from '../config';
import { typesProblem } from '../documents';
import { countEntries, reindexAll, searchDialect, syncDocument, tableExists, type ReindexProgress, type SearchDialect } from '../store';

/** The plugin's service (`strapi.plugin('search').service('search')`). */
export type SearchService = {
  /** The plugin's configuration, checked. */
  config(): SearchConfig;
  /** Whether documents of this content type are searched. */
  searches(uid: string): boolean;
  /** The database's full-text search: PostgreSQL's, SQLite's FTS5, or none (MySQL, MariaDB). */
  dialect(): SearchDialect;
  /** What is wrong with the configured types against the content model, or null. */
  modelProblem(): string | null;
  /** Brings one document's entries in line with its published versions. */
  syncDocument(uid: string, documentId: string): Promise<void>;
  /** Rebuilds the whole index from the published documents, reporting progress per type. */
  reindexAll(onProgress?: (progress: ReindexProgress) => void): Promise<{ entries: number; removed: number }>;
  /** The number of entries in the index. */
  countEntries(): Promise<number>;
  /** Whether the index table exists (the app's migrations). */
  tableExists(): Promise<boolean>;
  /** The configured text search configurations PostgreSQL does not have (none on SQLite). */
  missingTextSearchConfigs(): Promise<string[]>;
};

export function createSearchService(strapi: Core.Strapi): SearchService {
  const config = () => strapi.config.get('plugin::search') as SearchConfig;
  const typeOf = (uid: string) => config().types.find((type) => type.contentType === uid);
  return {
    config,
    searches: (uid) => typeOf(uid) !== undefined,
    dialect: () => searchDialect(strapi),
    modelProblem: () =>
      typesProblem(
        config().types,
        (uid) => strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as never,
        (uid) => strapi.components[uid as keyof typeof strapi.components] as never
      ),
    syncDocument(uid, documentId) {
      const type = typeOf(uid);
      if (!type) throw new Error(`search: ${uid} is not searched`);
      return syncDocument(strapi, config(), type, documentId);
    },
    reindexAll: (onProgress) => reindexAll(strapi, config(), onProgress),
    countEntries: () => countEntries(strapi),
    tableExists: () => tableExists(strapi),
    async missingTextSearchConfigs() {
      if (searchDialect(strapi) !== 'postgres') return [];
      const wanted = [...new Set(Object.values(config().textSearchConfigs))];
      if (wanted.length === 0) return [];
      const { rows } = (await strapi.db.connection.raw('SELECT cfgname FROM pg_ts_config WHERE cfgname = ANY(?)', [wanted])) as { rows: Array<{ cfgname: string }> };
      const present = new Set(rows.map((row) => row.cfgname));
      return wanted.filter((name) => !present.has(name));
    },
  };
}
