import type { Core } from '@strapi/strapi';
import { isPageType } from '../page-types';
import { registerSearchQuery } from './graphql';
import { countEntries, reindexAll, searchDialect, syncDocument } from './store';

/** The Document Service actions after which a document's published versions may differ. */
const CHANGING_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);
/** Actions that write the draft only, unless called with `status: 'published'` (which publishes too). */
const DRAFT_ACTIONS = new Set(['create', 'update']);

/**
 * Whether an action can change what the index reads: a document's published versions. A create or
 * update writes the draft only (the index is not touched: an edited draft changes nothing until it
 * is published), unless it is called with `status: 'published'`, which publishes in the same
 * action (the seed, scripts).
 */
export function changesPublishedVersions(action: string, params: unknown): boolean {
  if (!CHANGING_ACTIONS.has(action)) return false;
  return !DRAFT_ACTIONS.has(action) || (params as { status?: unknown } | undefined)?.status === 'published';
}

/**
 * Keeps the search index current and adds the `search` query. Each publish, unpublish, discard
 * and delete of a case story, partnership or press release, and each create or update that
 * publishes (from the admin, the API, the scheduler or a script), rewrites that document's entries
 * right after the action commits. A save of a draft leaves them alone: what they hold is the
 * published text.
 */
export function registerSearch(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!isPageType(context.uid) || !changesPublishedVersions(context.action, context.params)) return next();
    const result = await next();
    const documentId = (context.params as { documentId?: string }).documentId ?? (result as { documentId?: string } | null)?.documentId;
    if (documentId && searchDialect(strapi) !== 'unsupported') {
      // The change itself has been made: a failure here leaves the index behind, not the content.
      await syncDocument(strapi, context.uid, documentId).catch((error: Error) =>
        strapi.log.error(`[search] could not index ${context.uid} ${documentId}: ${error.message}; run \`npm run search:reindex\``)
      );
    }
    return result;
  });
  registerSearchQuery(strapi);
}

/** At boot: an empty index on a database with published content (an upgrade, a restore) is built. */
export async function ensureSearchIndex(strapi: Core.Strapi): Promise<void> {
  if (searchDialect(strapi) === 'unsupported') {
    strapi.log.warn('[search] the search query needs PostgreSQL or SQLite; it answers with an error on this database');
    return;
  }
  if ((await countEntries(strapi)) > 0) return;
  const started = Date.now();
  const { entries } = await reindexAll(strapi);
  if (entries > 0) strapi.log.info(`[search] built the search index: ${entries} entries in ${Date.now() - started} ms`);
}
