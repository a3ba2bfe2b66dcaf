/**
 * The store contract of the response cache: entries (answers with the generations of the tags
 * they depend on) and the tags' generations. Two providers: `MemoryStore` (one instance) and
 * `RedisStore` (shared by every instance).
 */

/** A cached response: its JSON, the generations it was computed at, and (in memory) its ETag, the bytes sent and its CDN tag headers, computed once. */
export type Entry = { body: string; deps: Record<string, number>; etag?: string; wire?: Buffer; tagHeaders?: Record<string, string> };

/** What a look-up read: the entry (if any), the any-write generation (for coalescing misses) and the global one. */
export type Snapshot = { entry: Entry | undefined; writes: number; global: number };

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** The current generations of these tags (0 for a tag never bumped). */
  generations(tags: string[]): Promise<number[]>;
  /** Bumps these tags and the any-write tag. */
  invalidate(tags: string[]): Promise<void>;
  /** The entry stored under this key, if any (valid or not), and the any-write and global generations. */
  read(key: string): Promise<Snapshot>;
  set(key: string, entry: Entry): Promise<void>;
  /** Resolves when the store answers (a shared store's health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Whether every tag an entry depends on is still at the generation it was computed at. */
async function isCurrent(store: CacheStore, entry: Entry): Promise<boolean> {
  const tags = Object.keys(entry.deps);
  const current = await store.generations(tags);
  return tags.every((tag, index) => entry.deps[tag] === current[index]);
}

/** The valid entry under this key, and the generations read with it. */
export async function readCurrent(store: CacheStore, key: string): Promise<Snapshot> {
  const snapshot = await store.read(key);
  return { ...snapshot, entry: snapshot.entry && (await isCurrent(store, snapshot.entry)) ? snapshot.entry : undefined };
}
