// @ts-check
/**
 * Compiles this app's own plugins (plugins/<name>/, each a Strapi plugin with its own tsconfig)
 * into their dist/ folders, which their strapi-server.js loads: every `strapi` command loads them.
 * Run after `npm install` / `npm ci` (postinstall), by `npm run build`, `npm run develop`, the
 * tests and the scripts; `--noEmit` type-checks only.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PLUGINS = path.join(ROOT, 'plugins');

/** The plugin folders that have a tsconfig.json. */
function pluginDirs() {
  if (!fs.existsSync(PLUGINS)) return [];
  return fs
    .readdirSync(PLUGINS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(PLUGINS, entry.name, 'tsconfig.json')))
    .map((entry) => path.join(PLUGINS, entry.name));
}

/** @param {{ noEmit?: boolean }} [options] */
function buildPlugins({ noEmit = false } = {}) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    // An install without devDependencies (npm ci --omit=dev) has no compiler: compiled plugins are kept.
    if (noEmit) throw new Error('TypeScript is not installed: the plugins cannot be type-checked. Install with devDependencies (npm ci).');
    const missing = pluginDirs().filter((dir) => !fs.existsSync(path.join(dir, 'dist', 'server', 'index.js')));
    if (missing.length === 0) return;
    throw new Error(
      `TypeScript is not installed, and these plugins are not compiled: ${missing.map((dir) => path.relative(ROOT, dir)).join(', ')}. Install with devDependencies (npm ci), then run npm run build:plugins.`
    );
  }
  for (const dir of pluginDirs()) {
    execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), ...(noEmit ? ['--noEmit'] : [])], { cwd: ROOT, stdio: 'inherit' });
  }
}

module.exports = { buildPlugins, pluginDirs };

if (require.main === module) {
  try {
    buildPlugins({ noEmit: process.argv.includes('--noEmit') });
  } catch (error) {
    // tsc printed its errors itself; anything else is said here
    if (!(error && /** @type {{ status?: number }} */ (error).status)) console.error(`build-plugins: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
