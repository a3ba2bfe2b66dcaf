import type { Core } from '@strapi/strapi';
import { expectFunction, InternalChangedError, type Internal } from './fence';

export const knexPool: Internal = {
  what: "knex's client connection pool (acquireConnection/releaseConnection, replaced for fair turns; KnexTimeoutError)",
  packageName: 'knex',
  writtenAgainst: '3.0.1',
  file: 'knex-pool.ts',
  switchedOffBy: 'turns.enabled',
};

export type Pool = { max: number; numUsed(): number; numPendingAcquires(): number };
export type KnexClient = {
  pool?: Pool;
  driverName: string;
  config: { pool?: { acquireTimeoutMillis?: number }; acquireConnectionTimeout?: number };
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): unknown;
};

/** The knex client under Strapi's connection, or the error of the internal that needs it. */
function clientOf(strapi: Core.Strapi, internal: Internal): KnexClient {
  const client = (strapi.db?.connection as unknown as { client?: KnexClient } | undefined)?.client;
  if (!client) throw new InternalChangedError(internal, "a client on Strapi's connection");
  return client;
}

/** The knex client under Strapi's connection, checked for what fair turns use of it. */
export function knexClient(strapi: Core.Strapi): KnexClient {
  const client = clientOf(strapi, knexPool);
  expectFunction(knexPool, client.acquireConnection, 'client.acquireConnection()');
  expectFunction(knexPool, client.releaseConnection, 'client.releaseConnection()');
  if (client.pool) {
    expectFunction(knexPool, client.pool.numUsed, 'client.pool.numUsed()');
    expectFunction(knexPool, client.pool.numPendingAcquires, 'client.pool.numPendingAcquires()');
  }
  return client;
}

export const knexPoolEvents: Internal = {
  what: "the failed connection attempts of knex's pool (tarn's createFail event), for the outage breaker",
  packageName: 'knex',
  writtenAgainst: '3.0.1',
  file: 'knex-pool.ts',
  switchedOffBy: 'databaseOutage.enabled',
};

/**
 * Calls `listener` with the error of every connection attempt of the pool that fails (a refused
 * or timed-out connect), which no query reports while the pool keeps retrying. Without a pool
 * (none configured), nothing.
 */
export function onConnectionAttemptFailed(strapi: Core.Strapi, listener: (error: unknown) => void): void {
  const pool = (clientOf(strapi, knexPoolEvents) as { pool?: { on?: unknown } }).pool;
  if (!pool) return;
  const on = expectFunction<(event: string, listener: (eventId: number, error: unknown) => void) => unknown>(knexPoolEvents, pool.on, 'client.pool.on()');
  on.call(pool, 'createFail', (_eventId, error) => listener(error));
}

/** Puts the wrappers in place of the client's acquire and release (each given the stock one). */
export function wrapConnectionPool(
  client: KnexClient,
  wrap: { acquire: (stock: () => Promise<object>) => () => Promise<object>; release: (stock: (connection: object) => unknown) => (connection: object) => unknown }
): void {
  client.acquireConnection = wrap.acquire(client.acquireConnection.bind(client));
  client.releaseConnection = wrap.release(client.releaseConnection.bind(client));
}

/** knex's timeout error class, so that a reader kept waiting fails as a knex acquire timeout does. */
export function knexTimeoutError(): new (message: string) => Error {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return expectFunction(knexPool, (require('knex') as { KnexTimeoutError?: unknown }).KnexTimeoutError, 'KnexTimeoutError');
}
