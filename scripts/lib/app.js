// @ts-check
/** Loads the compiled Strapi application for scripts (seed, type checks) without starting the HTTP server. */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Compiles the app's plugins and its TypeScript sources to dist/ (incrementally) and returns Strapi's app context. */
async function compile() {
  require('../build-plugins').buildPlugins();
  const { compileStrapi } = require('@strapi/strapi');
  return compileStrapi({ appDir: ROOT });
}

/**
 * Creates the app from dist/, compiled first unless `compiled` says the last compile is current.
 * @param {{ compiled?: boolean }} [options]
 */
async function createApp({ compiled = false } = {}) {
  const { createStrapi } = require('@strapi/strapi');
  const context = compiled ? { appDir: ROOT, distDir: path.join(ROOT, 'dist') } : await compile();
  const app = createStrapi(context);
  app.log.level = 'warn'; // scripts print their own progress; Strapi's info lines would bury it
  return app;
}

/**
 * The app, loaded (registered and bootstrapped, connected to its database).
 * @param {{ compiled?: boolean }} [options] @returns {Promise<import('@strapi/strapi').Core.Strapi>}
 */
async function loadStrapi(options) {
  return (await createApp(options)).load();
}

/**
 * The app, registered only: its configuration, content types and components, without a database
 * connection (nothing is read or written).
 * @returns {Promise<import('@strapi/strapi').Core.Strapi>}
 */
async function registerStrapi() {
  return (await createApp()).register();
}

/**
 * Waits (up to `timeoutMs`) until no database connection is in use or awaited: work that Strapi
 * started in the background (after a save, say) must end before the pool is destroyed, or the
 * destroy aborts it and the process fails on the aborted query.
 * @param {import('@strapi/strapi').Core.Strapi} app
 */
async function settle(app, timeoutMs = 10000) {
  const pool = /** @type {any} */ (app.db?.connection)?.client?.pool;
  if (!pool) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (pool.numUsed() > 0 || pool.numPendingAcquires() > 0 || pool.numPendingCreates() > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The app's own code the scripts use (src/app-api.ts), from the last compile (loadStrapi() and
 * compile() make it): the scripts' one entry point into dist/, typed from its source.
 * @returns {typeof import('../../src/app-api')}
 */
function appApi() {
  return require(path.join(ROOT, 'dist', 'src', 'app-api.js'));
}

/**
 * Runs `task` against a loaded Strapi and exits with its outcome, printing an error clearly.
 * @param {(strapi: import('@strapi/strapi').Core.Strapi) => Promise<unknown>} task
 */
async function runWithStrapi(task) {
  let app;
  try {
    app = await loadStrapi();
    await task(app);
    await settle(app);
    await app.destroy();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    if (app) await app.destroy().catch(() => undefined);
    process.exit(1);
  }
}

module.exports = { ROOT, appApi, compile, loadStrapi, registerStrapi, runWithStrapi, settle };
