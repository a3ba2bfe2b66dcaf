import type { Core } from '@strapi/strapi';
import type { IncomingMessage } from 'http';
import Redis from 'ioredis';
import type { Context, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AUTH_ROUTES, exemptIpSet, guardsConfig, normaliseIp, type RateLimitConfig } from '../config';
import { isRoute, routePath } from '../http/route-path';

type Kind = 'graphql' | 'auth';
type Limits = Record<Kind, { points: number; duration: number }>;

/** The Redis connections of the limiters, closed when Strapi is destroyed (also when it never listened). */
const connections = new Set<Redis>();

export function closeRateLimits(): void {
  for (const redis of connections) redis.disconnect();
  connections.clear();
}

/**
 * One limiter per kind of route. With a Redis URL the counts live in Redis, so a client has one
 * allowance across all instances; should Redis fail, each instance goes on counting in memory
 * (the insurance limiter) rather than refusing or waving everything through.
 */
function createLimiters(strapi: Core.Strapi, settings: RateLimitConfig): Record<Kind, RateLimiterAbstract> {
  const limits: Limits = {
    graphql: { points: settings.graphqlPerMinute, duration: 60 },
    auth: { points: settings.authPer15Minutes, duration: 15 * 60 },
  };
  const memory = (kind: Kind) => new RateLimiterMemory({ ...limits[kind], keyPrefix: kind });
  const { redisUrl } = settings;
  if (!redisUrl) return { graphql: memory('graphql'), auth: memory('auth') };

  // Fail fast: while Redis is away a request is counted in memory, not held up.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  let warned = false;
  redis.on('error', (error: Error) => {
    if (!warned) strapi.log.warn(`[rate-limit] Redis is unavailable (${error.message}): counting requests per instance until it is back`);
    warned = true;
  });
  redis.on('ready', () => {
    warned = false;
  });
  connections.add(redis);
  const shared = (kind: Kind) =>
    new RateLimiterRedis({ storeClient: redis, ...limits[kind], keyPrefix: `${settings.redisPrefix}${kind}`, rejectIfRedisNotReady: true, insuranceLimiter: memory(kind) });
  return { graphql: shared('graphql'), auth: shared('auth') };
}

/** The refusal, in the shape each kind of client reads: a GraphQL error, or Strapi's REST error. */
function refuse(ctx: Context, kind: Kind, seconds: number) {
  const message = `Too many requests from this address: try again in ${seconds} s.`;
  ctx.status = 429;
  ctx.set('Retry-After', String(seconds));
  ctx.set('Cache-Control', 'no-store');
  ctx.body =
    kind === 'graphql'
      ? { errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfter: seconds } }] }
      : { data: null, error: { status: 429, name: 'RateLimitError', message, details: { retryAfter: seconds } } };
}

/** What counting one request gave: allowed (with what is left), refused (for how long), or exempt. */
export type Allowance = { allowed: true; limit: number; remaining: number } | { allowed: false; retryAfter: number } | { allowed: true; exempt: true };

/**
 * Requests counted before Koa saw them (the response cache's hit listener): a miss it hands on
 * to Koa is not counted twice.
 */
const countedEarly = new WeakMap<IncomingMessage, Allowance>();

/** Counts a GraphQL request of `ip` before Koa (see `countedEarly`); null while rate limits are off. */
let countGraphqlEarly: ((req: IncomingMessage, ip: string) => Promise<Allowance>) | null = null;
export const graphqlRateLimit = () => countGraphqlEarly;

/**
 * The response cache's gate for hits answered before Koa: the request counted as this middleware
 * counts it (a refused one goes on to Koa, which answers 429 without counting it again).
 */
export async function rateLimitHitGate(req: IncomingMessage, ip: string): Promise<{ pass: false } | { pass: true; headers?: Record<string, string> }> {
  if (!countGraphqlEarly) return { pass: true };
  const allowance = await countGraphqlEarly(req, ip);
  return allowance.allowed ? { pass: true, headers: allowanceHeaders(allowance) } : { pass: false };
}

/** The RateLimit-* headers of an allowed request. */
export const allowanceHeaders = (allowance: Allowance): Record<string, string> =>
  allowance.allowed && 'limit' in allowance ? { 'RateLimit-Limit': String(allowance.limit), 'RateLimit-Remaining': String(allowance.remaining) } : {};

/**
 * Limits GraphQL requests and sign-in, registration and password-reset attempts per client IP
 * (the plugin's `rateLimits` configuration). A refused request answers 429 with Retry-After
 * before anything else runs; an allowed one carries RateLimit-Limit and RateLimit-Remaining.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const settings = guardsConfig(strapi).rateLimits;
  countGraphqlEarly = null;
  if (!settings.enabled) return (_ctx: Context, next: Next) => next();
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const limiters = createLimiters(strapi, settings);
  const exemptIps = exemptIpSet(settings);
  // Behind a proxy that Strapi does not trust (server.proxy) every client has the proxy's address, and one allowance.
  let proxyWarned = Boolean(strapi.config.get('server.proxy.koa'));

  async function count(kind: Kind, rawIp: string, forwardedFor: unknown): Promise<Allowance> {
    if (!proxyWarned && forwardedFor) {
      proxyWarned = true;
      strapi.log.warn(
        '[rate-limit] requests come through a proxy (X-Forwarded-For) but Strapi does not trust it (server.proxy.koa is off): all its clients share one address and one allowance; trust the proxy in the server configuration (proxy: { koa: true }, and maxIpsCount for the number of proxies)'
      );
    }
    const ip = normaliseIp(rawIp);
    if (exemptIps.has(ip)) return { allowed: true, exempt: true };
    const limiter = limiters[kind];
    try {
      const allowed = await limiter.consume(ip);
      return { allowed: true, limit: limiter.points, remaining: allowed.remainingPoints };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfter: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }
  countGraphqlEarly = async (req, ip) => {
    const allowance = await count('graphql', ip, req.headers['x-forwarded-for']);
    countedEarly.set(req, allowance);
    return allowance;
  };

  return async (ctx: Context, next: Next) => {
    const kind: Kind | null = isRoute(ctx.path, endpoint) && ctx.method !== 'OPTIONS' ? 'graphql' : ctx.method === 'POST' && AUTH_ROUTES.has(routePath(ctx.path)) ? 'auth' : null;
    if (!kind) return next();
    const allowance = (kind === 'graphql' && countedEarly.get(ctx.req)) || (await count(kind, ctx.ip, ctx.get('x-forwarded-for')));
    if (!allowance.allowed) return refuse(ctx, kind, allowance.retryAfter);
    ctx.set(allowanceHeaders(allowance));
    return next();
  };
};
