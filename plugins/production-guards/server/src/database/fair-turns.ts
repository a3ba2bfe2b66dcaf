import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import type { TurnsConfig } from '../config';
import { knexClient, knexTimeoutError, wrapConnectionPool, type Pool } from '../internals/knex-pool';

/**
 * Fair turns: readers start and take the database a few at a time and in order; editors go first.
 *
 * With SQLite (better-sqlite3) every statement runs synchronously and knex settles it in
 * microtasks, so a request that reaches the database runs from one statement to the next without
 * giving the event loop back; and every request read from a socket runs its parsing, validation
 * and GraphQL planning before its first statement. When dozens of readers missed the cache at
 * once, one turn of the event loop ran them all: turns of 300–900 ms in which Node accepted no
 * connection and read no socket. New connections sat in the kernel's accept queue until their
 * clients gave up, and the editor's save waited behind every reader. (PostgreSQL's statements
 * wait on the network, but readers could hold every pooled connection, and the editor's save
 * queued behind them in the pool.)
 *
 * So readers (content API requests: REST, GraphQL) take turns:
 * - a reader's request starts (past the request-lane middleware) ADMISSIONS_PER_GRANT at a time,
 *   every LOOP_TURNS_PER_GRANT turns of the event loop (in its check phase, `setImmediate`): the
 *   turns in between accept connections (Node accepts one per turn);
 * - a reader takes a connection only when it is its turn: while a connection is free for it and
 *   nobody else waits for one, never more readers at once than the pool less
 *   `turns.reservedForEditors` (so an editor always finds a connection on PostgreSQL), and with
 *   a synchronous driver one reader's statement (or read transaction) every LOOP_TURNS_PER_GRANT
 *   turns of the loop;
 * - between two turns Node polls its sockets: it accepts connections, reads requests and answers
 *   cache hits;
 * - readers go in the order their requests arrived (the oldest first), so requests finish in
 *   order instead of all of them slowly together;
 * - editors (the admin: Content Manager saves and publishes), background work (the scheduler,
 *   bootstrap), health probes and statements inside an open transaction never wait for turns,
 *   and while an editor's request is under way readers get none (EDITOR_FIRST_MS at most);
 * A reader who waits longer than the pool's acquire timeout for a connection gets knex's timeout
 * error, as the pool would give it; one who waits longer than `turns.admissionTimeoutMs` to start
 * is answered 503 with Retry-After.
 */

/**
 * Readers take turns; editors (signed in to the admin) go first; `direct` requests (health probes,
 * the admin panel's pages and sign-in) neither wait nor hold anyone up.
 */
export type Lane = 'editor' | 'reader' | 'direct';
type Caller = { lane: Lane; arrival: number };

const callers = new AsyncLocalStorage<Caller>();
let arrivals = 0;

/** The next request's place in the order of arrival. */
export function nextArrival(): number {
  arrivals += 1;
  return arrivals;
}

/** Runs `work` (a request) in a lane; every database statement it makes takes turns by its arrival. */
export function runInLane<T>(lane: Lane, arrival: number, work: () => T): T {
  return callers.run({ lane, arrival }, work);
}

/** Paths of the content API and public files: readers. */
export function isReaderPath(path: string, graphqlEndpoint: string): boolean {
  return path === graphqlEndpoint || path.startsWith(`${graphqlEndpoint}/`) || path === '/api' || path.startsWith('/api/') || path.startsWith('/uploads/');
}

/**
 * The lane of an HTTP request: the content API is read by readers. A request carrying a valid
 * admin access token (the admin's calls to the Content Manager, upload, i18n … routes) is an
 * editor's: `isAdminToken` checks the token's signature, so a made-up header earns nothing. A load
 * balancer's probes, the admin panel's pages and its sign-in go directly.
 */
export function laneOfRequest(path: string, authorization: string | undefined, graphqlEndpoint: string, isAdminToken: (token: string) => boolean): Lane {
  if (path === '/_health' || path === '/_ready') return 'direct';
  if (isReaderPath(path, graphqlEndpoint)) return 'reader';
  const [scheme, token] = (authorization ?? '').split(' ');
  if (scheme?.toLowerCase() === 'bearer' && token && isAdminToken(token)) return 'editor';
  return path === '/admin' || path.startsWith('/admin/') ? 'direct' : 'reader';
}

/**
 * While an editor's request is under way (for up to EDITOR_FIRST_MS of it), readers get no turns:
 * the editor's save has the event loop and the database to itself. A longer editor request (a
 * large upload) lets readers go on after that.
 */
const EDITOR_FIRST_MS = 2000;
const editorsUnderWay = new Map<number, number>();

export function editorsFirst(now = Date.now()): boolean {
  for (const started of editorsUnderWay.values()) if (now - started < EDITOR_FIRST_MS) return true;
  return false;
}

/** Runs an editor's request (the `arrival`-th); readers wait while it is under way. */
export async function asEditor<T>(arrival: number, work: () => Promise<T>): Promise<T> {
  editorsUnderWay.set(arrival, Date.now());
  try {
    return await runInLane('editor', arrival, work);
  } finally {
    editorsUnderWay.delete(arrival);
    installed?.admissions.wake();
    installed?.statements.wake();
  }
}

type Waiter = { arrival: number; since: number; grant: () => void; fail: (error: Error) => void; timer: NodeJS.Timeout };

/** What the turns look like now (for diagnostics and tests). */
export type TurnFigures = { waiting: number; inUse: number; longestWaitMs: number };

/**
 * Turns, granted in the order requests arrived (the oldest first), at most `grantsAtOnce` at
 * a time, once every `loopTurnsPerGrant` turns of the event loop (in its check phase,
 * `setImmediate`), and only while `free(inUse)` says a turn may be used now. `take()` resolves
 * when it is the caller's turn; `done()` gives a turn back. Exported for its tests; the plugin
 * uses it through installFairTurns().
 *
 * Why leave turns of the loop empty: Node (libuv ≥ 1.46) accepts one new connection per turn of
 * the event loop. A turn without work is a few microseconds, so three empty turns between two
 * granted ones accept four connections in the time of one statement instead of one.
 */
export class Turns {
  private readonly waiting: Waiter[] = [];
  private inUse = 0;
  private scheduled = false;
  private readonly retry: NodeJS.Timeout;

  constructor(
    private readonly free: (inUse: number) => boolean,
    readonly grantsAtOnce: number,
    readonly loopTurnsPerGrant: number,
    private readonly timeoutMs: number,
    private readonly timeoutError: (waitedMs: number) => Error
  ) {
    // A turn can also come free without done() (a connection that failed and was destroyed, an
    // acquire that timed out): a waiting queue looks again now and then.
    this.retry = setInterval(() => this.waiting.length > 0 && this.schedule(), 25);
    this.retry.unref();
  }

  /** Waits for the turn of the caller whose request arrived `arrival`-th. */
  take(arrival: number): Promise<void> {
    if (this.waiting.length === 0 && !this.scheduled && this.grantsAtOnce === Infinity && this.free(this.inUse)) {
      this.inUse += 1;
      return Promise.resolve();
    }
    return new Promise<void>((grant, fail) => {
      const waiter: Waiter = {
        arrival,
        since: Date.now(),
        grant,
        fail,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          fail(this.timeoutError(Date.now() - waiter.since));
        }, this.timeoutMs),
      };
      // The oldest request first (binary search for the place: the queue stays sorted by arrival).
      let low = 0;
      let high = this.waiting.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (this.waiting[middle].arrival <= arrival) low = middle + 1;
        else high = middle;
      }
      this.waiting.splice(low, 0, waiter);
      this.schedule();
    });
  }

  /** Gives a turn back. */
  done(): void {
    this.inUse = Math.max(0, this.inUse - 1);
    if (this.waiting.length > 0) this.schedule();
  }

  /** Something else freed what turns wait for (an editor released a connection): a waiting turn may go. */
  wake(): void {
    if (this.waiting.length > 0) this.schedule();
  }

  figures(now = Date.now()): TurnFigures {
    return {
      waiting: this.waiting.length,
      inUse: this.inUse,
      longestWaitMs: this.waiting.reduce((longest, waiter) => Math.max(longest, now - waiter.since), 0),
    };
  }

  close(): void {
    clearInterval(this.retry);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    let turns = this.loopTurnsPerGrant;
    const tick = () => (--turns > 0 ? setImmediate(tick) : this.grant());
    setImmediate(tick);
  }

  private grant(): void {
    this.scheduled = false;
    let granted = 0;
    while (this.waiting.length > 0 && granted < this.grantsAtOnce && this.free(this.inUse)) {
      const waiter = this.waiting.shift() as Waiter;
      clearTimeout(waiter.timer);
      this.inUse += 1;
      granted += 1;
      waiter.grant();
    }
    // The next ones loopTurnsPerGrant turns of the loop later; when nothing is free, at the next done() or wake().
    if (granted > 0 && this.waiting.length > 0) this.schedule();
  }
}

/** A pool's turns for readers: a connection free for them, under their limit, and nobody else waiting for one. */
export const connectionFree =
  (pool: Pool, readerLimit: number) =>
  (inUse: number): boolean =>
    inUse < readerLimit && pool.numUsed() + pool.numPendingAcquires() < pool.max;

const readersMayGo = () => !editorsFirst();

/** New readers' requests let in at a time. */
const ADMISSIONS_PER_GRANT = 2;
/** With work granted in one turn of the event loop out of this many (see Turns). */
const LOOP_TURNS_PER_GRANT = 4;

type Installed = { admissions: Turns; statements: Turns };
let installed: Installed | null = null;

/** Thrown to a reader who waited longer than `turns.admissionTimeoutMs` to be let in: answered 503 with Retry-After. */
export class ReaderQueueTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`This server is busy: the request waited ${Math.round(waitedMs)} ms to be let in. Try again shortly.`);
    this.name = 'ReaderQueueTimeout';
  }
}

/**
 * Waits until a reader's request (the `arrival`-th) may start: ADMISSIONS_PER_GRANT at a time,
 * every LOOP_TURNS_PER_GRANT turns of the event loop, the oldest first. Editors never wait. Without turns
 * installed (before bootstrap), at once.
 */
export async function admitReader(arrival: number): Promise<void> {
  const turns = installed;
  if (!turns) return;
  await turns.admissions.take(arrival);
  turns.admissions.done(); // a started request holds nothing: the limit is how many start per turn
}

/**
 * Puts readers behind turns: their requests start a few per turn of the event loop, and their
 * statements take connections one per turn (SQLite) or up to the readers' limit (PostgreSQL).
 * Call from bootstrap() (the database exists), before the server listens.
 */
export function installFairTurns(strapi: Core.Strapi, settings: Pick<TurnsConfig, 'reservedForEditors' | 'admissionTimeoutMs'>): Installed | null {
  const client = knexClient(strapi);
  const pool = client.pool;
  if (!pool) {
    strapi.log.warn('[database] the connection pool is not there: readers do not take turns');
    return null;
  }
  const synchronous = client.driverName === 'better-sqlite3';
  const readerLimit = Math.max(1, pool.max - settings.reservedForEditors);
  const timeoutMs = client.config.pool?.acquireTimeoutMillis ?? client.config.acquireConnectionTimeout ?? 60000;
  const KnexTimeoutError = knexTimeoutError();
  const free = connectionFree(pool, readerLimit);
  const statements = new Turns(
    (inUse) => readersMayGo() && free(inUse),
    synchronous ? 1 : Infinity,
    synchronous ? LOOP_TURNS_PER_GRANT : 1,
    timeoutMs,
    (waited) => new KnexTimeoutError(`Knex: Timeout acquiring a connection: a reader waited ${Math.round(waited)} ms for its turn at the database.`)
  );
  const admissions = new Turns(readersMayGo, ADMISSIONS_PER_GRANT, LOOP_TURNS_PER_GRANT, settings.admissionTimeoutMs, (waited) => new ReaderQueueTimeout(waited));

  const readersConnections = new WeakSet<object>();
  wrapConnectionPool(client, {
    acquire: (acquire) => async () => {
      const caller = callers.getStore();
      if (caller?.lane !== 'reader') return acquire();
      await statements.take(caller.arrival);
      let connection: object;
      try {
        connection = await acquire();
      } catch (error) {
        statements.done();
        throw error;
      }
      readersConnections.add(connection);
      return connection;
    },
    release: (release) => (connection: object) => {
      const result = release(connection);
      if (readersConnections.delete(connection)) statements.done();
      else statements.wake();
      return result;
    },
  });
  uninstallFairTurns();
  installed = { admissions, statements };
  strapi.log.info(
    `[database] readers take turns: ${ADMISSIONS_PER_GRANT} requests start every ${LOOP_TURNS_PER_GRANT} turns of the event loop; at most ${readerLimit} of ${pool.max} connections` +
      `${synchronous ? `, one statement every ${LOOP_TURNS_PER_GRANT} turns` : ''}; editors go first`
  );
  return installed;
}

export function uninstallFairTurns(): void {
  installed?.admissions.close();
  installed?.statements.close();
  installed = null;
}
