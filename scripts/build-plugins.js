// @ts-check
/**
 * Compiles this app's own plugins (plugins/<name>/, each a Strapi plugin with its own tsconfig)
 * into their dist/ folders, which their strapi-server.js loads. Run by `npm run build`,
 * `npm run develop`, the tests and the scripts; `--noEmit` type-checks only.
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
  const tsc = require.resolve('typescript/bin/tsc');
  for (const dir of pluginDirs()) {
    execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), ...(noEmit ? ['--noEmit'] : [])], { cwd: ROOT, stdio: 'inherit' });
  }
}

module.exports = { buildPlugins, pluginDirs };

if (require.main === module) {
  try {
    buildPlugins({ noEmit: process.argv.includes('--noEmit') });
  } catch {
    // tsc printed the errors
    process.exit(1);
  }
}
