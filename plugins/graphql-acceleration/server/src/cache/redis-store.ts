import Redis from 'ioredis';
import { ANY_WRITE_TAG, GLOBAL_TAG } from './tags';
import type { CacheStore, Entry } from './store';

/** A Redis URL for messages: user and password left out. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unparseable URL)';
  }
}

/**
 * The store shared by every instance: entries as Redis strings with their TTL, every tag's
 * generation in one hash, all under a prefix.
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  /** One hash holds every tag's generation. */
  private readonly tagsKey: string;

  private constructor(
    redis: Redis,
    private readonly ttlSeconds: number,
    private readonly prefix: string
  ) {
    this.redis = redis;
    this.tagsKey = `${prefix}tags`;
  }

  /** Connects, or fails with a message that says which Redis cannot be reached (its URL without credentials). */
  static async connect(url: string, ttlSeconds: number, prefix: string): Promise<RedisStore> {
    // Fail fast: a reader waits for the database rather than for a Redis that is down.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, connectTimeout: 5000 });
    redis.on('error', () => undefined); // each command reports its own failure
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`graphql-acceleration: the response cache cannot reach Redis at ${withoutCredentials(url)} (responseCache.redisUrl): ${(error as Error).message}`, { cause: error });
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
