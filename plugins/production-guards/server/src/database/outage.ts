import type { Core } from '@strapi/strapi';
import { onConnectionAttemptFailed } from '../internals/knex-pool';

/** How often a `SELECT 1` checks whether the database is back, while it is down. */
export const PROBE_INTERVAL_MS = 250;
/** How long a probe may take before it counts as failed. */
export const PROBE_TIMEOUT_MS = 2000;
/** What a 503 during an outage asks clients to wait before they try again (Retry-After, seconds). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Error codes that say the database cannot be reached, as opposed to a statement it refused:
 * sockets (Node), connection exceptions and shutdowns (PostgreSQL SQLSTATE classes 08 and 57P),
 * lost connections (mysql2).
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown: the server is stopping and ended this session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * Messages of the drivers for the same, where they give no code. A pool timeout ("Timeout
 * acquiring a connection") is not one: a full pool is load, and the connection attempts that fail
 * during a real outage say so themselves.
 */
const CONNECTION_ERROR_MESSAGES = /Connection terminated|Connection ended unexpectedly|not queryable/i;

/** Whether `error` (or what it wraps: cause, originalError, the errors of an AggregateError) means the database cannot be reached. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, originalError, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  if (typeof message === 'string' && CONNECTION_ERROR_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(cause, depth + 1) || isConnectionError(originalError, depth + 1);
}

const describe = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
};

type EventSource = { on(event: string, listener: (...args: never[]) => void): unknown };

/**
 * Whether the database can be reached, as a circuit breaker. Any query or connection attempt that
 * fails with a connection error (refused, reset, the server shutting down or starting up, a
 * connect timeout) marks it down; from then on one `SELECT 1` at a time, every PROBE_INTERVAL_MS
 * (each given PROBE_TIMEOUT_MS), checks whether it is back, and the first that succeeds marks it up.
 * While it is down, the database-outage middleware answers 503 at once instead of letting each
 * request find out on its own.
 */
export class DatabaseOutage {
  private down = false;
  private downSince = 0;
  private trips = 0;
  private probing = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly log: Pick<Core.Strapi['log'], 'warn' | 'info'>,
    private readonly probeIntervalMs = PROBE_INTERVAL_MS
  ) {}

  /** Whether the database is known to be unreachable now. */
  get isDown(): boolean {
    return this.down;
  }

  /** How many times the database has been found unreachable: a request compares it before and after. */
  get tripCount(): number {
    return this.trips;
  }

  /** Records a failure: marks the database down when it is a connection error. Returns whether it was one. */
  observe(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    this.trips += 1;
    if (!this.down) {
      this.down = true;
      this.downSince = Date.now();
      this.log.warn(`[database] cannot reach the database (${describe(error)}): API requests answer 503 until it answers again`);
    }
    if (!this.probing) void this.probeUntilUp();
    return true;
  }

  private async probeUntilUp(): Promise<void> {
    this.probing = true;
    try {
      while (this.down) {
        await new Promise((resolve) => setTimeout(resolve, this.probeIntervalMs).unref());
        try {
          // A probe that hangs (a server that no longer answers) counts as failed.
          await Promise.race([this.probe(), new Promise((_resolve, reject) => setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS).unref())]);
          this.down = false;
          this.log.info(`[database] reachable again after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s`);
        } catch {
          // still down: the next probe follows
        }
      }
    } finally {
      this.probing = false;
    }
  }
}

let active: DatabaseOutage | null = null;

/**
 * The breaker, created on first use (one per process): listens to the failed queries of the knex instance
 * and to the failed connection attempts of its pool, and probes with `SELECT 1`.
 */
export function databaseOutage(strapi: Core.Strapi): DatabaseOutage {
  if (active) return active;
  const knex = strapi.db.connection;
  const outage = new DatabaseOutage(() => knex.raw('select 1'), strapi.log);
  // knex's documented event for a query that failed; the pool's failed connects are an internal.
  (knex as unknown as EventSource).on('query-error', (error: unknown) => outage.observe(error));
  onConnectionAttemptFailed(strapi, (error) => outage.observe(error));
  active = outage;
  return outage;
}
