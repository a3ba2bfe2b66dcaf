// @ts-check
/** A PostgreSQL database of a script's own (the load test, the publish benchmark), dropped afterwards. */
const crypto = require('crypto');

/**
 * Creates a database `<prefix><time>_<random>` on the server of `serverUrl`; returns its name, the
 * app's settings for it and how to drop it.
 * @param {string} serverUrl postgres://user[:password]@host[:port] @param {string} prefix
 */
async function createPostgresDatabase(serverUrl, prefix) {
  const { Client } = require('pg');
  const server = new URL(serverUrl);
  const name = `${prefix}${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const connection = {
    host: server.hostname,
    port: Number(server.port || 5432),
    user: decodeURIComponent(server.username || 'postgres'),
    password: decodeURIComponent(server.password),
  };
  const maintenance = async (/** @type {string} */ sql) => {
    const client = new Client({ ...connection, database: 'postgres' });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await maintenance(`CREATE DATABASE "${name}"`);
  } catch (error) {
    throw new Error(`Cannot create a PostgreSQL database on ${connection.host}:${connection.port} as ${connection.user}: ${/** @type {Error} */ (error).message}`, { cause: error });
  }
  return {
    name,
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_URL: '',
      DATABASE_HOST: connection.host,
      DATABASE_PORT: String(connection.port),
      DATABASE_USERNAME: connection.user,
      DATABASE_PASSWORD: connection.password,
      DATABASE_NAME: name,
      DATABASE_SCHEMA: 'public',
      DATABASE_SSL: 'false',
    },
    drop: () => maintenance(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

module.exports = { createPostgresDatabase };
