import { AsyncLocalStorage } from 'async_hooks';
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { parse, print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isAnonymous } from '../content-api/anonymous-guard';
import { envInteger } from '../utils/env-switch';
import {
  ANY_WRITE_TAG,
  bulkTag,
  documentDependencies,
  documentTag,
  GLOBAL_TAG,
  slugTag,
  typeTable,
  writeTags,
  type Dependencies,
  type TypeTable,
  type WriteEvent,
} from './dependencies';

/**
 * Cache of anonymous GraphQL responses. Each entry records the generations of the tags its
 * answer depends on (the content types it reads, or the one document it looked up: see
 * `./dependencies`), read before the answer was computed; a write bumps the tags of what it
 * wrote before the write's own response returns, so an entry whose tags moved on is never served
 * again: a reader never gets a response older than the last save, and a save of one case story
 * leaves the press room cached. With REDIS_URL the generations and the entries live in Redis and
 * every instance sees the same ones.
 */

/** A cached response: its JSON, the generations it was computed at, and (in memory) its ETag and the bytes sent, computed once. */
type Entry = { body: string; deps: Record<string, number>; etag?: string; wire?: Buffer };

/** What a look-up read: the entry (if any), the any-write generation (for coalescing misses) and the global one. */
type Snapshot = { entry: Entry | undefined; writes: number; global: number };

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** The current generations of these tags (0 for a tag never bumped). */
  generations(tags: string[]): Promise<number[]>;
  /** Bumps these tags and the any-write tag. */
  invalidate(tags: string[]): Promise<void>;
  /** The entry stored under this key, if any (valid or not), and the any-write and global generations. */
  read(key: string): Promise<Snapshot>;
  set(key: string, entry: Entry): Promise<void>;
  close(): Promise<void>;
}

export class MemoryStore implements CacheStore {
  readonly kind = 'memory';
  private readonly tags = new Map<string, number>();
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxEntries: number, ttlSeconds: number) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlSeconds * 1000 });
  }
  async generations(tags: string[]) {
    return tags.map((tag) => this.tags.get(tag) ?? 0);
  }
  async invalidate(tags: string[]) {
    for (const tag of new Set([...tags, ANY_WRITE_TAG])) this.tags.set(tag, (this.tags.get(tag) ?? 0) + 1);
    if (tags.includes(GLOBAL_TAG)) this.entries.clear();
  }
  async read(key: string) {
    return { entry: this.entries.get(key), writes: this.tags.get(ANY_WRITE_TAG) ?? 0, global: this.tags.get(GLOBAL_TAG) ?? 0 };
  }
  async set(key: string, entry: Entry) {
    this.entries.set(key, entry);
  }
  async close() {
    this.entries.clear();
  }
}

export class RedisStore implements CacheStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  /** One hash holds every tag's generation. */
  private readonly tagsKey: string;

  private constructor(redis: Redis, private readonly ttlSeconds: number, private readonly prefix: string) {
    this.redis = redis;
    this.tagsKey = `${prefix}tags`;
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
    const store = new RedisStore(redis, ttlSeconds, prefix);
    // After a lost connection, writes may have happened that could not invalidate: a new global
    // generation before this instance reads from Redis again (commands run in order).
    redis.on('ready', () => {
      store.invalidate([GLOBAL_TAG]).catch(() => undefined);
    });
    return store;
  }
  async generations(tags: string[]) {
    if (tags.length === 0) return [];
    return (await this.redis.hmget(this.tagsKey, ...tags)).map((value) => Number(value ?? 0));
  }
  async invalidate(tags: string[]) {
    const multi = this.redis.multi();
    // Were the hash ever lost (evicted, flushed) while entries stayed, counting again from 0 could
    // meet an old entry's generations: a lost hash starts the global tag at the clock instead.
    if (tags.includes(GLOBAL_TAG)) multi.hsetnx(this.tagsKey, GLOBAL_TAG, Date.now());
    for (const tag of new Set([...tags, ANY_WRITE_TAG])) multi.hincrby(this.tagsKey, tag, 1);
    await multi.exec();
  }
  async read(key: string) {
    const replies = (await this.redis.pipeline().get(`${this.prefix}e:${key}`).hmget(this.tagsKey, ANY_WRITE_TAG, GLOBAL_TAG).exec()) as [
      [Error | null, string | null],
      [Error | null, Array<string | null>],
    ];
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
    const [[, stored], [, [writes, global]]] = replies;
    const generations = { writes: Number(writes ?? 0), global: Number(global ?? 0) };
    if (stored === null) return { entry: undefined, ...generations };
    const split = stored.indexOf('\n');
    return { entry: { deps: JSON.parse(stored.slice(0, split)), body: stored.slice(split + 1) }, ...generations };
  }
  async set(key: string, entry: Entry) {
    await this.redis.set(`${this.prefix}e:${key}`, `${JSON.stringify(entry.deps)}\n${entry.body}`, 'EX', this.ttlSeconds);
  }
  async ping() {
    await this.redis.ping();
  }
  async close() {
    this.redis.disconnect();
  }
}

/** Whether every tag an entry depends on is still at the generation it was computed at. */
async function isCurrent(store: CacheStore, entry: Entry): Promise<boolean> {
  const tags = Object.keys(entry.deps);
  const current = await store.generations(tags);
  return tags.every((tag, index) => entry.deps[tag] === current[index]);
}

/** The valid entry under this key, and the generations read with it. */
async function readCurrent(store: CacheStore, key: string): Promise<Snapshot> {
  const snapshot = await store.read(key);
  return { ...snapshot, entry: snapshot.entry && (await isCurrent(store, snapshot.entry)) ? snapshot.entry : undefined };
}

export type CacheSettings = { enabled: boolean; maxEntries: number; ttlSeconds: number; maxAgeSeconds: number; coalesceWaitMs: number; redisUrl?: string; redisPrefix: string };

export function cacheSettings(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  return {
    enabled: (env.GRAPHQL_CACHE ?? 'true').trim().toLowerCase() !== 'false',
    maxEntries: envInteger('GRAPHQL_CACHE_MAX_ENTRIES', 1000, 0, env) || 1,
    ttlSeconds: envInteger('GRAPHQL_CACHE_TTL', 300, 0, env) || 1,
    maxAgeSeconds: envInteger('GRAPHQL_CACHE_MAX_AGE', 0, 0, env),
    coalesceWaitMs: coalesceWaitMs(env),
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

/**
 * What the early look-up found: the cached response, or, on a miss, the key that identical
 * requests share and the global generation read before Strapi authenticated the request.
 */
export type AnonymousLookup = { response: CachedResponse } | { miss: string; global: number };

/** Where a request's state keeps the global generation of its early look-up. */
const GLOBAL_BEFORE_AUTH = Symbol('response cache: global generation before authentication');

/**
 * Keeps the global generation read before the request was authenticated: Strapi reads the public
 * role's permissions while authenticating, before Apollo runs, so an answer may be stored only
 * as of the permissions it was computed with (a permission saved in between moves the global
 * generation past it).
 */
export function keepGlobalGeneration(state: object, global: number): void {
  (state as Record<symbol, number>)[GLOBAL_BEFORE_AUTH] = global;
}

/** keepGlobalGeneration with the current global generation, for requests that skip the early look-up; nothing when the cache is off or unreachable. */
export async function keepCurrentGlobalGeneration(state: object): Promise<void> {
  const global = await globalGeneration().catch(() => null);
  if (global !== null) keepGlobalGeneration(state, global);
}

/**
 * Looks an anonymous request up in the cache before Strapi's auth and Apollo run: the entry of
 * the same normalised query, variables and operation that Apollo stored after running the whole
 * pipeline (guard, validation, permissions) for an anonymous reader, while nothing it depends on
 * has been written since.
 * Returns null when the cache is off or anything is unusual: the caller then lets the request
 * take the normal path.
 */
export async function lookupAnonymous(query: unknown, variables: unknown, operationName: unknown): Promise<AnonymousLookup | null> {
  if (!active) return null;
  const key = anonymousKey(query, variables, operationName);
  return key === null ? null : lookupKey(key);
}

/**
 * The cache key of an anonymous request, from its query, variables and operation name as the
 * body gave them; null when they are not of the types Apollo accepts, the query does not parse or
 * the key cannot be computed (variables nested too deep).
 * A pure function of its arguments: the hit listener keeps its answers per request body.
 */
export function anonymousKey(query: unknown, variables: unknown, operationName: unknown): string | null {
  if (typeof query !== 'string' || query.length > MAX_FAST_QUERY_LENGTH) return null;
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
    return cacheKey(text, (variables ?? undefined) as Record<string, unknown> | undefined, operationName as string | null | undefined);
  } catch {
    return null; // variables nested deeper than the key's walk can go: Apollo answers them uncached
  }
}

/** lookupAnonymous for a key from anonymousKey. */
export async function lookupKey(key: string): Promise<AnonymousLookup | null> {
  const cache = active;
  if (!cache) return null;
  try {
    const { entry, writes, global } = await readCurrent(cache.store, key);
    if (!entry) return { miss: `${writes}:${key}`, global };
    return { response: { wire: entry.wire ?? `${entry.body}\n`, etag: entry.etag ?? etagOf(entry.body), cacheControl: publicCacheControl() } };
  } catch {
    return null;
  }
}

/**
 * The longest a request waits for an identical one to fill the cache before it runs itself
 * (GRAPHQL_COALESCE_WAIT_MS): well under a client's timeout, so that a slow leader costs its
 * followers this long at most, not their answer.
 */
export const coalesceWaitMs = (env: NodeJS.ProcessEnv = process.env): number =>
  envInteger('GRAPHQL_COALESCE_WAIT_MS', 2000, 0, env, 'the milliseconds a request waits for an identical one, well under a client timeout');
const inFlight = new Map<string, Promise<void>>();

/**
 * Runs identical anonymous queries that miss the cache at the same time once: the first (`run`)
 * goes through the whole pipeline and fills the cache; the others wait for it and return true, to
 * be answered from the cache (or, when its answer could not be cached, to run themselves). Misses
 * with a write between them never wait for each other, so nobody is answered from before a save.
 * Returns false for the request that ran.
 */
export async function coalesce(miss: string, run: () => Promise<void>, waitMs = active?.settings.coalesceWaitMs ?? coalesceWaitMs()): Promise<boolean> {
  const pending = inFlight.get(miss);
  if (pending) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
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

let active: { store: CacheStore; settings: CacheSettings; log: Core.Strapi['log']; types: TypeTable } | null = null;

/** The tags written by the work running in this async context (see `withWrittenTags`). */
const saveWrites = new AsyncLocalStorage<Set<string>>();

/**
 * Creates the store and makes every database write invalidate what it wrote. Call from
 * bootstrap(), after the GraphQL schema is built. A start invalidates everything: nobody knows
 * what happened to the database while this instance was down.
 */
export async function registerResponseCache(strapi: Core.Strapi, settings = cacheSettings()): Promise<CacheStore | null> {
  if (!settings.enabled) {
    strapi.log.info('[cache] GraphQL response cache is off (GRAPHQL_CACHE=false)');
    return null;
  }
  const store = settings.redisUrl
    ? await RedisStore.connect(settings.redisUrl, settings.ttlSeconds, settings.redisPrefix)
    : new MemoryStore(settings.maxEntries, settings.ttlSeconds);
  await store.invalidate([GLOBAL_TAG]);
  active = { store, settings, log: strapi.log, types: typeTable(strapi) };
  strapi.db.lifecycles.subscribe(async (event) => {
    const tags = writeTags(event as unknown as WriteEvent);
    if (!tags) return;
    const collected = saveWrites.getStore();
    if (collected) for (const tag of tags) collected.add(tag);
    await store.invalidate(tags);
  });
  strapi.log.info(`[cache] GraphQL response cache: ${store.kind}${store.kind === 'memory' ? `, ${settings.maxEntries} entries` : ''}, ${settings.ttlSeconds} s`);
  return store;
}

/** Runs `work` and returns its result with the tags its database writes bumped. */
export async function withWrittenTags<T>(work: () => Promise<T>): Promise<{ result: T; tags: string[] }> {
  const written = new Set<string>();
  const result = await saveWrites.run(written, work);
  return { result, tags: [...written] };
}

/** Bumps these tags (everything by default): for writes that bypass Strapi's query layer (the search index, a restore). */
export async function invalidateResponseCache(tags: string[] = [GLOBAL_TAG]): Promise<void> {
  await active?.store.invalidate(tags);
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

/** The generation of what every answer depends on (permissions among it), or null when the response cache is off. */
export async function globalGeneration(): Promise<number | null> {
  return active ? (await active.store.generations([GLOBAL_TAG]))[0] : null;
}

export async function closeResponseCache(): Promise<void> {
  await active?.store.close();
  active = null;
}

/** Documents found by slug look-ups, per GraphQL request context: uid -> document ids (null: none found). */
const lookedUp = new WeakMap<object, Map<string, Array<string | null>>>();

/** Records the document a slug look-up found (or null), so that its cached answer depends on that document only. */
export function recordLookup(context: object, uid: string, documentId: string | null): void {
  let byType = lookedUp.get(context);
  if (!byType) lookedUp.set(context, (byType = new Map()));
  byType.set(uid, [...(byType.get(uid) ?? []), documentId]);
}

type RequestContext = {
  schema: GraphQLSchema;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown>; operationName?: string | null; http?: { method: string } };
  response: { body: { kind: string; singleResult?: { data?: unknown; errors?: unknown } }; http: { headers: Map<string, string> } };
  contextValue: { state?: { auth?: { credentials?: unknown } } };
};

type MissState = { key: string; deps: Record<string, number>; lookup: Dependencies['lookup'] };

/**
 * The generations to store with a fresh answer. An answer of a slug look-up depends on the
 * document found (and the slug, and bulk writes) instead of the whole type, provided no write of
 * the type happened while it was computed: then the document's generations now are those it was
 * read at. Null when nothing should be stored.
 */
async function freshDeps(store: CacheStore, state: MissState, context: object): Promise<Record<string, number> | null> {
  const { lookup } = state;
  if (!lookup) return state.deps;
  const found = lookedUp.get(context)?.get(lookup.uid);
  if (found?.length !== 1) return null;
  const [documentId] = found;
  const narrow = [bulkTag(lookup.uid), slugTag(lookup.uid, lookup.slug), ...(documentId ? [documentTag(lookup.uid, documentId)] : [])];
  const [type, ...generations] = await store.generations([lookup.uid, ...narrow]);
  if (type !== state.deps[lookup.uid]) return null;
  const deps = { ...state.deps };
  delete deps[lookup.uid];
  narrow.forEach((tag, index) => (deps[tag] = generations[index]));
  return deps;
}

/**
 * Apollo plugin: after parsing, validation and the anonymous guard, answers a cacheable request
 * from the cache, or stores its fresh response with the generations of what it depends on, read
 * before it runs. Authenticated requests and mutations bypass it.
 */
export const responseCacheApolloPlugin = {
  async requestDidStart() {
    let state: MissState | null = null;
    let status: 'HIT' | 'MISS' | 'BYPASS' = 'BYPASS';
    return {
      async responseForOperation(context: RequestContext) {
        const cache = active;
        if (!cache || !context.document || context.operation?.operation !== 'query' || !isAnonymous(context.contextValue.state?.auth)) return null;
        try {
          const key = cacheKey(context.document, context.request.variables, context.request.operationName);
          const { entry } = await readCurrent(cache.store, key);
          status = entry ? 'HIT' : 'MISS';
          if (entry) return { http: { headers: new Map(), status: undefined }, body: { kind: 'single', singleResult: JSON.parse(entry.body) } };
          // Stored only as of the global generation read before authentication (graphql-cache
          // middleware keeps it for every anonymous request).
          const global = (context.contextValue.state as Record<symbol, number> | undefined)?.[GLOBAL_BEFORE_AUTH];
          if (global === undefined) return null;
          const dependencies = documentDependencies(context.schema, cache.types, context.document, context.request.variables, context.request.operationName);
          const tags = [...dependencies.tags, ...(dependencies.lookup ? [dependencies.lookup.uid] : [])];
          const generations = await cache.store.generations(tags);
          const deps = Object.fromEntries(tags.map((tag, index) => [tag, generations[index]]));
          state = { key, deps: { ...deps, [GLOBAL_TAG]: global }, lookup: dependencies.lookup };
          return null;
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
        const cache = active;
        if (state && status === 'MISS' && cache) {
          const miss = state;
          try {
            const deps = await freshDeps(cache.store, miss, context.contextValue);
            if (deps) await cache.store.set(miss.key, { body, deps, etag, wire: Buffer.from(`${body}\n`) });
          } catch (error) {
            cache.log.warn(`[cache] store failed: ${(error as Error).message}`);
          }
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
