#!/usr/bin/env node
// @ts-check
/**
 * Makes a fresh clone runnable without editing anything: creates `.env` from `.env.example` with
 * freshly generated secrets (never the placeholders), fills any secret an existing `.env` lacks,
 * and creates the SQLite folder. Does nothing to `.env` in production, where secrets must come
 * from the environment (the app then refuses to start without them).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];
const PLACEHOLDER_MARKER = 'change-me';

/** @param {string} name */
function generateSecret(name) {
  const key = () => crypto.randomBytes(24).toString('base64');
  return name === 'APP_KEYS' ? [key(), key(), key(), key()].join(',') : key();
}

/** Every secret the app needs, freshly generated: for instances that scripts start. @returns {Record<string, string>} */
function freshSecrets() {
  return Object.fromEntries(SECRETS.map((name) => [name, generateSecret(name)]));
}

/** @param {string} text @returns {Map<string, string>} */
function parseEnv(text) {
  const values = new Map();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match) values.set(match[1], match[2].trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  return values;
}

/**
 * Returns `text` with every missing or placeholder secret replaced by a fresh one, and the names replaced.
 * @param {string} text
 */
function fillSecrets(text) {
  const values = parseEnv(text);
  const filled = [];
  let out = text;
  for (const name of SECRETS) {
    const value = values.get(name);
    if (value && !value.toLowerCase().includes(PLACEHOLDER_MARKER)) continue;
    const line = `${name}=${generateSecret(name)}`;
    const pattern = new RegExp(`^\\s*${name}\\s*=.*$`, 'm');
    out = pattern.test(out) ? out.replace(pattern, () => line) : `${out.replace(/\n?$/, '\n')}${line}\n`;
    filled.push(name);
  }
  return { text: out, filled };
}

function main() {
  const envFile = path.join(ROOT, '.env');
  const exampleFile = path.join(ROOT, '.env.example');
  if (process.env.NODE_ENV === 'production') {
    console.log('[ensure-env] NODE_ENV=production: .env is left alone; secrets must come from the environment.');
    return;
  }
  const existed = fs.existsSync(envFile);
  const source = existed ? fs.readFileSync(envFile, 'utf8') : fs.readFileSync(exampleFile, 'utf8');
  const { text, filled } = fillSecrets(source);
  if (!existed || filled.length > 0) {
    fs.writeFileSync(envFile, text, { mode: 0o600 });
    console.log(existed ? `[ensure-env] .env: generated ${filled.join(', ')}` : `[ensure-env] created .env from .env.example with freshly generated secrets`);
  }
  const sqliteFile = process.env.DATABASE_FILENAME || parseEnv(text).get('DATABASE_FILENAME') || '.tmp/data.db';
  fs.mkdirSync(path.dirname(path.resolve(ROOT, sqliteFile)), { recursive: true });
}

if (require.main === module) main();

module.exports = { SECRETS, PLACEHOLDER_MARKER, fillSecrets, freshSecrets, parseEnv };
