// @ts-check
/** Loads the compiled Strapi application for scripts (seed, type checks) without starting the HTTP server. */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Compiles the TypeScript sources to dist/ (incrementally) and returns Strapi's app context. */
async function compile() {
  const { compileStrapi } = require('@strapi/strapi');
  return compileStrapi({ appDir: ROOT });
}

/** @returns {Promise<import('@strapi/strapi').Core.Strapi>} */
async function loadStrapi() {
  const { createStrapi } = require('@strapi/strapi');
  const context = await compile();
  const app = createStrapi(context);
  app.log.level = 'warn'; // scripts print their own progress; Strapi's info lines would bury it
  return app.load();
}

/** Runs `task` against a loaded Strapi and exits with its outcome, printing an error clearly. */
async function runWithStrapi(task) {
  let app;
  try {
    app = await loadStrapi();
    await task(app);
    await app.destroy();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    if (app) await app.destroy().catch(() => undefined);
    process.exit(1);
  }
}

module.exports = { ROOT, compile, loadStrapi, runWithStrapi };
