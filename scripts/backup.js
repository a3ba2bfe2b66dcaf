#!/usr/bin/env node
// @ts-check
/**
 * npm run backup [-- <path>] [--no-encrypt]
 *
 * Writes the configured database's content, media library (entries and files) and settings into
 * one archive with Strapi's `strapi export`, encrypted with BACKUP_ENCRYPTION_KEY:
 * `backups/<time>.tar.gz.enc` in the project by default. The archive is written under a temporary
 * name, read back whole with the key, and only then given its name: a file with a backup's name is
 * complete and opens with the key. Prints the path, size, duration and what the archive holds.
 */
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./lib/app');
const transfer = require('./lib/transfer');

const USAGE = `Usage: npm run backup -- [path] [--no-encrypt]
  path          where to write the archive: a file name (.tar.gz.enc is added) or an existing
                directory (the archive is named by the time); default backups/<time>.tar.gz.enc
  --no-encrypt  write an unencrypted archive (.tar.gz): whoever gets it can read the content, the
                users-permissions password hashes and the login providers' secrets`;

/** Shorter keys are refused: the archive's key is derived from it without a salt. */
const MIN_KEY_LENGTH = 16;

/** Missing media files are a warning of Strapi's export: the entries are saved, the files are not. */
const MISSING_FILE = /exists in database but no corresponding file was found/g;

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { target: '', encrypt: true };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--no-encrypt') options.encrypt = false;
    else if (arg.startsWith('-')) throw new transfer.UsageError(`unknown option ${arg}.\n${USAGE}`);
    else if (options.target) throw new transfer.UsageError(`one path only, not "${options.target}" and "${arg}".\n${USAGE}`);
    else options.target = arg;
  }
  return options;
}

/**
 * The archive's path without its extensions: a named file, a file in a named directory, or backups/<time>.
 * @param {string | undefined} target
 */
function archiveBase(target) {
  if (!target) return path.join(ROOT, 'backups', transfer.timestamp());
  const resolved = transfer.userPath(target);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) return path.join(resolved, transfer.timestamp());
  return transfer.withoutArchiveExtensions(resolved);
}

async function main() {
  transfer.loadEnvFile();
  const options = parseArgs(process.argv.slice(2));
  let key;
  if (options.encrypt) {
    key = transfer.encryptionKey(
      'backups are encrypted with it, and restoring one needs the same key',
      `Set it in the environment or in .env, for example to a fresh random key:
  echo "${transfer.KEY_VARIABLE}=$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")" >> .env
and keep a copy of the key apart from the backups: without it no backup can be restored.
(npm run backup -- --no-encrypt writes an unencrypted archive instead.)`
    );
    if (key.length < MIN_KEY_LENGTH)
      throw new transfer.UsageError(
        `${transfer.KEY_VARIABLE} has ${key.length} characters; use at least ${MIN_KEY_LENGTH} (a random one: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))").`
      );
  }
  const extension = options.encrypt ? '.tar.gz.enc' : '.tar.gz';
  const base = archiveBase(options.target);
  const file = `${base}${extension}`;
  if (fs.existsSync(file)) throw new transfer.UsageError(`${file} exists already; name another file (npm run backup -- <path>).`);
  fs.mkdirSync(path.dirname(base), { recursive: true, mode: 0o700 });

  // Strapi adds the extensions to the name it is given.
  const partialBase = path.join(path.dirname(base), `.${path.basename(base)}.partial-${process.pid}`);
  const partial = `${partialBase}${extension}`;
  const logFile = `${base}.export.log`;
  const started = Date.now();
  console.log(`[backup] exporting the database to ${file}${options.encrypt ? `, encrypted with ${transfer.KEY_VARIABLE}` : ', NOT encrypted (--no-encrypt)'}`);
  const exported = await transfer.runStrapiTransfer(['export', '--file', partialBase, ...(options.encrypt ? [] : ['--no-encrypt'])], { key, logFile });
  try {
    if (exported.code !== 0) throw new transfer.UsageError(`strapi export failed (exit code ${exported.code}); nothing was written.${exported.logFile ? ` Its log: ${exported.logFile}` : ''}`);
    if (!fs.existsSync(partial)) throw new transfer.UsageError(`strapi export reported success but wrote no ${partial}; nothing was written.`);
    const exportedIn = Date.now() - started;
    console.log(`[backup] reading the archive back${options.encrypt ? ' with the key' : ''} …`);
    const archive = await transfer.readArchive(partial, key);
    fs.chmodSync(partial, 0o600);
    // A link fails if the name was taken meanwhile: an existing file is never overwritten.
    try {
      fs.linkSync(partial, file);
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EEXIST') throw new transfer.UsageError(`${file} appeared while the backup ran; nothing was overwritten, name another file.`);
      throw error;
    }
    fs.unlinkSync(partial);
    const { size } = fs.statSync(file);
    console.log(`[backup] written: ${file}`);
    console.log(
      `[backup] ${transfer.formatBytes(size)}, ${options.encrypt ? 'encrypted' : 'not encrypted'}, exported in ${transfer.seconds(exportedIn)}, ${transfer.seconds(Date.now() - started)} in all`
    );
    console.log(`[backup] holds ${transfer.describeArchive(archive)}`);
    const missing = exported.output.match(MISSING_FILE)?.length ?? 0;
    if (missing > 0) {
      console.warn(
        `[backup] WARNING: ${missing} media file(s) of the media library were missing on disk and are not in the archive (their entries are); see ${exported.logFile ?? "Strapi's output above"}.`
      );
    }
    if (!options.encrypt) console.warn('[backup] WARNING: the archive is not encrypted; keep it where only administrators can read it.');
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

transfer.runScript('backup', main);
