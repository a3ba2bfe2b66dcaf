import path from 'path';
import type { Core } from '@strapi/strapi';
import { cacheStatements } from '../src/database/statement-cache';
import { envSwitch } from '../src/utils/env-switch';

type Client = 'sqlite' | 'postgres' | 'mysql';
const CLIENTS: readonly Client[] = ['sqlite', 'postgres', 'mysql'];

// dist/config/database.js -> the project root, where `.tmp/` lives.
const APP_ROOT = path.resolve(__dirname, '..', '..');

/** DATABASE_CLIENT wins; otherwise DATABASE_URL's scheme decides; otherwise the embedded SQLite. */
export function resolveClient(env: Core.Config.Shared.ConfigParams['env']): Client {
  const explicit = env('DATABASE_CLIENT', '').trim().toLowerCase();
  const aliases: Record<string, Client> = { postgresql: 'postgres', pg: 'postgres', mariadb: 'mysql', 'better-sqlite3': 'sqlite' };
  const client = (aliases[explicit] ?? explicit) as Client | '';
  if (client) {
    if (!CLIENTS.includes(client)) {
      throw new Error(`DATABASE_CLIENT="${explicit}" is not supported: use one of ${CLIENTS.join(', ')}.`);
    }
    return client;
  }
  const url = env('DATABASE_URL', '');
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^(mysql|mariadb):\/\//i.test(url)) return 'mysql';
  return 'sqlite';
}

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = resolveClient(env);
  const pool = { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) };
  const ssl = env.bool('DATABASE_SSL', false) ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true), ca: env('DATABASE_SSL_CA', '') || undefined } : false;
  const url = env('DATABASE_URL', '') || undefined;
  // A connection attempt to a server that does not answer (a dropped network, a stopped VM) fails
  // after this long instead of holding a request for the whole acquire timeout.
  const connectTimeout = env.int('DATABASE_CONNECT_TIMEOUT', 5000);

  const connections = {
    postgres: {
      connection: {
        connectionString: url,
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'library_partnerships_cms'),
        user: env('DATABASE_USERNAME', 'postgres'),
        password: env('DATABASE_PASSWORD', ''),
        ssl,
        schema: env('DATABASE_SCHEMA', 'public'),
        connectionTimeoutMillis: connectTimeout,
      },
      pool,
    },
    mysql: {
      connection: url
        ? { uri: url, ssl: ssl || undefined, connectTimeout }
        : {
            host: env('DATABASE_HOST', '127.0.0.1'),
            port: env.int('DATABASE_PORT', 3306),
            database: env('DATABASE_NAME', 'library_partnerships_cms'),
            user: env('DATABASE_USERNAME', 'root'),
            password: env('DATABASE_PASSWORD', ''),
            ssl: ssl || undefined,
            connectTimeout,
          },
      pool,
    },
    sqlite: {
      connection: { filename: path.resolve(APP_ROOT, env('DATABASE_FILENAME', '.tmp/data.db')) },
      useNullAsDefault: true,
      // Each connection keeps its prepared statements (src/database/statement-cache.ts); not with
      // GRAPHQL_BATCHING=false, which measures Strapi's stock loading.
      ...(envSwitch('GRAPHQL_BATCHING', true, process.env) ? { pool: { afterCreate: cacheStatements } } : {}),
    },
  };

  return {
    connection: {
      client,
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  } as Core.Config.Database;
};
