// @ts-check
/** What the measuring scripts (load test, publish benchmark) share around their measurement. */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createPostgresDatabase } = require('./postgres');

/**
 * Writes a run's figures as JSON to `file` (its folder made if needed) and says where.
 * @param {string} file @param {unknown} figures @param {(line: string) => void} log
 */
function writeFigures(file, figures, log) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  log(`written to ${path.relative(process.cwd(), file) || file}`);
}

/**
 * Runs a measuring script: options parsed (a bad one: its message, exit 2), `--help` (the usage,
 * exit 0), then the run and its report (exit 0 when every target is met, 1 when not, 2 when the
 * run itself failed).
 * @template Options, Outcome
 * @param {{ name: string, usage: string, parseArgs: (args: string[]) => Options & { help?: boolean }, run: (options: Options) => Promise<Outcome>, report: (options: Options, outcome: Outcome) => boolean }} script
 */
function runScript({ name, usage, parseArgs, run, report }) {
  const main = async () => {
    let options;
    try {
      options = parseArgs(process.argv.slice(2));
    } catch (error) {
      console.error(/** @type {Error} */ (error).message);
      return 2;
    }
    if (options.help) {
      console.log(usage);
      return 0;
    }
    const outcome = await run(options);
    return report(options, outcome) ? 0 : 1;
  };
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[${name}] ${error instanceof Error ? error.message : error}`);
      process.exit(2);
    }
  );
}

/**
 * A run's scratch folder (`lpc-<name>-…` in the system's temporary folder) and its clean-up steps,
 * run last first by `cleanUp()` (which also stops listening for signals), and when the script is interrupted (SIGINT, SIGTERM: then
 * `beforeExit` first, and exit 130). The folder is the first step, so it goes last.
 * @param {string} name @param {(line: string) => void} log @param {() => void} [beforeExit]
 */
function scratchRun(name, log, beforeExit = () => {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lpc-${name}-`));
  /** @type {Array<() => Promise<unknown>>} */
  const steps = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  const cleanUp = async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const step of steps.splice(0).reverse()) {
      await step().catch((/** @type {Error} */ error) => log(`cleanup: ${error.message}`));
    }
  };
  const onSignal = () => {
    log('interrupted: stopping and cleaning up');
    beforeExit();
    cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { tmp, onCleanup: (/** @type {() => Promise<unknown>} */ step) => steps.push(step), cleanUp };
}

/**
 * The database variables of a run: a fresh PostgreSQL database (dropped at clean-up) or a SQLite
 * file `<name>.db` in the scratch folder.
 * @param {{ database: string, postgresUrl: string }} options @param {string} name @param {{ tmp: string, onCleanup: (step: () => Promise<unknown>) => unknown }} scratch @param {(line: string) => void} log
 * @returns {Promise<Record<string, string>>}
 */
async function runDatabase(options, name, scratch, log) {
  if (options.database !== 'postgres') return { DATABASE_CLIENT: 'sqlite', DATABASE_URL: '', DATABASE_FILENAME: path.join(scratch.tmp, `${name}.db`) };
  const database = await createPostgresDatabase(options.postgresUrl, `lpc_${name.replace(/\W/g, '')}_`);
  scratch.onCleanup(() => database.drop());
  log(`PostgreSQL database ${database.name} created`);
  return database.env;
}

module.exports = { runDatabase, runScript, scratchRun, writeFigures };
