import type { Core } from '@strapi/strapi';
import { readConfig } from '../config';
import { ResponseCache, type HitGate } from '../cache/response-cache';
import { changedDocumentTags } from '../cache/cdn-tags';

/**
 * The response cache's public door: `strapi.plugin('graphql-acceleration').service('cache')`.
 * Its state is one `ResponseCache`, made here once per Strapi (`runtime`, for the plugin's own
 * middleware, listener and Apollo plugin).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = readConfig(strapi);
  const runtime = new ResponseCache(strapi, config.responseCache, config.diagnosticHeaders, config.cdnTags);

  return {
    runtime,
    /** Whether the cache is on and started. */
    isOn: () => runtime.isOn,
    /** Says which tags answers selecting a GraphQL type of the app's own depend on (call in register()). */
    declareTypeDependencies: (typeName: string, tags: string[]) => runtime.declarations.declareType(typeName, tags),
    /** Says that a root query field returns the published document of `uid` with its `slug` argument (call in register()). */
    declareSlugLookup: (fieldName: string, uid: string) => runtime.declarations.declareSlugLookup(fieldName, uid),
    /** Records the document a slug look-up found (or null) in a resolver, so that its cached answer depends on that document only. */
    recordLookup: (context: object, uid: string, documentId: string | null) => runtime.recordLookup(context, uid, documentId),
    /** Bumps these tags (everything by default): for writes that bypass Strapi's query layer (a search index, a restore). */
    invalidate: (tags?: string[]) => runtime.invalidate(tags),
    /** Runs `work` and returns its result with the tags its database writes bumped. */
    withWrittenTags: <T>(work: () => Promise<T>) => runtime.withWrittenTags(work),
    /** A text computed from published content (a feed, a sitemap), kept until a write bumps one of `tags`: `{ body, etag }`. */
    memo: (key: string, tags: string[], compute: () => Promise<string>) => runtime.memo(key, tags, compute),
    /** The CDN tag headers (Cache-Tag, Surrogate-Key) of an answer that depends on these tags; none unless configured. */
    tagHeaders: (tags: string[]) => runtime.tagHeaders(tags),
    /** Whether the shared store (Redis) answers: `unused` without one. */
    health: () => runtime.health(),
    /** The generation of what every answer depends on (permissions among it), or null when the cache is off. */
    globalGeneration: () => runtime.globalGeneration(),
    /** What a change of one document makes stale, as CDN tags (its type's lists, itself, its slugs, answers that read everything). */
    changedDocumentTags: (uid: string, documentId: string, slugs: string[]) => changedDocumentTags(uid, documentId, slugs, config.cdnTags.prefix),
    /** Adds a check every hit answered before Koa must pass (the app's rate limit). */
    addHitGate: (gate: HitGate) => void runtime.gates.push(gate),
  };
};
