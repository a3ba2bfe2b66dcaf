import type { Core } from '@strapi/strapi';
import type { SearchConfig, SearchTypeConfig } from './config';
import { populateOf, toSearchEntry, type Row, type SearchEntry } from './documents';
import { foldText } from './fold';

/** The response cache's tag of the search index: bumped when the index changes, depended on by search answers. */
export const SEARCH_TAG = 'search';

/** The table of the app's migrations that export database/entries.js (full-text part: database/folding.js). */
export const SEARCH_TABLE = 'search_entries';

export type SearchDialect = 'postgres' | 'sqlite' | 'unsupported';

export function searchDialect(strapi: Core.Strapi): SearchDialect {
  const client = strapi.db.dialect.client;
  if (client === 'postgres') return 'postgres';
  if (client === 'sqlite') return 'sqlite';
  return 'unsupported';
}

/** PostgreSQL's text search configuration for a locale (config `textSearchConfigs`), `simple` for the rest. */
export const textSearchConfig = (config: SearchConfig, locale: string) => (Object.hasOwn(config.textSearchConfigs, locale) ? config.textSearchConfigs[locale] : 'simple');

/** The graphql-acceleration plugin's response cache, when the app has it. */
type ResponseCache = { invalidate(tags?: string[]): Promise<void>; declareTypeDependencies(typeName: string, tags: string[]): void };
export const responseCache = (strapi: Core.Strapi): ResponseCache | null =>
  strapi.plugins['graphql-acceleration'] ? (strapi.plugin('graphql-acceleration').service('cache') as unknown as ResponseCache) : null;

type Knex = Core.Strapi['db']['connection'];

/** Writes the index's entries of one type, with their folded copies (./fold, what the full-text part is built from). */
async function upsert(strapi: Core.Strapi, config: SearchConfig, knex: Knex, entries: SearchEntry[], indexedAt = new Date()): Promise<void> {
  if (entries.length === 0) return;
  const postgres = searchDialect(strapi) === 'postgres';
  await knex(SEARCH_TABLE)
    .insert(
      entries.map((entry) => ({
        content_type: entry.contentType,
        document_id: entry.documentId,
        locale: entry.locale,
        slug: entry.slug,
        title: entry.title,
        summary: entry.summary,
        body: entry.body,
        title_folded: foldText(entry.title),
        summary_folded: foldText(entry.summary),
        body_folded: foldText(entry.body),
        indexed_at: indexedAt,
        ...(postgres ? { config: textSearchConfig(config, entry.locale) } : {}),
      }))
    )
    .onConflict(['content_type', 'document_id', 'locale'])
    .merge();
}

/** The published versions of documents (every locale), with what the index reads of them. */
function publishedRows(strapi: Core.Strapi, type: SearchTypeConfig, where: Record<string, unknown>, page?: { offset: number; limit: number }): Promise<Row[]> {
  return strapi.db.query(type.contentType as never).findMany({
    where: { ...where, publishedAt: { $notNull: true } },
    populate: populateOf(type),
    orderBy: { id: 'asc' },
    ...(page ?? {}),
  }) as Promise<Row[]>;
}

/**
 * Brings one document's entries in line with its published versions: each published locale is
 * written, every other locale of the document removed. Called right after each publish,
 * unpublish, update, discard and delete of the document; inside the caller's transaction when
 * there is one (a script's batch, the admin's bulk actions), so both commit together.
 */
export async function syncDocument(strapi: Core.Strapi, config: SearchConfig, type: SearchTypeConfig, documentId: string): Promise<void> {
  await strapi.db.transaction(async ({ trx, onCommit }) => {
    const rows = await publishedRows(strapi, type, { documentId });
    await upsert(
      strapi,
      config,
      trx,
      rows.map((row) => toSearchEntry(type, row))
    );
    await trx(SEARCH_TABLE)
      .where({ content_type: type.contentType, document_id: documentId })
      .whereNotIn(
        'locale',
        rows.map((row) => row.locale)
      )
      .delete();
    onCommit(() => responseCache(strapi)?.invalidate([SEARCH_TAG]));
  });
}

export type ReindexProgress = { uid: string; done: number; total: number };

/**
 * Rebuilds the whole index from the published documents, 200 at a time, and removes entries whose
 * document is no longer published, or whose type is no longer searched. Publications made
 * meanwhile are kept: they carry a newer time.
 */
export async function reindexAll(strapi: Core.Strapi, config: SearchConfig, onProgress: (progress: ReindexProgress) => void = () => undefined): Promise<{ entries: number; removed: number }> {
  const started = new Date();
  let entries = 0;
  let removed = 0;
  const batch = 200;
  for (const type of config.types) {
    const total = await strapi.db.query(type.contentType as never).count({ where: { publishedAt: { $notNull: true } } });
    onProgress({ uid: type.contentType, done: 0, total });
    for (let offset = 0; offset < total; offset += batch) {
      const rows = await publishedRows(strapi, type, {}, { offset, limit: batch });
      await upsert(
        strapi,
        config,
        strapi.db.connection,
        rows.map((row) => toSearchEntry(type, row)),
        started
      );
      entries += rows.length;
      onProgress({ uid: type.contentType, done: Math.min(offset + rows.length, total), total });
    }
    removed += await strapi.db.connection(SEARCH_TABLE).where('content_type', type.contentType).where('indexed_at', '<', started).delete();
  }
  removed += await strapi.db
    .connection(SEARCH_TABLE)
    .whereNotIn(
      'content_type',
      config.types.map((type) => type.contentType)
    )
    .delete();
  await responseCache(strapi)?.invalidate();
  return { entries, removed };
}

/** The number of entries in the index. */
export async function countEntries(strapi: Core.Strapi): Promise<number> {
  const [{ count }] = await strapi.db.connection(SEARCH_TABLE).count({ count: '*' });
  return Number(count);
}

/** Whether the app's migrations made the index table. */
export const tableExists = (strapi: Core.Strapi): Promise<boolean> => strapi.db.connection.schema.hasTable(SEARCH_TABLE);
