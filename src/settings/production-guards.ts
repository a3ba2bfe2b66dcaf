import { envInteger, envList, envSwitch, MAX_TIMER_MS } from '../utils/env-switch';
import { filterLimits } from './operations';

/** One IPv4 or IPv6 address (no ranges). */
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/**
 * Per-client-IP request limits for /graphql and the authentication routes. On by default in
 * production (RATE_LIMIT=false turns them off), off elsewhere unless RATE_LIMIT=true. The client
 * IP is Koa's `ctx.ip`: the connecting address, or with TRUST_PROXY the address the trusted proxy
 * saw (see config/server.ts), so a client cannot pick its own by sending X-Forwarded-For. With
 * REDIS_URL the instances share one allowance per client.
 */
export function rateLimitSettings(env: NodeJS.ProcessEnv) {
  const exempt = envList('RATE_LIMIT_EXEMPT_IPS', env);
  for (const ip of exempt) {
    if (!IP.test(ip)) throw new Error(`RATE_LIMIT_EXEMPT_IPS: "${ip}" is not an IP address (list single addresses, separated by commas).`);
  }
  return {
    enabled: envSwitch('RATE_LIMIT', (env.NODE_ENV ?? 'development') === 'production', env),
    graphqlPerMinute: envInteger('RATE_LIMIT_GRAPHQL', 600, 1, env),
    authPer15Minutes: envInteger('RATE_LIMIT_AUTH', 30, 1, env),
    exemptIps: exempt,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisPrefix: env.RATE_LIMIT_REDIS_PREFIX?.trim() || 'lpc:rate-limit:',
  };
}

/**
 * The production-guards plugin's configuration (plugins/production-guards, config/plugins.ts),
 * read from the environment: RATE_LIMIT*, REDIS_URL; DATABASE_OUTAGE_GUARD (503 at once while the
 * database is unreachable, on by default); FAIR_TURNS, EDITOR_RESERVED_CONNECTIONS and
 * READER_QUEUE_TIMEOUT_MS (readers' turns at the database, on by default); FILTER_MAX_DEPTH also bounds how deep a GraphQL document may
 * nest. A malformed value stops the boot naming its variable.
 */
export function productionGuardsSettings(env: NodeJS.ProcessEnv) {
  return {
    rateLimits: rateLimitSettings(env),
    databaseOutage: { enabled: envSwitch('DATABASE_OUTAGE_GUARD', true, env) },
    turns: {
      enabled: envSwitch('FAIR_TURNS', true, env),
      reservedForEditors: envInteger('EDITOR_RESERVED_CONNECTIONS', 2, 0, env, 'pooled connections readers leave to editors'),
      admissionTimeoutMs: envInteger('READER_QUEUE_TIMEOUT_MS', 8000, 100, env, 'how long a reader waits to be let in before a 503', MAX_TIMER_MS),
    },
    uploadCheck: { enabled: true },
    graphqlDocuments: { enabled: true, maxArgumentDepth: filterLimits(env).maxDepth },
    // CORS headers only for the origins CORS_ORIGINS lists (config/middlewares.ts gives @koa/cors's options).
    strictCors: { enabled: true },
  };
}
