// Before the browser tests: the compiled app (as for every suite), the admin panel's build (which
// `strapi start` serves from dist/build) and a Chromium to drive.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const compileApp = require('./global-setup');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

module.exports = async () => {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  await compileApp();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'build', 'index.html'))) {
    console.log('[tests] the admin panel is not built yet: running `strapi build` (about a minute)');
    const built = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`strapi build failed with exit code ${built.status}`);
  }
};
