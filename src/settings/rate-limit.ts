import { envInteger, envList, envSwitch } from '../utils/env-switch';

/**
 * Per-client-IP request limits for /graphql and the authentication routes. On by default in
 * production (RATE_LIMIT=false turns them off), off elsewhere unless RATE_LIMIT=true. The client
 * IP is Koa's `ctx.ip`: the connecting address, or with TRUST_PROXY the address the trusted proxy
 * saw (see config/server.ts), so a client cannot pick its own by sending X-Forwarded-For.
 */
export type RateLimitSettings = {
  enabled: boolean;
  /** GraphQL requests per client IP per minute. */
  graphqlPerMinute: number;
  /** Sign-in, registration and password-reset requests per client IP per 15 minutes. */
  authPer15Minutes: number;
  /** Addresses never limited: a frontend's own server rendering pages for all its readers. */
  exemptIps: Set<string>;
  redisPrefix: string;
};

/** An IPv4 address as Node reports it for a dual-stack socket (::ffff:10.0.0.1) is the same client as 10.0.0.1. */
export const normaliseIp = (ip: string): string =>
  ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

export function rateLimitSettings(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  const exempt = envList('RATE_LIMIT_EXEMPT_IPS', env);
  for (const ip of exempt) {
    if (!IP.test(ip)) throw new Error(`RATE_LIMIT_EXEMPT_IPS: "${ip}" is not an IP address (list single addresses, separated by commas).`);
  }
  return {
    enabled: envSwitch('RATE_LIMIT', (env.NODE_ENV ?? 'development') === 'production', env),
    graphqlPerMinute: envInteger('RATE_LIMIT_GRAPHQL', 600, 1, env),
    authPer15Minutes: envInteger('RATE_LIMIT_AUTH', 30, 1, env),
    exemptIps: new Set(exempt.map(normaliseIp)),
    redisPrefix: env.RATE_LIMIT_REDIS_PREFIX?.trim() || 'lpc:rate-limit:',
  };
}

/** POST routes that check a password or send a token by mail: the admin's and the users-permissions API's. */
export const AUTH_ROUTES = new Set([
  '/admin/login',
  '/admin/register',
  '/admin/register-admin',
  '/admin/forgot-password',
  '/admin/reset-password',
  '/api/auth/local',
  '/api/auth/local/register',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
  '/api/auth/send-email-confirmation',
  '/api/auth/change-password',
]);
