import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { cacheKey, etagOf } from './keys';
import type { MissState, ResponseCache } from './response-cache';

type RequestContext = {
  schema: GraphQLSchema;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown>; operationName?: string | null; http?: { method: string } };
  response: { body: { kind: string; singleResult?: { data?: unknown; errors?: unknown } }; http: { headers: Map<string, string> } };
  contextValue: { state?: { auth?: { credentials?: unknown } } };
};

/** A public request: no credentials (users-permissions' public role, or no auth at all). */
export const isPublic = (auth: { credentials?: unknown } | undefined) => !auth?.credentials;

/**
 * Apollo plugin: after parsing, validation and the plugins before it (guards that refuse in
 * `didResolveOperation`), answers a cacheable request from the cache, or stores its fresh
 * response with the generations of what it depends on, read before it runs. Authenticated
 * requests and mutations bypass it. The plugin adds it to plugin-graphql's Apollo plugins.
 */
export function responseCacheApolloPlugin(cache: ResponseCache) {
  return {
    async requestDidStart() {
      let state: MissState | null = null;
      let status: 'HIT' | 'MISS' | 'BYPASS' = 'BYPASS';
      let tagHeaders: Record<string, string> = {};
      return {
        async responseForOperation(context: RequestContext) {
          if (!cache.isOn || !context.document || context.operation?.operation !== 'query' || !isPublic(context.contextValue.state?.auth)) return null;
          try {
            const requestState = context.contextValue.state;
            const key = cache.requestKeyOf(requestState) ?? cacheKey(context.document, context.request.variables, context.request.operationName);
            const cached = await cache.cachedAnswer(key);
            status = cached !== undefined ? 'HIT' : 'MISS';
            if (cached !== undefined) {
              tagHeaders = cached.tagHeaders;
              return { http: { headers: new Map(), status: undefined }, body: { kind: 'single', singleResult: JSON.parse(cached.body) } };
            }
            // Stored only as of the global generation read before authentication (the middleware
            // keeps it for every public request).
            const global = cache.globalBeforeAuth(requestState);
            if (global === undefined) return null;
            state = await cache.missState(context.schema, key, context.document, context.request.variables, context.request.operationName, global);
            return null;
          } catch (error) {
            cache.log(`lookup failed, serving uncached: ${(error as Error).message}`);
            status = 'BYPASS';
            return null;
          }
        },
        async willSendResponse(context: RequestContext) {
          const headers = context.response.http.headers;
          const result = context.response.body.kind === 'single' ? context.response.body.singleResult : undefined;
          headers.set('x-cache', status);
          if (status === 'BYPASS' || !result || result.errors) {
            headers.set('cache-control', 'private, no-store');
            return;
          }
          const body = JSON.stringify(result);
          const etag = etagOf(body);
          headers.set('etag', etag);
          headers.set('cache-control', cache.publicCacheControl());
          if (state && status === 'MISS') {
            const missed: MissState = state;
            try {
              tagHeaders = cache.tagHeaders(await cache.storeAnswer(missed, context.contextValue, body, etag));
            } catch (error) {
              cache.log(`store failed: ${(error as Error).message}`);
              // Not stored: the tags of what it read before it ran.
              tagHeaders = cache.tagHeaders(Object.keys(missed.deps));
            }
          }
          // The tags a CDN purges this answer by (./cdn-tags): what it depends on.
          for (const [name, value] of Object.entries(tagHeaders)) headers.set(name.toLowerCase(), value);
        },
      };
    },
  };
}
