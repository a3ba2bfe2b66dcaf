import { connectionFree, isReaderPath, laneOfRequest, Turns } from '../server/src/database/fair-turns';

/** A pool of `max` connections whose use the test sets. */
function fakePool(max: number) {
  const pool = { max, used: 0, pending: 0, numUsed: () => pool.used, numPendingAcquires: () => pool.pending };
  return pool;
}

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));
const timeoutError = (waited: number) => new Error(`waited ${waited}`);

describe('readers take turns at the database', () => {
  const made: Turns[] = [];
  const turnsFor = (pool: ReturnType<typeof fakePool>, readerLimit: number, grantsAtOnce: number, timeoutMs = 60000) => {
    const turns = new Turns(connectionFree(pool, readerLimit), grantsAtOnce, 1, timeoutMs, timeoutError);
    made.push(turns);
    return turns;
  };
  afterAll(() => made.forEach((turns) => turns.close()));

  test('with a synchronous driver one reader goes per turn of the event loop, the oldest request first', async () => {
    const pool = fakePool(1);
    const turns = turnsFor(pool, 1, 1);
    const granted: number[] = [];
    // Requests 3, 1, 2 ask in this order; each uses the connection and gives it back at once.
    const readers = [3, 1, 2].map((arrival) =>
      turns.take(arrival).then(() => {
        granted.push(arrival);
        turns.done();
      })
    );
    expect(granted).toEqual([]);
    await nextLoopTurn();
    expect(granted).toEqual([1]);
    await nextLoopTurn();
    expect(granted).toEqual([1, 2]);
    await nextLoopTurn();
    expect(granted).toEqual([1, 2, 3]);
    await Promise.all(readers);
  });

  test('a reader waits while an editor holds or waits for the connection, and goes when it is released', async () => {
    const pool = fakePool(1);
    const turns = turnsFor(pool, 1, 1);
    pool.used = 1; // an editor's save holds the connection
    pool.pending = 1; // and another editor waits for it
    let granted = false;
    const reader = turns.take(1).then(() => (granted = true));
    for (let i = 0; i < 5; i += 1) await nextLoopTurn();
    expect(granted).toBe(false);
    pool.pending = 0; // the waiting editor got the connection (and still holds it)
    turns.wake();
    await nextLoopTurn();
    expect(granted).toBe(false);
    pool.used = 0;
    turns.wake();
    await reader;
    expect(granted).toBe(true);
    expect(turns.figures().inUse).toBe(1);
  });

  test('readers never hold the connections kept for editors', async () => {
    const pool = fakePool(10);
    const turns = turnsFor(pool, 8, Infinity);
    let granted = 0;
    const readers = Array.from({ length: 12 }, (_, i) =>
      turns.take(i + 1).then(() => {
        granted += 1;
        pool.used += 1;
      })
    );
    for (let i = 0; i < 3; i += 1) await nextLoopTurn();
    expect(granted).toBe(8);
    expect(turns.figures()).toMatchObject({ waiting: 4, inUse: 8 });
    // Two editors take the two connections left; a reader's release lets one more reader in.
    pool.used += 2;
    pool.used -= 1;
    turns.done();
    await nextLoopTurn();
    expect(granted).toBe(9);
    for (let i = 0; i < 3; i += 1) {
      pool.used -= 1;
      turns.done();
    }
    await Promise.all(readers);
    expect(granted).toBe(12);
  });

  test('requests are let in two per turn of the event loop, in the order they arrived', async () => {
    const admissions = new Turns(() => true, 2, 1, 60000, timeoutError);
    made.push(admissions);
    const started: number[] = [];
    const requests = [5, 4, 3, 2, 1].map((arrival) =>
      admissions.take(arrival).then(() => {
        started.push(arrival);
        admissions.done();
      })
    );
    await nextLoopTurn();
    expect(started).toEqual([1, 2]);
    await nextLoopTurn();
    expect(started).toEqual([1, 2, 3, 4]);
    await Promise.all(requests);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  test('with turns of the loop left empty in between (for accepting connections), a grant every fourth turn', async () => {
    const turns = new Turns(() => true, 1, 4, 60000, timeoutError);
    made.push(turns);
    const granted: number[] = [];
    let loopTurns = 0;
    const readers = [1, 2].map((arrival) =>
      turns.take(arrival).then(() => {
        granted.push(loopTurns);
        turns.done();
      })
    );
    while (granted.length < 2) {
      await nextLoopTurn();
      loopTurns += 1;
    }
    await Promise.all(readers);
    expect(granted).toEqual([3, 7]);
  });

  test('a reader who waits longer than the acquire timeout gets an error and leaves the queue', async () => {
    const pool = fakePool(1);
    const turns = turnsFor(pool, 1, 1, 50);
    pool.used = 1;
    await expect(turns.take(1)).rejects.toThrow(/waited \d+/);
    expect(turns.figures().waiting).toBe(0);
  });

  test('the content API is read by readers; editors are those with a valid admin token', () => {
    const valid = (token: string) => token === 'signed-admin-token';
    const lane = (path: string, authorization?: string) => laneOfRequest(path, authorization, '/graphql', valid);
    expect(lane('/graphql')).toBe('reader');
    expect(lane('/graphql', 'Bearer signed-admin-token')).toBe('reader'); // the content API, whoever asks
    expect(lane('/api/case-stories', 'Bearer api-token')).toBe('reader');
    expect(lane('/uploads/hero.jpg')).toBe('reader');
    expect(lane('/content-manager/collection-types/api::case-story.case-story/x', 'Bearer signed-admin-token')).toBe('editor');
    expect(lane('/upload', 'bearer signed-admin-token')).toBe('editor');
    // A made-up token earns no priority.
    expect(lane('/content-manager/collection-types/api::case-story.case-story/x', 'Bearer made-up')).toBe('reader');
    expect(lane('/content-manager/collection-types/api::case-story.case-story/x')).toBe('reader');
    expect(lane('/admin/login')).toBe('direct');
    expect(lane('/admin')).toBe('direct');
    expect(lane('/_health')).toBe('direct');
    expect(lane('/_ready')).toBe('direct');
    expect(isReaderPath('/apiary', '/graphql')).toBe(false);
  });
});
