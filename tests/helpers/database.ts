import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { Client } from 'pg';

/** A database of its own for one test suite: SQLite in a temporary file, or a fresh PostgreSQL database. */
export type TestDatabase = {
  client: 'sqlite' | 'postgres';
  name: string;
  /** The variables that point the app at this database. */
  env: Record<string, string>;
  /** Runs SQL on the database behind the app's back (as a restore or an operator would). */
  execute(sql: string): Promise<void>;
  /** The rows of one SQL query (`?` placeholders on SQLite, `$1` on PostgreSQL), read behind the app's back. */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
};

export const testClient = (): 'sqlite' | 'postgres' => {
  const client = (process.env.DATABASE_CLIENT ?? 'sqlite').toLowerCase();
  if (client === 'sqlite' || client === 'postgres') return client;
  throw new Error(`Tests run on sqlite or postgres, not DATABASE_CLIENT=${client}`);
};

/** A PostgreSQL server to create test databases on. */
export type PostgresServer = { host: string; port: number; user: string; password: string };

/** The server tests create their PostgreSQL databases on (trust auth on localhost by default). */
export function postgresServer(): PostgresServer {
  return {
    host: process.env.TEST_POSTGRES_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_POSTGRES_PORT ?? 5432),
    user: process.env.TEST_POSTGRES_USER ?? 'postgres',
    password: process.env.TEST_POSTGRES_PASSWORD ?? '',
  };
}

async function withConnection<T>(server: PostgresServer, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...server, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new database for a suite: on SQLite or PostgreSQL as DATABASE_CLIENT says, PostgreSQL on the
 * shared test server (TEST_POSTGRES_*). Given a server (a cluster of the test's own), a new
 * PostgreSQL database on that server, whatever DATABASE_CLIENT says.
 */
export async function createTestDatabase(given?: PostgresServer): Promise<TestDatabase> {
  const name = `lpc_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  if (!given && testClient() === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-test-'));
    const filename = path.join(dir, `${name}.db`);
    const withFile = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(filename, { timeout: 10000 });
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      client: 'sqlite',
      name,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      execute: async (sql) => {
        withFile((db) => db.exec(sql));
      },
      rows: async <T>(sql: string, params: unknown[] = []) => withFile((db) => db.prepare(sql).all(...params) as T[]),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = given ?? postgresServer();
  await withConnection(server, 'postgres', (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    client: 'postgres',
    name,
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: server.host,
      DATABASE_PORT: String(server.port),
      DATABASE_USERNAME: server.user,
      DATABASE_PASSWORD: server.password,
      DATABASE_NAME: name,
      DATABASE_SCHEMA: 'public',
      DATABASE_POOL_MIN: '0',
      DATABASE_POOL_MAX: '5',
    },
    execute: async (sql) => {
      await withConnection(server, name, (client) => client.query(sql));
    },
    rows: <T>(sql: string, params: unknown[] = []) => withConnection(server, name, async (client) => (await client.query(sql, params)).rows as T[]),
    drop: () => withConnection(server, 'postgres', (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
