import { AsyncLocalStorage } from 'async_hooks';
import type { IncomingMessage } from 'http';
import type { Core } from '@strapi/strapi';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { coalescer, type Coalesce } from './coalescing';
import { etagOf } from './keys';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import { readCurrent, type CacheStore, type Entry } from './store';
import { bulkTag, documentDependencies, documentTag, GLOBAL_TAG, slugTag, TagDeclarations, typeTable, writeTags, type Dependencies, type TypeTable, type WriteEvent } from './tags';
import { HitHeaders } from '../http/hit-headers';
import { cdnTags } from './cdn-tags';
import type { CdnTagSettings } from '../config';

/**
 * The response cache of public GraphQL answers, and all of its state: one instance per Strapi,
 * held by the plugin's `cache` service.
 *
 * Each entry records the generations of the tags its answer depends on (the content types it
 * reads, or the one document it looked up: see `./tags`), read before the answer was computed;
 * a write bumps the tags of what it wrote before the write's own response returns, so an entry
 * whose tags moved on is never served again: a reader never gets a response older than the last
 * save, and a save of one document leaves the answers about other types cached. With a Redis
 * store the generations and the entries are shared by every instance.
 */

export type CacheSettings = {
  enabled: boolean;
  maxEntries: number;
  ttlSeconds: number;
  /** `max-age` of the Cache-Control of cached answers (0: clients revalidate every time). */
  maxAgeSeconds: number;
  /** The longest a request waits for an identical one to fill the cache. */
  coalesceWaitMs: number;
  /** Redis shared by every instance; the memory of this one when absent. */
  redisUrl?: string;
  redisPrefix: string;
};

/** The answer of a hit: the bytes Apollo sends, its ETag, Cache-Control and CDN tag headers. */
export type CachedResponse = { wire: Buffer | string; etag: string; cacheControl: string; tagHeaders: Record<string, string> };

/**
 * What an early look-up found: the cached response, or, on a miss, the key that identical
 * requests share and the global generation read before Strapi authenticated the request.
 */
export type PublicLookup = { response: CachedResponse } | { miss: string; global: number };

/**
 * A check a hit answered before Koa must pass (an app's rate limit, say): false hands the request
 * to Koa, where the app's own middleware answers it; headers are added to the hit.
 */
export type HitGate = (req: IncomingMessage, ip: string) => Promise<{ pass: false } | { pass: true; headers?: Record<string, string> }>;

/** What a miss read before it ran: its key, the generations of its dependencies, and its slug look-up. */
export type MissState = { key: string; deps: Record<string, number>; lookup: Dependencies['lookup'] };

/** Where a request's state keeps the global generation of its early look-up, and its cache key. */
const GLOBAL_BEFORE_AUTH = Symbol('response cache: global generation before authentication');
const REQUEST_KEY = Symbol('response cache: key of the request');
type RequestState = Record<symbol, unknown>;

export class ResponseCache {
  /** The app's declarations: tags of its own GraphQL types, slug look-up fields. */
  readonly declarations = new TagDeclarations();
  /** Headers of hits per Origin, learned by the middleware for the listener. */
  readonly hitHeaders: HitHeaders;
  readonly gates: HitGate[] = [];
  readonly coalesce: Coalesce;
  private active: { store: CacheStore; types: TypeTable } | null = null;
  /** The tags written by the work running in this async context (see `withWrittenTags`). */
  private readonly saveWrites = new AsyncLocalStorage<Set<string>>();
  /** Documents found by slug look-ups, per GraphQL request context: uid -> document ids (null: none found). */
  private readonly lookedUp = new WeakMap<object, Map<string, Array<string | null>>>();
  /** Cache keys computed before Koa (by the listener), for the middleware of the same request. */
  private readonly keysBeforeKoa = new WeakMap<IncomingMessage, string>();
  private subscribed = false;

  constructor(
    private readonly strapi: Core.Strapi,
    readonly settings: CacheSettings,
    /** X-Cache-Path on answers (diagnostics). */
    readonly diagnostics: boolean,
    /** The headers that carry an answer's CDN tags, and their prefix. */
    private readonly cdn: CdnTagSettings = { headers: [], prefix: '' }
  ) {
    this.coalesce = coalescer(settings.coalesceWaitMs);
    this.hitHeaders = new HitHeaders(cdn.headers);
  }

  /** A warning of the cache's, in the app's log. */
  log(message: string): void {
    this.strapi.log.warn(`[graphql-acceleration] cache: ${message}`);
  }

  get isOn(): boolean {
    return this.active !== null;
  }

  /**
   * Creates the store and makes every database write invalidate what it wrote. Called in the
   * plugin's bootstrap, after the GraphQL schema is built. A start invalidates everything:
   * nobody knows what happened to the database while this instance was down.
   */
  async start(): Promise<void> {
    const { settings, strapi } = this;
    if (!settings.enabled) {
      strapi.log.info('[graphql-acceleration] the GraphQL response cache is off');
      return;
    }
    const store = settings.redisUrl ? await RedisStore.connect(settings.redisUrl, settings.ttlSeconds, settings.redisPrefix) : new MemoryStore(settings.maxEntries, settings.ttlSeconds);
    await store.invalidate([GLOBAL_TAG]);
    this.active = { store, types: typeTable(strapi, this.declarations.types) };
    if (!this.subscribed) {
      this.subscribed = true;
      strapi.db.lifecycles.subscribe(async (event) => {
        const current = this.active;
        const tags = current && writeTags(event as unknown as WriteEvent);
        if (!current || !tags) return;
        const collected = this.saveWrites.getStore();
        if (collected) for (const tag of tags) collected.add(tag);
        await current.store.invalidate(tags);
      });
    }
    strapi.log.info(`[graphql-acceleration] GraphQL response cache: ${store.kind}${store.kind === 'memory' ? `, ${settings.maxEntries} entries` : ''}, ${settings.ttlSeconds} s`);
  }

  async stop(): Promise<void> {
    const current = this.active;
    this.active = null;
    await current?.store.close();
  }

  /**
   * The CDN tag headers of an answer that depends on these tags (its entry's generations): every
   * tag but the global one (which every answer has; a CDN purges everything for it), comma-separated in
   * `Cache-Tag` (Cloudflare), space-separated in the others (Fastly's `Surrogate-Key`, Varnish xkey).
   */
  tagHeaders(dependencies: Iterable<string>): Record<string, string> {
    if (this.cdn.headers.length === 0) return {};
    const tags = cdnTags(
      [...dependencies].filter((tag) => tag !== GLOBAL_TAG),
      this.cdn.prefix
    );
    if (tags.length === 0) return {};
    return Object.fromEntries(this.cdn.headers.map((name) => [name, tags.join(name.toLowerCase() === 'cache-tag' ? ',' : ' ')]));
  }

  /** The CDN tag headers of a stored entry (computed once per entry in memory). */
  private entryTagHeaders(entry: Entry): Record<string, string> {
    if (!entry.tagHeaders) entry.tagHeaders = this.tagHeaders(Object.keys(entry.deps));
    return entry.tagHeaders;
  }

  publicCacheControl(): string {
    return `public, max-age=${this.settings.maxAgeSeconds}, must-revalidate`;
  }

  /** The valid response stored under `key`, or the miss; null when the cache is off or unreachable. */
  async lookupKey(key: string): Promise<PublicLookup | null> {
    const current = this.active;
    if (!current) return null;
    try {
      const { entry, writes, global } = await readCurrent(current.store, key);
      if (!entry) return { miss: `${writes}:${key}`, global };
      return {
        response: { wire: entry.wire ?? `${entry.body}\n`, etag: entry.etag ?? etagOf(entry.body), cacheControl: this.publicCacheControl(), tagHeaders: this.entryTagHeaders(entry) },
      };
    } catch {
      return null;
    }
  }

  /** Remembers the key the listener computed, for the middleware when the request goes on to Koa. */
  keepKeyBeforeKoa(req: IncomingMessage, key: string): void {
    this.keysBeforeKoa.set(req, key);
  }

  keyBeforeKoa(req: IncomingMessage): string | undefined {
    return this.keysBeforeKoa.get(req);
  }

  /** Keeps the request's cache key on its state, for the Apollo plugin (computed once per request). */
  keepRequestKey(state: object, key: string): void {
    (state as RequestState)[REQUEST_KEY] = key;
  }

  requestKeyOf(state: object | undefined): string | undefined {
    const key = (state as RequestState | undefined)?.[REQUEST_KEY];
    return typeof key === 'string' ? key : undefined;
  }

  /**
   * Keeps the global generation read before the request was authenticated: Strapi reads the
   * public role's permissions while authenticating, before Apollo runs, so an answer may be
   * stored only as of the permissions it was computed with (a permission saved in between moves
   * the global generation past it).
   */
  keepGlobalGeneration(state: object, global: number): void {
    (state as RequestState)[GLOBAL_BEFORE_AUTH] = global;
  }

  /** keepGlobalGeneration with the current global generation, for requests that skip the early look-up; nothing when the cache is off or unreachable. */
  async keepCurrentGlobalGeneration(state: object): Promise<void> {
    const global = await this.globalGeneration().catch(() => null);
    if (global !== null) this.keepGlobalGeneration(state, global);
  }

  globalBeforeAuth(state: object | undefined): number | undefined {
    const global = (state as RequestState | undefined)?.[GLOBAL_BEFORE_AUTH];
    return typeof global === 'number' ? global : undefined;
  }

  /** The cached answer of a parsed request and its CDN tag headers, or undefined; throws when the store fails. */
  async cachedAnswer(key: string): Promise<{ body: string; tagHeaders: Record<string, string> } | undefined> {
    const current = this.active;
    if (!current) return undefined;
    const { entry } = await readCurrent(current.store, key);
    return entry && { body: entry.body, tagHeaders: this.entryTagHeaders(entry) };
  }

  /** What a miss must remember to store its answer: the generations of its dependencies, read before it runs. */
  async missState(
    schema: GraphQLSchema,
    key: string,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
    global: number
  ): Promise<MissState | null> {
    const current = this.active;
    if (!current) return null;
    const dependencies = documentDependencies(schema, current.types, this.declarations.slugLookups, document, variables, operationName);
    const tags = [...dependencies.tags, ...(dependencies.lookup ? [dependencies.lookup.uid] : [])];
    const generations = await current.store.generations(tags);
    const deps = Object.fromEntries(tags.map((tag, index) => [tag, generations[index]]));
    return { key, deps: { ...deps, [GLOBAL_TAG]: global }, lookup: dependencies.lookup };
  }

  /**
   * Stores a fresh answer with the generations it was computed at (nothing when they cannot be
   * known). Returns the tags it depends on: those stored, or those read before it ran.
   */
  async storeAnswer(miss: MissState, context: object, body: string, etag: string): Promise<string[]> {
    const current = this.active;
    if (!current) return Object.keys(miss.deps);
    const deps = await this.freshDeps(current.store, miss, context);
    if (deps) await current.store.set(miss.key, { body, deps, etag, wire: Buffer.from(`${body}\n`) } satisfies Entry);
    return Object.keys(deps ?? miss.deps);
  }

  /**
   * The generations to store with a fresh answer. An answer of a slug look-up depends on the
   * document found (and the slug, and bulk writes) instead of the whole type, provided no write of
   * the type happened while it was computed: then the document's generations now are those it was
   * read at. Null when nothing should be stored.
   */
  private async freshDeps(store: CacheStore, state: MissState, context: object): Promise<Record<string, number> | null> {
    const { lookup } = state;
    if (!lookup) return state.deps;
    const found = this.lookedUp.get(context)?.get(lookup.uid);
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

  /** Records the document a slug look-up found (or null), so that its cached answer depends on that document only. */
  recordLookup(context: object, uid: string, documentId: string | null): void {
    let byType = this.lookedUp.get(context);
    if (!byType) this.lookedUp.set(context, (byType = new Map()));
    byType.set(uid, [...(byType.get(uid) ?? []), documentId]);
  }

  /** Runs `work` and returns its result with the tags its database writes bumped. */
  async withWrittenTags<T>(work: () => Promise<T>): Promise<{ result: T; tags: string[] }> {
    const written = new Set<string>();
    const result = await this.saveWrites.run(written, work);
    return { result, tags: [...written] };
  }

  /**
   * A text another part of the app computes from published content (a feed, a sitemap), kept
   * under `key` until a write bumps one of `tags` (or everything): the same invalidation as the
   * GraphQL answers. The generations are read before `compute` runs, so a write during it leaves
   * the stored text stale at once. Computed each time when the cache is off or its store fails.
   */
  async memo(key: string, tags: string[], compute: () => Promise<string>): Promise<{ body: string; etag: string }> {
    const current = this.active;
    const fresh = async () => {
      const body = await compute();
      return { body, etag: etagOf(body) };
    };
    if (!current) return fresh();
    const storeKey = `memo:${key}`;
    const dependencies = [...new Set([...tags, GLOBAL_TAG])];
    let generations: number[];
    try {
      const { entry } = await readCurrent(current.store, storeKey);
      if (entry) return { body: entry.body, etag: (entry.etag ??= etagOf(entry.body)) };
      generations = await current.store.generations(dependencies);
    } catch (error) {
      this.log(`the store failed, ${key} is computed without it: ${(error as Error).message}`);
      return fresh();
    }
    const answer = await fresh();
    const deps = Object.fromEntries(dependencies.map((tag, index) => [tag, generations[index]]));
    await current.store.set(storeKey, { body: answer.body, deps, etag: answer.etag } satisfies Entry).catch((error: Error) => this.log(`${key} was not stored: ${error.message}`));
    return answer;
  }

  /** Bumps these tags (everything by default): for writes that bypass Strapi's query layer. */
  async invalidate(tags: string[] = [GLOBAL_TAG]): Promise<void> {
    await this.active?.store.invalidate(tags);
  }

  /** Whether the shared store answers: `unused` without Redis (memory or off). */
  async health(): Promise<'unused' | 'up' | 'down'> {
    const current = this.active;
    if (!current || current.store.kind !== 'redis') return 'unused';
    try {
      await current.store.ping();
      return 'up';
    } catch {
      return 'down';
    }
  }

  /** The generation of what every answer depends on (permissions among it), or null when the cache is off. */
  async globalGeneration(): Promise<number | null> {
    const current = this.active;
    return current ? (await current.store.generations([GLOBAL_TAG]))[0] : null;
  }
}
