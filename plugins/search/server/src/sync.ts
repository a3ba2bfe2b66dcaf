import type { Core } from '@strapi/strapi';
import type { SearchService } from './services/search';

/** The Document Service actions after which a document's published versions may differ. */
const CHANGING_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);
/** Actions that write the draft only, unless called with `status: 'published'` (which publishes too). */
const DRAFT_ACTIONS = new Set(['create', 'update']);

/**
 * Whether an action can change what the index reads: a document's published versions. A create or
 * update writes the draft only (the index is not touched: an edited draft changes nothing until it
 * is published), unless it is called with `status: 'published'`, which publishes in the same
 * action (seeds, scripts).
 */
export function changesPublishedVersions(action: string, params: unknown): boolean {
  if (!CHANGING_ACTIONS.has(action)) return false;
  return !DRAFT_ACTIONS.has(action) || (params as { status?: unknown } | undefined)?.status === 'published';
}

/**
 * Keeps the index current: each publish, unpublish, discard and delete of a searched document,
 * and each create or update that publishes (from the admin, the API, a scheduler or a script),
 * rewrites that document's entries right after the action. A save of a draft leaves them alone:
 * what they hold is the published text. Registered in the plugin's register(), so it runs around
 * the app's own middlewares: a refused save never reaches the index.
 */
export function registerIndexSync(strapi: Core.Strapi, service: () => SearchService): void {
  strapi.documents.use(async (context, next) => {
    if (!changesPublishedVersions(context.action, context.params) || !service().searches(context.uid)) return next();
    const result = await next();
    const documentId = (context.params as { documentId?: string }).documentId ?? (result as { documentId?: string } | null)?.documentId;
    if (documentId && service().dialect() !== 'unsupported') {
      // The change itself has been made: a failure here leaves the index behind, not the content.
      await service()
        .syncDocument(context.uid, documentId)
        .catch((error: Error) => strapi.log.error(`[search] could not index ${context.uid} ${documentId}: ${error.message}; rebuild the index (the search plugin's reindexAll)`));
    }
    return result;
  });
}
