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

/** The knex client under Strapi's connection, checked. */
export function knexClient(strapi: Core.Strapi): KnexClient {
  const client = (strapi.db?.connection as unknown as { client?: KnexClient } | undefined)?.client;
  if (!client) throw new InternalChangedError(knexPool, "a client on Strapi's connection");
  expectFunction(knexPool, client.acquireConnection, 'client.acquireConnection()');
  expectFunction(knexPool, client.releaseConnection, 'client.releaseConnection()');
  return client;
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
