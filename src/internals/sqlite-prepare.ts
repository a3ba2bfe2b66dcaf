import { mustBeFunction, type Internal } from './internal';

export const sqlitePrepare: Internal = {
  what: "better-sqlite3's Database#prepare on knex's connections (wrapped to keep prepared statements)",
  packageName: 'better-sqlite3',
  writtenAgainst: '12.11.1 (knex 3.0.1 prepares every query it runs)',
  file: 'sqlite-prepare.ts',
};

export type PreparingConnection = { prepare(sql: string): unknown };

/** Puts `wrap(stock)` in place of the connection's prepare (knex's pool afterCreate hook). */
export function wrapPrepare(connection: PreparingConnection, wrap: (stock: (sql: string) => unknown) => (sql: string) => unknown): void {
  const stock = mustBeFunction<(sql: string) => unknown>(sqlitePrepare, connection?.prepare, 'prepare() on its connections').bind(connection);
  connection.prepare = wrap(stock);
}
