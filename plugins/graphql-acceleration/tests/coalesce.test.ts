import { coalescer } from '../server/src/cache/coalescing';
import config from '../server/src/config';

const coalesce = coalescer(config.default().responseCache.coalesceWaitMs);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('coalescing identical cache misses', () => {
  test('the wait is bounded well under a client timeout (10 s and more), and configurable', () => {
    const defaults = config.default();
    expect(defaults.responseCache.coalesceWaitMs).toBe(2000);
    expect(() => config.validator({ ...defaults, responseCache: { ...defaults.responseCache, coalesceWaitMs: 500 } })).not.toThrow();
    expect(() => config.validator({ ...defaults, responseCache: { ...defaults.responseCache, coalesceWaitMs: 'soon' } })).toThrow(
      'responseCache.coalesceWaitMs must be a whole number of 0 or more (milliseconds), not "soon"'
    );
  });

  test('a follower of a slow leader stops waiting after the bound and runs itself', async () => {
    let leaderDone = false;
    const leader = coalesce('slow', () => sleep(8000).then(() => void (leaderDone = true)));
    const started = Date.now();
    const follower = await coalesce('slow', async () => {
      throw new Error('a follower does not run inside coalesce');
    });
    const waited = Date.now() - started;
    expect(follower).toBe(true); // the caller looks the cache up again, and on a miss runs the query itself
    expect(leaderDone).toBe(false);
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(4000);
    await leader;
  }, 15000);

  test('followers of a leader whose answer is not stored go on as soon as the leader ends, not after the bound', async () => {
    const leader = coalesce('not-stored', () => sleep(100)); // an answer with errors is never stored
    const started = Date.now();
    const followers = await Promise.all([1, 2, 3].map(() => coalesce('not-stored', async () => undefined)));
    expect(followers).toEqual([true, true, true]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await leader).toBe(false);
    // The key is free again: the next miss leads.
    expect(await coalesce('not-stored', async () => undefined)).toBe(false);
  });

  test('a leader that fails frees its followers at once', async () => {
    const leader = coalesce('failing', async () => {
      await sleep(50);
      throw new Error('database gone');
    });
    const follower = coalesce('failing', async () => undefined);
    await expect(leader).rejects.toThrow('database gone');
    expect(await follower).toBe(true);
  });
});
