import type { CacheSettings } from './cache/response-cache';

export type CdnTagSettings = { headers: string[]; prefix: string };

/**
 * The plugin's configuration (`config/plugins` of the app, key `graphql-acceleration`). Every
 * switch defaults to on; batching off gives plugin-graphql's stock loading, the cache off
 * answers every request with Apollo, for comparison and diagnosis.
 */
export type AccelerationConfig = {
  /**
   * Relations, components and media of GraphQL answers loaded in batches (one SQL statement per
   * field and level, whatever the page size), rows read with the columns the selection needs.
   */
  batching: boolean;
  /** Fields resolved without plugin-graphql's per-field auth and policy wrapper where it decides nothing, and without Apollo's per-field hooks. Needs batching. */
  leanResolvers: boolean;
  /**
   * The content types whose GraphQL fields are accelerated: UIDs, or `api::*` for every content
   * type of the app's APIs (the default). Components are always included.
   */
  contentTypes: string[];
  /** The response cache of public GraphQL answers. */
  responseCache: CacheSettings;
  /**
   * Tags of public answers for a CDN in front of the API (see cache/cdn-tags.ts): the headers
   * that carry them (`Cache-Tag` for Cloudflare, `Surrogate-Key` for Fastly and Varnish xkey;
   * none: no tag headers) and a prefix for every tag (to share one CDN zone between sites).
   */
  cdnTags: CdnTagSettings;
  /** X-Cache-Path on cached answers (`listener`, `early`): which path answered. For diagnosis. */
  diagnosticHeaders: boolean;
};

const KEYS: ReadonlyArray<keyof AccelerationConfig> = ['batching', 'leanResolvers', 'contentTypes', 'responseCache', 'cdnTags', 'diagnosticHeaders'];
const CDN_KEYS: ReadonlyArray<keyof CdnTagSettings> = ['headers', 'prefix'];
const CACHE_KEYS: ReadonlyArray<keyof CacheSettings> = ['enabled', 'maxEntries', 'ttlSeconds', 'maxAgeSeconds', 'coalesceWaitMs', 'redisUrl', 'redisPrefix'];

export const DEFAULT_CACHE: CacheSettings = {
  enabled: true,
  maxEntries: 1000,
  ttlSeconds: 300,
  maxAgeSeconds: 0,
  coalesceWaitMs: 2000,
  redisUrl: undefined,
  redisPrefix: 'strapi:graphql-cache:',
};

const isBoolean = (value: unknown) => typeof value === 'boolean';
const wholeNumber = (min: number) => (value: unknown) => Number.isInteger(value) && (value as number) >= min;

function unknownKeys(given: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.map((key) => `${where}${key}`).join(', ')}; the options are ${known.map((key) => `${where}${key}`).join(', ')}`);
}

function check(value: unknown, ok: (value: unknown) => boolean, name: string, expected: string): void {
  if (!ok(value)) throw new Error(`${name} must be ${expected}, not ${JSON.stringify(value)}`);
}

/** The lists' defaults, filled in by `withListDefaults` (see there). */
export const LIST_DEFAULTS = { contentTypes: ['api::*'], cdnTagHeaders: ['Cache-Tag', 'Surrogate-Key'] } as const;

/** The configuration as Strapi holds it: the lists may be left out. */
export type GivenConfig = Omit<AccelerationConfig, 'contentTypes' | 'cdnTags'> & { contentTypes?: string[]; cdnTags: { headers?: string[]; prefix: string } };

/**
 * The configuration with the lists that were left out filled in. Lists have no default in
 * `default()`: Strapi merges an app's configuration into a plugin's defaults with lodash's
 * `defaultsDeep`, which merges lists index by index, so an app's `[]` (no CDN tag headers) came
 * back as the default list, and a one-item list kept the default's second item.
 */
export const withListDefaults = (given: GivenConfig): AccelerationConfig => ({
  ...given,
  contentTypes: given.contentTypes ?? [...LIST_DEFAULTS.contentTypes],
  cdnTags: { ...given.cdnTags, headers: given.cdnTags.headers ?? [...LIST_DEFAULTS.cdnTagHeaders] },
});

/** The plugin's configuration, read from Strapi's, with its lists filled in. */
export const readConfig = (strapi: { config: { get(path: string): unknown } }): AccelerationConfig => withListDefaults(strapi.config.get('plugin::graphql-acceleration') as GivenConfig);

export default {
  default: (): GivenConfig => ({
    batching: true,
    leanResolvers: true,
    responseCache: { ...DEFAULT_CACHE },
    cdnTags: { prefix: '' },
    diagnosticHeaders: false,
  }),
  validator(config: unknown): void {
    const given = config as Record<string, unknown>;
    unknownKeys(given, KEYS, '');
    for (const key of ['batching', 'leanResolvers', 'diagnosticHeaders'] as const) check(given[key], isBoolean, key, 'true or false');
    const types = given.contentTypes;
    if (types !== undefined && (!Array.isArray(types) || types.some((uid) => typeof uid !== 'string' || !/^(api::\*|[a-z]+::[\w-]+\.[\w-]+)$/.test(uid)))) {
      throw new Error(`contentTypes must be a list of content-type UIDs (api::article.article) or 'api::*', not ${JSON.stringify(types)}`);
    }
    if (given.leanResolvers === true && given.batching === false) {
      throw new Error('leanResolvers needs batching (its root queries record the arguments the batched relations read); turn both off or batching on');
    }
    const cache = given.responseCache as Record<string, unknown>;
    check(cache, (value) => Boolean(value) && typeof value === 'object' && !Array.isArray(value), 'responseCache', 'an object');
    unknownKeys(cache, CACHE_KEYS, 'responseCache.');
    check(cache.enabled, isBoolean, 'responseCache.enabled', 'true or false');
    check(cache.maxEntries, wholeNumber(1), 'responseCache.maxEntries', 'a whole number of 1 or more');
    check(cache.ttlSeconds, wholeNumber(1), 'responseCache.ttlSeconds', 'a whole number of 1 or more');
    check(cache.maxAgeSeconds, wholeNumber(0), 'responseCache.maxAgeSeconds', 'a whole number of 0 or more');
    check(cache.coalesceWaitMs, wholeNumber(0), 'responseCache.coalesceWaitMs', 'a whole number of 0 or more (milliseconds)');
    check(cache.redisUrl, (value) => value === undefined || (typeof value === 'string' && /^rediss?:\/\/./.test(value)), 'responseCache.redisUrl', 'a redis:// or rediss:// URL, or left out');
    const cdn = given.cdnTags as Record<string, unknown>;
    check(cdn, (value) => Boolean(value) && typeof value === 'object' && !Array.isArray(value), 'cdnTags', 'an object');
    unknownKeys(cdn, CDN_KEYS, 'cdnTags.');
    check(
      cdn.headers,
      (value) => value === undefined || (Array.isArray(value) && value.every((name) => typeof name === 'string' && /^[A-Za-z0-9-]+$/.test(name))),
      'cdnTags.headers',
      'a list of header names'
    );
    check(cdn.prefix, (value) => typeof value === 'string' && /^[A-Za-z0-9:/._-]{0,32}$/.test(value), 'cdnTags.prefix', 'up to 32 of A-Z a-z 0-9 : / . _ -');
    check(cache.redisPrefix, (value) => typeof value === 'string' && value.length > 0, 'responseCache.redisPrefix', 'a non-empty string');
  },
};
