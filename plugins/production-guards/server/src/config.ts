/**
 * The plugin's configuration (`config/plugins` of the app, key `production-guards`). Every guard
 * defaults to on except the rate limits (an app turns them on in production: a shared proxy
 * that Strapi does not trust would give all its clients one allowance).
 */
export type RateLimitConfig = {
  enabled: boolean;
  /** GraphQL requests per client IP per minute. */
  graphqlPerMinute: number;
  /** Requests to AUTH_ROUTES (sign-in, registration, password reset) per client IP per 15 minutes. */
  authPer15Minutes: number;
  /** Addresses never limited: a frontend's own server rendering pages for all its readers. */
  exemptIps: string[];
  /** Counts kept in Redis, shared by the instances; without it each instance counts on its own. */
  redisUrl: string | undefined;
  redisPrefix: string;
};

export type TurnsConfig = {
  /** Readers take turns at the database, editors first (database/fair-turns.ts). */
  enabled: boolean;
  /** Pooled connections readers leave to editors. */
  reservedForEditors: number;
  /** How long a reader waits to be let in before a 503 (milliseconds). */
  admissionTimeoutMs: number;
};

export type GuardsConfig = {
  rateLimits: RateLimitConfig;
  /** 503 with Retry-After at once while the database cannot be reached. */
  databaseOutage: { enabled: boolean };
  turns: TurnsConfig;
  /** Uploaded files whose name, declared type and content disagree refused (route and service). */
  uploadCheck: { enabled: boolean };
  /**
   * GraphQL documents: fragment cycles and unknown fragments refused, and text nested deeper than
   * plugin-graphql's depth limit plus `maxArgumentDepth` (and the arguments' parentheses).
   */
  graphqlDocuments: { enabled: boolean; maxArgumentDepth: number };
  /**
   * strapi::cors is plain @koa/cors, given the app's `strapi::cors` options as they are (so they
   * must be @koa/cors's: `origin` a string or a function, `allowMethods`, `allowHeaders`):
   * CORS headers only for an origin the `origin` option allows (Strapi's own answers a request
   * without Origin as if from `*`). Off by default, since Strapi's own options differ.
   */
  strictCors: { enabled: boolean };
};

/**
 * POST routes of the admin and of the users-permissions API that check a password or send a token
 * by mail: `authPer15Minutes` applies to them (compared as the router does: any letter case, a
 * trailing slash).
 */
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

export const defaults: GuardsConfig = {
  rateLimits: { enabled: false, graphqlPerMinute: 600, authPer15Minutes: 30, exemptIps: [], redisUrl: undefined, redisPrefix: 'strapi:rate-limit:' },
  databaseOutage: { enabled: true },
  turns: { enabled: true, reservedForEditors: 2, admissionTimeoutMs: 8000 },
  uploadCheck: { enabled: true },
  graphqlDocuments: { enabled: true, maxArgumentDepth: 16 },
  strictCors: { enabled: false },
};

/** The exempt addresses, normalised, as the rate-limit middleware compares them. */
export const exemptIpSet = (settings: Pick<RateLimitConfig, 'exemptIps'>): Set<string> => new Set(settings.exemptIps.map(normaliseIp));

/** An IPv4 address as Node reports it for a dual-stack socket (::ffff:10.0.0.1) is the same client as 10.0.0.1. */
export const normaliseIp = (ip: string): string =>
  ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/** One IPv4 or IPv6 address (no ranges). */
export const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/** The longest delay Node's timers keep (a longer one fires at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type Check = [name: string, ok: (value: unknown) => boolean, expected: string];

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const isBoolean = (value: unknown) => typeof value === 'boolean';
const wholeNumber = (min: number) => (value: unknown) => Number.isInteger(value) && (value as number) >= min;
const listOf = (ok: (item: string) => boolean) => (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string' && ok(item));

const SECTIONS: Record<keyof GuardsConfig, Check[]> = {
  rateLimits: [
    ['enabled', isBoolean, 'true or false'],
    ['graphqlPerMinute', wholeNumber(1), 'a whole number of 1 or more'],
    ['authPer15Minutes', wholeNumber(1), 'a whole number of 1 or more'],
    ['exemptIps', listOf((ip) => IP_ADDRESS.test(ip.trim())), 'a list of single IP addresses'],
    ['redisUrl', (value) => value === undefined || (typeof value === 'string' && /^rediss?:\/\/./.test(value)), 'a redis:// or rediss:// URL, or left out'],
    ['redisPrefix', (value) => typeof value === 'string' && value.length > 0, 'a non-empty string'],
  ],
  databaseOutage: [['enabled', isBoolean, 'true or false']],
  turns: [
    ['enabled', isBoolean, 'true or false'],
    ['reservedForEditors', wholeNumber(0), 'a whole number of 0 or more'],
    ['admissionTimeoutMs', (value) => wholeNumber(100)(value) && (value as number) <= MAX_TIMER_MS, `a whole number from 100 to ${MAX_TIMER_MS} (milliseconds)`],
  ],
  uploadCheck: [['enabled', isBoolean, 'true or false']],
  graphqlDocuments: [
    ['enabled', isBoolean, 'true or false'],
    ['maxArgumentDepth', wholeNumber(1), 'a whole number of 1 or more'],
  ],
  strictCors: [['enabled', isBoolean, 'true or false']],
};

/** What is wrong with a configuration, in one sentence naming the option, or null. */
export function configProblem(config: unknown): string | null {
  if (!isObject(config)) return 'the configuration must be an object';
  const unknown = Object.keys(config).filter((key) => !Object.hasOwn(SECTIONS, key));
  if (unknown.length > 0) return `unknown option ${unknown.join(', ')}; the options are ${Object.keys(SECTIONS).join(', ')}`;
  for (const [section, checks] of Object.entries(SECTIONS)) {
    const given = config[section];
    if (!isObject(given)) return `${section} must be an object`;
    const known = checks.map(([name]) => name);
    const extra = Object.keys(given).filter((key) => !known.includes(key));
    if (extra.length > 0) return `unknown option ${extra.map((key) => `${section}.${key}`).join(', ')}; the options are ${known.map((key) => `${section}.${key}`).join(', ')}`;
    for (const [name, ok, expected] of checks) {
      if (!ok(given[name])) return `${section}.${name} must be ${expected}, not ${JSON.stringify(given[name])}`;
    }
  }
  return null;
}

/** Strapi fills what the app's configuration leaves out from `default` (key by key), then validates. */
export default {
  default: (): GuardsConfig => structuredClone(defaults),
  validator(config: unknown): void {
    const problem = configProblem(config);
    if (problem) throw new Error(`production-guards: ${problem}`);
  },
};

/** The plugin's configuration as Strapi holds it (defaults filled in, validated). */
export const guardsConfig = (strapi: { config: { get(path: string): unknown } }): GuardsConfig => strapi.config.get('plugin::production-guards') as GuardsConfig;
