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

/**
 * A URL option's value, refused unless it parses and has one of `protocols`; without a trailing slash.
 * @param {string} flag @param {string | undefined} value @param {string[]} protocols
 */
function urlOption(flag, value, protocols) {
  let url;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new Error(`${flag} takes a URL such as ${protocols[0]}//127.0.0.1, not "${value ?? ''}"`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${flag} takes a ${protocols.join(' or ')} URL, not "${value}"`);
  return url.toString().replace(/\/$/, '');
}

/**
 * Parses a measuring script's command line (`--flag value` or `--flag=value`) onto `defaults`:
 * the numbers in `numbers` (each with its smallest value, whole numbers unless `integer: false`),
 * the options every script has (`--help`, `--database sqlite|postgres`, `--postgres-url`,
 * `--output`), and the script's own through `own(flag, takeValue, inline)`, which returns false
 * for a flag it does not know. A bad value or an unknown option throws, with the usage.
 * @template {{ help: boolean, database: string, postgresUrl: string, output: string }} Options
 * @param {string[]} argv @param {Options} defaults @param {string} usage
 * @param {Record<string, { key: string, min: number, integer?: boolean }>} numbers
 * @param {(flag: string, takeValue: () => string | undefined, inline: string | undefined, options: Options) => boolean} [own]
 * @returns {Options}
 */
function parseOptions(argv, defaults, usage, numbers, own = () => false) {
  /** @type {Record<string, unknown>} */
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, ...rest] = argv[i].split('=');
    const inline = rest.length > 0 ? rest.join('=') : undefined;
    const takeValue = () => {
      if (inline !== undefined) return inline;
      i += 1;
      return argv[i];
    };
    const numeric = numbers[flag];
    if (numeric) {
      const integer = numeric.integer ?? true;
      const value = takeValue();
      const parsed = Number(value);
      if (value === undefined || value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < numeric.min) {
        throw new Error(`${flag} takes ${integer ? 'a whole number' : 'a number'} of ${numeric.min} or more, not "${value ?? ''}"`);
      }
      options[numeric.key] = parsed;
    } else if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else if (flag === '--database') {
      const value = (takeValue() ?? '').trim().toLowerCase();
      if (value !== 'sqlite' && value !== 'postgres') throw new Error(`--database takes sqlite or postgres, not "${value}"`);
      options.database = value;
    } else if (flag === '--postgres-url') {
      options.postgresUrl = urlOption(flag, takeValue(), ['postgres:', 'postgresql:']);
    } else if (flag === '--output') {
      const value = takeValue();
      if (!value) throw new Error('--output takes a file name');
      options.output = path.resolve(value);
    } else if (!own(flag, takeValue, inline, /** @type {Options} */ (options))) {
      throw new Error(`Unknown option ${argv[i]}\n${usage}`);
    }
  }
  return /** @type {Options} */ (options);
}

module.exports = { parseOptions, runDatabase, runScript, scratchRun, urlOption, writeFigures };
