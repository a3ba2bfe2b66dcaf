import type { Core } from '@strapi/strapi';
import { responseCache } from '../plugin-services';

/** The Document Service actions that write. */
const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

/**
 * Strapi runs each Document Service action in a transaction, but the Document Service middlewares
 * run outside it, and some of them write. i18n's copies a document's non-localized fields (a case
 * story's `place`, a press release's `releaseDate`, media) to its other locales after the action
 * has committed: when that copy failed, the edited locale was saved and the others were not (or
 * only some of them), and the editor got an error for a half-written document. This middleware
 * opens the transaction before the middlewares registered after it (i18n's, content releases',
 * content history's), so the action and what they write commit together or not at all. The
 * search index, registered before it, is still updated after the commit; the response cache is
 * invalidated again, for what the save wrote, once the outermost transaction has committed. Call from register().
 */
export function registerAtomicSaves(strapi: Core.Strapi): void {
  const cache = responseCache(strapi);
  strapi.documents.use(async (context, next) => {
    if (!WRITE_ACTIONS.has(context.action)) return next();
    return (await strapi.db.transaction(async ({ onCommit }) => {
      const { result, tags } = await cache.withWrittenTags(async () => (await next()) as unknown);
      // The writes invalidated the response cache as they ran, inside the transaction: a reader
      // in between could have cached what was committed before. What they wrote again once the
      // outermost transaction has committed: this one, or the one the Content Manager opens
      // around a publish or a bulk action (Strapi runs commit callbacks at once, in order).
      if (tags.length > 0) {
        onCommit(() => {
          cache.invalidate(tags).catch((error: Error) => strapi.log.warn(`[cache] invalidation after a save failed: ${error.message}`));
        });
      }
      return result;
    })) as Awaited<ReturnType<typeof next>>;
  });
}
