import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isAnonymous } from '../content-api/anonymous-guard';
import { envInteger } from '../utils/env-switch';

/**
 * Cache of anonymous GraphQL responses. Entries are keyed by a generation number that any write
 * to the database increments (before the write's own response returns), so a reader never gets a
 * response older than the last save: the old entries simply stop being looked up. With REDIS_URL
 * the generation and the entries live in Redis and every instance sees the same ones.
 */

/** A cached response: its JSON, and (in memory) its ETag and the bytes sent, computed once. */
type Entry = { body: string; etag?: string; wire?: Buffer };

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  generation(): Promise<number>;
  invalidate(): Promise<void>;
  get(generation: number, key: string): Promise<Entry | undefined>;
  set(generation: number, key: string, entry: Entry): Promise<void>;
  close(): Promise<void>;
}

export class MemoryStore implements CacheStore {
  readonly kind = 'memory';
  private current = 0;
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxEntries: number, ttlSeconds: number) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlSeconds * 1000 });
  }
  async generation() {
    return this.current;
  }
  async invalidate() {
    this.current += 1;
    this.entries.clear();
  }
  async get(generation: number, key: string) {
    return generation === this.current ? this.entries.get(key) : undefined;
  }
  async set(generation: number, key: string, entry: Entry) {
    if (generation === this.current) this.entries.set(key, entry);
  }
  async close() {
    this.entries.clear();
  }
}

export class RedisStore implements CacheStore {
  readonly kind = 'redis';
  private readonly redis: Redis;

  private constructor(redis: Redis, private readonly ttlSeconds: number, private readonly prefix: string) {
    this.redis = redis;
  }

  /** Connects, or fails with a message naming REDIS_URL. */
  static async connect(url: string, ttlSeconds: number, prefix: string): Promise<RedisStore> {
    // Fail fast: a reader waits for the database rather than for a Redis that is down.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, connectTimeout: 5000 });
    redis.on('error', () => undefined); // each command reports its own failure
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`REDIS_URL is set but Redis cannot be reached: ${(error as Error).message}`);
    }
    // After a lost connection, writes may have happened that could not invalidate: start a new
    // generation before this instance reads from Redis again (commands run in order).
    redis.on('ready', () => {
      redis.incr(`${prefix}generation`).catch(() => undefined);
    });
    return new RedisStore(redis, ttlSeconds, prefix);
  }
  async generation() {
    return Number((await this.redis.get(`${this.prefix}generation`)) ?? 0);
  }
  async invalidate() {
    await this.redis.incr(`${this.prefix}generation`);
  }
  async get(generation: number, key: string) {
    const body = await this.redis.get(`${this.prefix}${generation}:${key}`);
    return body === null ? undefined : { body };
  }
  async set(generation: number, key: string, entry: Entry) {
    await this.redis.set(`${this.prefix}${generation}:${key}`, entry.body, 'EX', this.ttlSeconds);
  }
  async ping() {
    await this.redis.ping();
  }
  async close() {
    this.redis.disconnect();
  }
}

export type CacheSettings = { enabled: boolean; maxEntries: number; ttlSeconds: number; maxAgeSeconds: number; redisUrl?: string; redisPrefix: string };

export function cacheSettings(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  return {
    enabled: (env.GRAPHQL_CACHE ?? 'true').trim().toLowerCase() !== 'false',
    maxEntries: envInteger('GRAPHQL_CACHE_MAX_ENTRIES', 1000, 0, env) || 1,
    ttlSeconds: envInteger('GRAPHQL_CACHE_TTL', 300, 0, env) || 1,
    maxAgeSeconds: envInteger('GRAPHQL_CACHE_MAX_AGE', 0, 0, env),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisPrefix: env.GRAPHQL_CACHE_REDIS_PREFIX?.trim() || 'lpc:graphql-cache:',
  };
}

/** Sorted keys, so {a, b} and {b, a} are the same variables. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key of an anonymous request: the normalised query, its variables and operation, and the role. */
export function cacheKey(document: DocumentNode | string, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): string {
  return crypto
    .createHash('sha256')
    .update(stableStringify(['public', typeof document === 'string' ? document : print(document), variables ?? {}, operationName ?? null]))
    .digest('hex');
}

const etagOf = (body: string) => `W/"${crypto.createHash('sha1').update(body).digest('base64url')}"`;

/** Normalised (parsed and printed) query texts, so a repeated query is not parsed again. */
const normalised = new LRUCache<string, string>({ max: 500 });
const MAX_FAST_QUERY_LENGTH = 20000;

export type CachedResponse = { wire: Buffer | string; etag: string; cacheControl: string };

/** What the early look-up found: the cached response, or, on a miss, the key that identical requests share. */
export type AnonymousLookup = { response: CachedResponse } | { miss: string };

/**
 * Looks an anonymous request up in the cache before Strapi's auth and Apollo run: the entry of
 * the same normalised query, variables and operation that Apollo stored after running the whole
 * pipeline (guard, validation, permissions) for an anonymous reader in the current generation.
 * Returns null when the cache is off or anything is unusual: the caller then lets the request
 * take the normal path.
 */
export async function lookupAnonymous(query: unknown, variables: unknown, operationName: unknown): Promise<AnonymousLookup | null> {
  const cache = active;
  if (!cache || typeof query !== 'string' || query.length > MAX_FAST_QUERY_LENGTH) return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  let text = normalised.get(query);
  if (text === undefined) {
    try {
      text = print(parse(query));
    } catch {
      return null; // Apollo reports the syntax error
    }
    normalised.set(query, text);
  }
  try {
    const generation = await cache.store.generation();
    const key = cacheKey(text, (variables ?? undefined) as Record<string, unknown> | undefined, operationName as string | null | undefined);
    const entry = await cache.store.get(generation, key);
    if (!entry) return { miss: `${generation}:${key}` };
    return { response: { wire: entry.wire ?? `${entry.body}\n`, etag: entry.etag ?? etagOf(entry.body), cacheControl: publicCacheControl() } };
  } catch {
    return null;
  }
}

/** The longest a request waits for an identical one to fill the cache before it runs itself. */
export const COALESCE_WAIT_MS = 10000;
const inFlight = new Map<string, Promise<void>>();

/**
 * Runs identical anonymous queries that miss the cache at the same time once: the first (`run`)
 * goes through the whole pipeline and fills the cache; the others wait for it and return true, to
 * be answered from the cache (or, when its answer could not be cached, to run themselves). Misses
 * of different write generations never wait for each other, so nobody is answered from before a
 * save. Returns false for the request that ran.
 */
export async function coalesce(miss: string, run: () => Promise<void>): Promise<boolean> {
  const pending = inFlight.get(miss);
  if (pending) {
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, COALESCE_WAIT_MS).unref())]);
    return true;
  }
  let done!: () => void;
  inFlight.set(miss, new Promise<void>((resolve) => (done = resolve)));
  try {
    await run();
  } finally {
    inFlight.delete(miss);
    done();
  }
  return false;
}

const publicCacheControl = () => `public, max-age=${active?.settings.maxAgeSeconds ?? 0}, must-revalidate`;

let active: { store: CacheStore; settings: CacheSettings; log: Core.Strapi['log'] } | null = null;

const WRITE_EVENTS = new Set(['afterCreate', 'afterCreateMany', 'afterUpdate', 'afterUpdateMany', 'afterDelete', 'afterDeleteMany']);

/**
 * Creates the store and makes every database write invalidate it. Call from bootstrap(). A start
 * invalidates too: nobody knows what happened to the database while this instance was down.
 */
export async function registerResponseCache(strapi: Core.Strapi, settings = cacheSettings()): Promise<CacheStore | null> {
  if (!settings.enabled) {
    strapi.log.info('[cache] GraphQL response cache is off (GRAPHQL_CACHE=false)');
    return null;
  }
  const store = settings.redisUrl
    ? await RedisStore.connect(settings.redisUrl, settings.ttlSeconds, settings.redisPrefix)
    : new MemoryStore(settings.maxEntries, settings.ttlSeconds);
  await store.invalidate();
  active = { store, settings, log: strapi.log };
  strapi.db.lifecycles.subscribe(async (event: { action: string }) => {
    if (WRITE_EVENTS.has(event.action)) await store.invalidate();
  });
  strapi.log.info(`[cache] GraphQL response cache: ${store.kind}${store.kind === 'memory' ? `, ${settings.maxEntries} entries` : ''}, ${settings.ttlSeconds} s`);
  return store;
}

/** Starts a new generation: for writes that bypass Strapi's query layer (the search index). */
export async function invalidateResponseCache(): Promise<void> {
  await active?.store.invalidate();
}

/** Whether the shared cache store answers: `unused` without Redis (memory or off). */
export async function sharedCacheHealth(): Promise<'unused' | 'up' | 'down'> {
  if (!active || !(active.store instanceof RedisStore)) return 'unused';
  try {
    await active.store.ping();
    return 'up';
  } catch {
    return 'down';
  }
}

/** The current write generation, or null when the response cache is off. */
export async function writeGeneration(): Promise<number | null> {
  return active ? active.store.generation() : null;
}

export async function closeResponseCache(): Promise<void> {
  await active?.store.close();
  active = null;
}

type RequestContext = {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown>; operationName?: string | null; http?: { method: string } };
  response: { body: { kind: string; singleResult?: { data?: unknown; errors?: unknown } }; http: { headers: Map<string, string> } };
  contextValue: { state?: { auth?: { credentials?: unknown } } };
};

/**
 * Apollo plugin: after parsing, validation and the anonymous guard, answers a cacheable request
 * from the cache, or stores its fresh response. Authenticated requests and mutations bypass it.
 */
export const responseCacheApolloPlugin = {
  async requestDidStart() {
    let state: { key: string; generation: number } | null = null;
    let status: 'HIT' | 'MISS' | 'BYPASS' = 'BYPASS';
    return {
      async responseForOperation(context: RequestContext) {
        const cache = active;
        if (!cache || !context.document || context.operation?.operation !== 'query' || !isAnonymous(context.contextValue.state?.auth)) return null;
        try {
          const key = cacheKey(context.document, context.request.variables, context.request.operationName);
          const generation = await cache.store.generation();
          const entry = await cache.store.get(generation, key);
          state = { key, generation };
          status = entry ? 'HIT' : 'MISS';
          if (!entry) return null;
          return { http: { headers: new Map(), status: undefined }, body: { kind: 'single', singleResult: JSON.parse(entry.body) } };
        } catch (error) {
          cache.log.warn(`[cache] lookup failed, serving uncached: ${(error as Error).message}`);
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
        headers.set('cache-control', publicCacheControl());
        if (state && status === 'MISS' && active) {
          await active.store.set(state.generation, state.key, { body, etag, wire: Buffer.from(`${body}\n`) }).catch((error: Error) => active?.log.warn(`[cache] store failed: ${error.message}`));
        }
      },
    };
  },
};

/** Koa middleware: answers 304 to a conditional GET of /graphql whose ETag still matches. */
export function conditionalGet(endpoint: string) {
  return async (ctx: { method: string; path: string; status: number; fresh: boolean }, next: () => Promise<void>) => {
    await next();
    if (ctx.method === 'GET' && ctx.path === endpoint && ctx.status === 200 && ctx.fresh) ctx.status = 304;
  };
}
