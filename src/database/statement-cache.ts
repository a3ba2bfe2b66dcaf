import { wrapPrepare, type PreparingConnection } from '../internals/sqlite-prepare';

/**
 * SQLite statements prepared once per connection.
 *
 * knex's better-sqlite3 client prepares every query it runs (`connection.prepare(sql)`), and a
 * GraphQL page runs the same handful of statements on every request: SQLite parsed and planned
 * each of them every time (about 5% of a batched list request's time). With this `afterCreate`
 * hook a connection keeps its last MAX_STATEMENTS prepared statements by SQL text and hands the
 * same statement out again. knex only runs them (`all` / `run`, to completion, never iterated),
 * so one statement is never in use twice at once; SQLite re-plans a kept statement by itself
 * after a schema change.
 */

const MAX_STATEMENTS = 500;

type Statement = unknown;

export function cacheStatements(connection: PreparingConnection, done: (error: Error | null, connection: PreparingConnection) => void): void {
  const statements = new Map<string, Statement>();
  wrapPrepare(connection, (prepare) => (sql: string) => {
    let statement = statements.get(sql);
    if (statement !== undefined) {
      statements.delete(sql); // most recently used last
    } else {
      statement = prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
    }
    statements.set(sql, statement);
    return statement;
  });
  done(null, connection);
}
