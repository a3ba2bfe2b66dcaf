import { LRUCache } from 'lru-cache';
import { ANY_WRITE_TAG, GLOBAL_TAG } from './tags';
import type { CacheStore, Entry } from './store';

/** The store of one instance: entries in an LRU of `maxEntries`, tags' generations in a map. */
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
  async ping() {}
  async close() {
    this.entries.clear();
  }
}
