// @ts-check
/**
 * What `npm run backup` and `npm run restore` share: the environment as Strapi reads it, the
 * encryption key, Strapi's transfer CLI run as a child process, and one full read of an archive
 * (decrypting, decompressing and counting it), which proves that the key opens it.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { StringDecoder } = require('string_decoder');
const { pipeline } = require('stream/promises');
const zlib = require('zlib');
const dataTransfer = require('@strapi/data-transfer');
const tar = require('tar');
const dotenv = require('dotenv');
const { ROOT } = require('./app');

const KEY_VARIABLE = 'BACKUP_ENCRYPTION_KEY';

/** A refusal or bad input: the scripts print its message alone, without a stack trace. */
class UsageError extends Error {}

/**
 * Reads `.env` (or the file ENV_PATH names) as Strapi does when it starts, with the same parser
 * (dotenv): a variable already set in the environment wins.
 */
function loadEnvFile() {
  const file = path.resolve(ROOT, process.env.ENV_PATH || '.env');
  if (fs.existsSync(file)) dotenv.config({ path: file, quiet: true });
}

/**
 * The key from BACKUP_ENCRYPTION_KEY, or a refusal saying why it is needed and how to set it.
 * @param {string} purpose @param {string} help
 */
function encryptionKey(purpose, help) {
  const key = process.env[KEY_VARIABLE] ?? '';
  if (!key) throw new UsageError(`${KEY_VARIABLE} is not set: ${purpose}.\n${help}`);
  return key;
}

/** What an archive's name says about it: `.tar`, then `.gz` when compressed, then `.enc` when encrypted. */
const ARCHIVE_EXTENSIONS = /\.tar(\.gz)?(\.enc)?$/;
/** @param {string} file */
function archiveFormat(file) {
  const match = ARCHIVE_EXTENSIONS.exec(file);
  return match ? { compressed: Boolean(match[1]), encrypted: Boolean(match[2]) } : null;
}
const withoutArchiveExtensions = (/** @type {string} */ file) => file.replace(ARCHIVE_EXTENSIONS, '');

/** A path the user typed: relative to the directory npm was started in, not the project's. */
const userPath = (/** @type {string} */ value) => path.resolve(process.env.INIT_CWD || process.cwd(), value);

/** `2026-11-26T20-28-01Z`: sortable, and valid in file names everywhere. */
const timestamp = (date = new Date()) =>
  date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** `47.1 KiB` @param {number} bytes */
function shortBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
/** `48,213 bytes (47.1 KiB)` */
const formatBytes = (/** @type {number} */ bytes) => `${bytes.toLocaleString('en-US')} bytes (${shortBytes(bytes)})`;

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

/** The instance Strapi's CLI loads: no demo content, no scheduled publishing while data is moved. */
const TRANSFER_ENV = { SEED_DEMO_CONTENT: 'false', SCHEDULED_PUBLISHING: 'false' };

/** The diagnostic logs (`export_<ms>.log`, `import_<ms>.log`) that Strapi's CLI writes into the project. */
const diagnosticLogs = () => fs.readdirSync(ROOT).filter((name) => /^(export|import)_\d+\.log$/.test(name));

/** @param {string} from @param {string} to */
function moveFile(from, to) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to);
    fs.unlinkSync(from);
  }
}

/**
 * Runs `strapi <args>` (export or import) in the project, its output passed through as it comes
 * (a line per stage started and finished), the key handed over in the environment, never on the
 * command line. Strapi's diagnostic log is moved to `logFile`.
 * @param {string[]} args
 * @param {{ key?: string, logFile: string }} options
 * @returns {Promise<{ code: number | null, output: string, logFile: string | null }>}
 */
function runStrapiTransfer(args, { key, logFile }) {
  const before = new Set(diagnosticLogs());
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...TRANSFER_ENV, ...(key ? { STRAPI_TRANSFER_KEY: key } : {}) };
    const child = spawn(process.execPath, [path.join(__dirname, 'strapi-transfer.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const created = diagnosticLogs().filter((name) => !before.has(name));
      let moved = null;
      for (const name of created) {
        fs.mkdirSync(path.dirname(logFile), { recursive: true, mode: 0o700 });
        moveFile(path.join(ROOT, name), logFile);
        moved = logFile;
      }
      resolve({ code, output, logFile: moved });
    });
  });
}

/**
 * Calls `onLine` with each line of a tar entry, as its bytes arrive.
 * @param {import('tar').ReadEntry} entry @param {(line: string) => void} onLine @param {(error: Error) => void} onError
 */
function eachLine(entry, onLine, onError) {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const take = (/** @type {string} */ text, /** @type {boolean} */ last) => {
    const lines = (rest + text).split('\n');
    rest = last ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        onLine(line);
      } catch (error) {
        onError(/** @type {Error} */ (error));
      }
    }
  };
  entry.on('data', (chunk) => take(decoder.write(chunk), false));
  entry.on('end', () => take(decoder.end(), true));
}

/**
 * @typedef {{
 *   metadata: { createdAt?: string, strapi?: { version?: string } },
 *   schemas: Record<string, any>,
 *   entities: Record<string, number>,
 *   links: number,
 *   configuration: number,
 *   files: number,
 *   fileBytes: number,
 * }} ArchiveSummary
 */

/**
 * Reads a whole archive once (decrypting with `key` when its name ends in `.enc`, decompressing
 * when `.gz` comes before): its metadata and schemas, and how many entities of each type, links,
 * settings and files it holds. A wrong key, a damaged or truncated file and a file that is not a
 * Strapi export fail here, with a message saying which.
 * @param {string} file @param {string | undefined} key @returns {Promise<ArchiveSummary>}
 */
async function readArchive(file, key) {
  const format = archiveFormat(file);
  if (!format) throw new UsageError(`${file} is not named like a Strapi export (.tar.gz.enc, .tar.gz or .tar).`);
  /** @type {ArchiveSummary} */
  const summary = { metadata: {}, schemas: {}, entities: {}, links: 0, configuration: 0, files: 0, fileBytes: 0 };
  /** @type {string | null} */
  let metadataText = null;
  /** @type {Error | null} */
  let problem = null;
  const fail = (/** @type {Error} */ error) => {
    problem ??= error;
  };
  const parser = new tar.Parser({
    strict: true,
    onReadEntry(entry) {
      const name = entry.path.replace(/\\/g, '/');
      const folder = name.split('/')[0];
      if (name === 'metadata.json') {
        metadataText = '';
        entry.on('data', (chunk) => (metadataText = (metadataText ?? '') + chunk));
      } else if (folder === 'schemas') {
        eachLine(
          entry,
          (line) => {
            const schema = JSON.parse(line);
            summary.schemas[schema.uid] = schema;
          },
          fail
        );
      } else if (folder === 'entities') {
        eachLine(
          entry,
          (line) => {
            const { type } = JSON.parse(line);
            summary.entities[type] = (summary.entities[type] ?? 0) + 1;
          },
          fail
        );
      } else if (folder === 'links' || folder === 'configuration') {
        eachLine(entry, () => (summary[folder] += 1), fail);
      } else {
        if (name.startsWith('assets/uploads/')) {
          summary.files += 1;
          summary.fileBytes += entry.size ?? 0;
        }
        entry.resume();
      }
    },
  });
  /** @type {NodeJS.ReadWriteStream[]} */
  const steps = [];
  if (format.encrypted) steps.push(dataTransfer.utils.encryption.createDecryptionCipher(key ?? ''));
  if (format.compressed) steps.push(zlib.createGunzip());
  try {
    await pipeline([fs.createReadStream(file), ...steps, /** @type {NodeJS.WritableStream} */ (/** @type {unknown} */ (parser))]);
  } catch (error) {
    fail(/** @type {Error} */ (error));
  }
  if (!problem && metadataText === null) problem = new Error('it holds no metadata.json');
  if (!problem) {
    try {
      summary.metadata = JSON.parse(metadataText ?? '');
    } catch (error) {
      problem = /** @type {Error} */ (error);
    }
  }
  if (problem) {
    const detail = problem.message;
    throw new UsageError(
      format.encrypted
        ? `${file} cannot be read with ${KEY_VARIABLE}: the key is not the one it was written with, or the file is damaged (${detail}).`
        : `${file} is damaged or not a Strapi export (${detail}).`
    );
  }
  return summary;
}

/** One line about what an archive holds. @param {ArchiveSummary} archive */
function describeArchive(archive) {
  const entities = Object.values(archive.entities).reduce((sum, count) => sum + count, 0);
  return `${entities} entities of ${Object.keys(archive.entities).length} types, ${archive.links} links, ${archive.configuration} settings, ${archive.files} files of ${shortBytes(archive.fileBytes)}`;
}

/**
 * How the archive's content model differs from the app's, by the rule `strapi import` applies
 * (Strapi's transfer engine, strict strategy); null when they match.
 * @param {Record<string, any>} archiveSchemas @param {import('@strapi/strapi').Core.Strapi} strapi
 */
async function schemaDifferences(archiveSchemas, strapi) {
  const { engine, utils } = dataTransfer;
  const appSchemas = utils.schema.mapSchemasValues(utils.schema.schemasToValidJSON({ ...strapi.contentTypes, ...strapi.components }));
  const provider = (/** @type {string} */ type, /** @type {Record<string, any>} */ schemas) => ({
    type,
    name: `${type}::schema-check`,
    getMetadata: async () => null,
    getSchemas: async () => schemas,
  });
  const check = engine.createTransferEngine(/** @type {any} */ (provider('source', archiveSchemas)), /** @type {any} */ (provider('destination', appSchemas)), {
    versionStrategy: 'ignore',
    schemaStrategy: 'strict',
  });
  try {
    await check.integrityCheck();
    return null;
  } catch (error) {
    if (error instanceof engine.errors.TransferEngineValidationError) return error.message;
    throw error;
  }
}

/**
 * Runs a script's `main`, printing a refusal's message alone and any other error with its stack,
 * and exits with 0 or 1.
 * @param {string} label @param {() => Promise<void>} main
 */
function runScript(label, main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof UsageError ? `[${label}] ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    }
  );
}

module.exports = {
  KEY_VARIABLE,
  TRANSFER_ENV,
  UsageError,
  archiveFormat,
  describeArchive,
  encryptionKey,
  formatBytes,
  loadEnvFile,
  readArchive,
  runScript,
  runStrapiTransfer,
  schemaDifferences,
  seconds,
  timestamp,
  userPath,
  withoutArchiveExtensions,
};
