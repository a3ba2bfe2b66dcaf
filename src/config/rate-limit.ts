import { envSwitch } from '../utils/env-switch';

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

const whole = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name}="${env[name]}" must be a whole number of 1 or more.`);
  return number;
};

/** An IPv4 address as Node reports it for a dual-stack socket (::ffff:10.0.0.1) is the same client as 10.0.0.1. */
export const normaliseIp = (ip: string): string => ip.trim().toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

export function rateLimitSettings(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  const exempt = (env.RATE_LIMIT_EXEMPT_IPS ?? '')
    .split(',')
    .map((ip) => ip.trim())
    .filter(Boolean);
  for (const ip of exempt) {
    if (!IP.test(ip)) throw new Error(`RATE_LIMIT_EXEMPT_IPS: "${ip}" is not an IP address (list single addresses, separated by commas).`);
  }
  return {
    enabled: envSwitch('RATE_LIMIT', (env.NODE_ENV ?? 'development') === 'production', env),
    graphqlPerMinute: whole(env, 'RATE_LIMIT_GRAPHQL', 600),
    authPer15Minutes: whole(env, 'RATE_LIMIT_AUTH', 30),
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
