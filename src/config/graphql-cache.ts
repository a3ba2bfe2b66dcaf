import { envInteger, envSwitch } from '../utils/env-switch';

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
