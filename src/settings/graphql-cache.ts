import { envInteger, envList, envSwitch } from '../utils/env-switch';

/** The response cache's settings (the graphql-acceleration plugin's `responseCache`) from the environment. */
export function responseCacheSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    enabled: envSwitch('GRAPHQL_CACHE', true, env),
    maxEntries: envInteger('GRAPHQL_CACHE_MAX_ENTRIES', 1000, 0, env) || 1,
    ttlSeconds: envInteger('GRAPHQL_CACHE_TTL', 300, 0, env) || 1,
    maxAgeSeconds: envInteger('GRAPHQL_CACHE_MAX_AGE', 0, 0, env),
    // The longest a request waits for an identical one to fill the cache: well under a client's timeout.
    coalesceWaitMs: envInteger('GRAPHQL_COALESCE_WAIT_MS', 2000, 0, env, 'the milliseconds a request waits for an identical one, well under a client timeout'),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisPrefix: env.GRAPHQL_CACHE_REDIS_PREFIX?.trim() || 'lpc:graphql-cache:',
  };
}

/**
 * The CDN tag headers of public answers (the graphql-acceleration plugin's `cdnTags`):
 * CDN_TAG_HEADERS (default `Cache-Tag,Surrogate-Key`; `none` for none) and CDN_TAG_PREFIX.
 */
export function cdnTagSettings(env: NodeJS.ProcessEnv = process.env) {
  const headers = envList('CDN_TAG_HEADERS', env);
  return {
    headers: headers.length === 0 ? ['Cache-Tag', 'Surrogate-Key'] : headers.length === 1 && headers[0].toLowerCase() === 'none' ? [] : headers,
    prefix: env.CDN_TAG_PREFIX?.trim() ?? '',
  };
}
