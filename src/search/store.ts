import type { Core } from '@strapi/strapi';
import { responseCache } from '../plugin-services';
import { PAGE_TYPES, type PageType } from '../page-types';
import { SEARCH_SOURCES, toSearchEntry, type SearchEntry } from './documents';
import { foldText } from './fold';

/** The response cache's tag of the search index: bumped when the index changes, depended on by search answers. */
export const SEARCH_TAG = 'search';

/** The table of database/migrations/2026.11.26T00.00.00.search-index.js (full-text part: 2026.12.04T00.00.00.search-folding.js). */
export const SEARCH_TABLE = 'search_entries';

export type SearchDialect = 'postgres' | 'sqlite' | 'unsupported';

export function searchDialect(strapi: Core.Strapi): SearchDialect {
  const client = (strapi.db as unknown as { dialect: { client: string } }).dialect.client;
  if (client === 'postgres') return 'postgres';
  if (client === 'sqlite') return 'sqlite';
  return 'unsupported';
}

/** PostgreSQL's text search configuration for a locale: Danish and English stemming, `simple` for the rest. */
export const textSearchConfig = (locale: string) => (locale === 'da' ? 'danish' : locale === 'en' ? 'english' : 'simple');

const columns = (strapi: Core.Strapi, entry: SearchEntry, indexedAt: Date) => ({
  content_type: entry.contentType,
  document_id: entry.documentId,
  locale: entry.locale,
  slug: entry.slug,
  title: entry.title,
  summary: entry.summary,
  body: entry.body,
  // What the full-text index is built from (./fold): the same words, folded.
  title_folded: foldText(entry.title),
  summary_folded: foldText(entry.summary),
  body_folded: foldText(entry.body),
  indexed_at: indexedAt,
  ...(searchDialect(strapi) === 'postgres' ? { config: textSearchConfig(entry.locale) } : {}),
});

type Knex = Core.Strapi['db']['connection'];

async function upsert(strapi: Core.Strapi, knex: Knex, entries: SearchEntry[], indexedAt = new Date()): Promise<void> {
  if (entries.length === 0) return;
  await knex(SEARCH_TABLE)
    .insert(entries.map((entry) => columns(strapi, entry, indexedAt)))
    .onConflict(['content_type', 'document_id', 'locale'])
    .merge();
}

/** The published versions of documents (every locale), with what the index reads of them. */
function publishedRows(strapi: Core.Strapi, uid: PageType, where: Record<string, unknown>, page?: { offset: number; limit: number }) {
  return strapi.db.query(uid).findMany({
    where: { ...where, publishedAt: { $notNull: true } },
    populate: SEARCH_SOURCES[uid].populate,
    orderBy: { id: 'asc' },
    ...(page ?? {}),
  }) as Promise<Array<Record<string, unknown> & { documentId: string; locale: string }>>;
}

/**
 * Brings one document's entries in line with its published versions: each published locale is
 * written, every other locale of the document removed. Called right after each publish,
 * unpublish, update, discard and delete of the document; inside the caller's transaction when
 * there is one (a script's batch, the admin's bulk actions), so both commit together.
 */
export async function syncDocument(strapi: Core.Strapi, uid: PageType, documentId: string): Promise<void> {
  await strapi.db.transaction(async ({ trx, onCommit }) => {
    const rows = await publishedRows(strapi, uid, { documentId });
    await upsert(
      strapi,
      trx,
      rows.map((row) => toSearchEntry(uid, row))
    );
    await trx(SEARCH_TABLE)
      .where({ content_type: uid, document_id: documentId })
      .whereNotIn(
        'locale',
        rows.map((row) => row.locale)
      )
      .delete();
    onCommit(() => responseCache(strapi).invalidate([SEARCH_TAG]));
  });
}

export type ReindexProgress = { uid: PageType; done: number; total: number };

/**
 * Rebuilds the whole index from the published documents, 200 at a time, and removes entries whose
 * document is no longer published. Publications made meanwhile are kept: they carry a newer time.
 */
export async function reindexAll(strapi: Core.Strapi, onProgress: (progress: ReindexProgress) => void = () => undefined): Promise<{ entries: number; removed: number }> {
  const started = new Date();
  let entries = 0;
  let removed = 0;
  const batch = 200;
  for (const uid of PAGE_TYPES) {
    const total = await strapi.db.query(uid).count({ where: { publishedAt: { $notNull: true } } });
    onProgress({ uid, done: 0, total });
    for (let offset = 0; offset < total; offset += batch) {
      const rows = await publishedRows(strapi, uid, {}, { offset, limit: batch });
      await upsert(
        strapi,
        strapi.db.connection,
        rows.map((row) => toSearchEntry(uid, row)),
        started
      );
      entries += rows.length;
      onProgress({ uid, done: Math.min(offset + rows.length, total), total });
    }
    removed += await strapi.db.connection(SEARCH_TABLE).where('content_type', uid).where('indexed_at', '<', started).delete();
  }
  await responseCache(strapi).invalidate();
  return { entries, removed };
}

/** The number of entries in the index. */
export async function countEntries(strapi: Core.Strapi): Promise<number> {
  const [{ count }] = await strapi.db.connection(SEARCH_TABLE).count({ count: '*' });
  return Number(count);
}
