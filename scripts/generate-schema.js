#!/usr/bin/env node
// @ts-check
/**
 * npm run schema:generate: writes schema.graphql, the SDL of the public GraphQL API, from a
 * throw-away instance (temporary SQLite file, no demo content). A test fails when the committed
 * file differs from what the app serves, so commit the result with the change that caused it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, compile } = require('./lib/app');
const { fetchSdl } = require('./lib/schema');
const { SECRETS } = require('./ensure-env');

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-schema-'));
  Object.assign(process.env, {
    ENV_PATH: path.join(tmp, '.env'),
    NODE_ENV: 'development',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(tmp, 'schema.db'),
    SEED_DEMO_CONTENT: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  });
  for (const name of SECRETS) {
    process.env[name] = name === 'APP_KEYS' ? 'schema-a,schema-b,schema-c,schema-d' : `schema-${name}`;
  }
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi(await compile());
  app.log.level = 'warn';
  try {
    await app.start();
    const address = /** @type {import('net').AddressInfo} */ (app.server.httpServer.address());
    const sdl = await fetchSdl(`http://127.0.0.1:${address.port}`);
    fs.writeFileSync(path.join(ROOT, 'schema.graphql'), sdl);
    console.log(`schema.graphql written (${sdl.split('\n').length} lines).`);
  } finally {
    await app.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
