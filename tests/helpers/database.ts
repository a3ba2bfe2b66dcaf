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
  /** The rows a query answers, read behind the app's back. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
};

export const testClient = (): 'sqlite' | 'postgres' => {
  const client = (process.env.DATABASE_CLIENT ?? 'sqlite').toLowerCase();
  if (client === 'sqlite' || client === 'postgres') return client;
  throw new Error(`Tests run on sqlite or postgres, not DATABASE_CLIENT=${client}`);
};

/** The server tests create their PostgreSQL databases on (trust auth on localhost by default). */
function postgresServer() {
  return {
    host: process.env.TEST_POSTGRES_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_POSTGRES_PORT ?? 5432),
    user: process.env.TEST_POSTGRES_USER ?? 'postgres',
    password: process.env.TEST_POSTGRES_PASSWORD ?? '',
  };
}

/** Runs `work` on a connection to one database of the test server, closed afterwards. */
async function withConnection<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...postgresServer(), database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const withMaintenanceConnection = <T>(work: (client: Client) => Promise<T>) => withConnection('postgres', work);

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `lpc_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  if (testClient() === 'sqlite') {
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
      query: async <T>(sql: string) => withFile((db) => db.prepare(sql).all() as T[]),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = postgresServer();
  await withMaintenanceConnection((client) => client.query(`CREATE DATABASE "${name}"`));
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
      await withConnection(name, (client) => client.query(sql));
    },
    query: async <T>(sql: string) => (await withConnection(name, (client) => client.query(sql))).rows as T[],
    drop: () => withMaintenanceConnection((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
