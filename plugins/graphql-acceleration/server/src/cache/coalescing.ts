/**
 * Runs identical public queries that miss the cache at the same time once: the first (`run`) goes
 * through the whole pipeline and fills the cache; the others wait for it (at most `waitMs`, well
 * under a client's timeout, so that a slow leader costs its followers this long at most, not
 * their answer) and get true, to be answered from the cache (or, when its answer could not be
 * cached, to run themselves). Misses are keyed with the any-write generation, so misses with a
 * write between them never wait for each other and nobody is answered from before a save.
 * The request that ran gets false.
 */
export type Coalesce = (miss: string, run: () => Promise<void>, waitMs?: number) => Promise<boolean>;

export function coalescer(defaultWaitMs: number): Coalesce {
  const inFlight = new Map<string, Promise<void>>();
  return async (miss, run, waitMs = defaultWaitMs) => {
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
  };
}
