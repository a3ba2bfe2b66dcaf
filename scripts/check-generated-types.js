#!/usr/bin/env node
// @ts-check
/**
 * npm run types:check: fails when types/generated no longer matches the schemas, i.e. when a
 * schema changed and `npm run types:generate` was not run (and committed) after it.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const COMMITTED = path.join(ROOT, 'types', 'generated');

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-types-'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'ts:generate-types', '--silent', '--out-dir', path.relative(ROOT, tmp)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const fresh = path.join(tmp, 'generated');
    const names = [...new Set([...fs.readdirSync(COMMITTED), ...fs.readdirSync(fresh)])].sort();
    const drifted = names.filter((name) => {
      const read = (/** @type {string} */ dir) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : null);
      return read(COMMITTED) !== read(fresh);
    });
    if (drifted.length > 0) {
      console.error(`types/generated is out of date with the schemas: ${drifted.join(', ')} differ.`);
      console.error('Run `npm run types:generate` and commit types/generated.');
      process.exit(1);
    }
    console.log(`types/generated matches the schemas (${names.length} files).`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
