#!/usr/bin/env node
// @ts-check
/**
 * npm run restore -- <archive> --yes [--accept-schema-changes]
 *
 * Replaces the content of the configured database (documents in every locale, relations, media
 * library, users-permissions roles and users, settings) and the uploaded files with those of an
 * archive written by `npm run backup` (or `strapi export`), with Strapi's `strapi import`. Before
 * anything is touched, the archive is read whole with BACKUP_ENCRYPTION_KEY and its content model
 * compared with the app's; without --yes it stops there. After the import the search index is
 * rebuilt from the restored content, the response cache starts a new generation, and every
 * document whose published versions the restore changed gets its change event (webhooks, CDN
 * purges: plugins/change-events).
 */
const fs = require('fs');
const path = require('path');
const { ROOT, appApi, loadStrapi, registerStrapi, settle } = require('./lib/app');
const { reindexWithProgress } = require('./search-reindex');
const transfer = require('./lib/transfer');

const USAGE = `Usage: npm run restore -- <archive> --yes [--accept-schema-changes]
  <archive>                a file written by npm run backup (.tar.gz.enc) or strapi export
  --yes                    replace the content of the configured database and the uploaded files;
                           without it the archive is only checked
  --accept-schema-changes  restore although the archive's content model differs from this app's
                           (what the app has no field for is dropped)`;

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { file: '', yes: false, acceptSchemaChanges: false };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--yes') options.yes = true;
    else if (arg === '--accept-schema-changes') options.acceptSchemaChanges = true;
    else if (arg.startsWith('-')) throw new transfer.UsageError(`unknown option ${arg}.\n${USAGE}`);
    else if (options.file) throw new transfer.UsageError(`one archive only, not "${options.file}" and "${arg}".\n${USAGE}`);
    else options.file = arg;
  }
  if (!options.file) throw new transfer.UsageError(`which archive? (ls backups/)\n${USAGE}`);
  return options;
}

/**
 * The database the app is configured for, in words (no password).
 * @param {import('@strapi/strapi').Core.Strapi} strapi
 */
function describeDatabase(strapi) {
  const { client, connection = {} } = /** @type {{ client: string, connection?: Record<string, any> }} */ (strapi.config.get('database.connection'));
  if (client === 'sqlite') return `the SQLite database ${connection.filename}`;
  const url = connection.connectionString || connection.uri;
  const { host, port, database } = url ? { host: new URL(url).hostname, port: new URL(url).port, database: decodeURIComponent(new URL(url).pathname.slice(1)) } : connection;
  return `the ${client === 'postgres' ? 'PostgreSQL' : 'MySQL'} database "${database}" on ${host}:${port}`;
}

/** What became of the response cache, which the restored app's start gave a new generation. */
function cacheReport() {
  const { responseCacheSettings } = appApi();
  const settings = responseCacheSettings(process.env);
  if (!settings.enabled) return 'the response cache is off (GRAPHQL_CACHE=false)';
  if (settings.redisUrl) return `the response cache in Redis (prefix ${settings.redisPrefix}) has a new generation: instances sharing it answer from the restored content now`;
  return `the response cache is kept in each instance's memory: restart the running instances (until then they may answer from it for up to GRAPHQL_CACHE_TTL=${settings.ttlSeconds} s)`;
}

async function main() {
  transfer.loadEnvFile();
  const options = parseArgs(process.argv.slice(2));
  const file = transfer.userPath(options.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new transfer.UsageError(`${file}: no such file.`);
  const format = transfer.archiveFormat(file);
  if (!format) throw new transfer.UsageError(`${file} is not named like a Strapi export (.tar.gz.enc, .tar.gz or .tar).`);
  const key = format.encrypted
    ? transfer.encryptionKey(
        `${path.basename(file)} is encrypted, and only the key it was written with opens it; nothing was changed`,
        `Set it, in the environment or in .env, to the key the backup was written with.`
      )
    : undefined;
  const started = Date.now();

  // 1. The archive, read whole before anything else happens: the key, and that it is complete.
  console.log(`[restore] reading ${file}${key ? ` with ${transfer.KEY_VARIABLE}` : ''} …`);
  const archive = await transfer.readArchive(file, key);
  const { createdAt = 'an unknown time', strapi: { version = 'an unknown version' } = {} } = archive.metadata;
  console.log(`[restore] archive of ${createdAt}, Strapi ${version}: ${transfer.describeArchive(archive)}`);

  // 2. The app, registered without a database connection: the target and the content model.
  const registered = await registerStrapi();
  const target = describeDatabase(registered);
  const differences = await transfer.schemaDifferences(archive.schemas, registered);
  const changeEvents = /** @type {{ endpoints?: unknown[], purge?: unknown } | undefined} */ (registered.config.get('plugin::change-events'));
  const sendsChangeEvents = Boolean(changeEvents?.endpoints?.length || changeEvents?.purge);
  await registered.destroy();
  if (differences) {
    if (!options.acceptSchemaChanges) {
      throw new transfer.UsageError(
        `the archive's content model differs from this app's; nothing was changed.\n${differences}\nRestore it with the version of the app that wrote it, or pass --accept-schema-changes to restore what fits (the rest is dropped).`
      );
    }
    console.warn(`[restore] the archive's content model differs from this app's (--accept-schema-changes: what does not fit is dropped):\n${differences}`);
  }
  const checkedIn = Date.now() - started;
  if (!options.yes) {
    const files = archive.files > 0 ? ' and the uploaded files (public/uploads)' : '';
    // A check that passed: exit code 0, so a script can check its archives this way.
    console.log(
      `[restore] the archive opens and fits this app. Restoring it deletes the content of ${target}${files} and puts the archive's in their place; run again with --yes to do so. Nothing was changed.`
    );
    return;
  }

  // What is published now, for the change events of the restore (webhooks, CDN purges): the
  // import goes behind the Document Service's back, so its changes are found by comparison.
  let published = null;
  if (sendsChangeEvents) {
    Object.assign(process.env, transfer.TRANSFER_ENV);
    const before = await loadStrapi({ compiled: true });
    try {
      published = await before.plugin('change-events').service('changeEvents').snapshot();
    } finally {
      await settle(before);
      await before.destroy();
    }
  }

  // 3. Strapi's import: deletes the content and imports the archive's. An archive without files
  // (written with --exclude files) leaves the uploaded files alone.
  console.log(`[restore] replacing the content of ${target} with the archive's …`);
  const importStarted = Date.now();
  const logFile = path.join(ROOT, 'backups', `restore-${transfer.timestamp()}.log`);
  const imported = await transfer.runStrapiTransfer(['import', '--file', file, '--force', ...(archive.files === 0 ? ['--exclude', 'files'] : [])], { key, logFile });
  if (imported.logFile) console.log(`[restore] Strapi's import log: ${imported.logFile}`);
  if (imported.code !== 0) throw new transfer.UsageError(`strapi import failed (exit code ${imported.code}); see its log and the output above.`);
  const importedIn = Date.now() - importStarted;

  // 4. What the app keeps beside Strapi's content: the search index, the translation states and the response cache.
  const reindexStarted = Date.now();
  Object.assign(process.env, transfer.TRANSFER_ENV);
  const app = await loadStrapi({ compiled: true });
  try {
    await reindexWithProgress(app);
    // The translation states (the plugin's own tables, not in the archive): hashes recomputed, documents gone forgotten.
    const states = await app.plugin('translation-workflow').service('translations').resync('all');
    console.log(`[restore] translation states: ${states.checked} documents checked, ${states.written} brought in line`);
    if (published) {
      const events = await app.plugin('change-events').service('changeEvents').recordDifferences(published);
      console.log(`[restore] ${events} change events recorded for the documents the restore published, changed, unpublished or deleted (webhooks, CDN purges)`);
    }
  } finally {
    await settle(app);
    await app.destroy();
  }
  console.log(`[restore] ${cacheReport()}`);
  console.log(
    `[restore] restored ${path.basename(file)} into ${target} in ${transfer.seconds(Date.now() - started)} (checks ${transfer.seconds(checkedIn)}, import ${transfer.seconds(importedIn)}, search index ${transfer.seconds(Date.now() - reindexStarted)})`
  );
}

transfer.runScript('restore', main);
