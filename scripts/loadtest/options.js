// @ts-check
/** The load test's command-line options. (npm run loadtest: scripts/loadtest.js) */
const { parseOptions, urlOption } = require('../lib/cli');

const USAGE = `npm run loadtest -- [options]
  --duration SECONDS       length of the measured run (60)
  --connections N          reader connections (100)
  --publish-every SECONDS  time between the editor's publishes (3)
  --warmup SECONDS         load before the memory is first measured, not counted (30)
  --scale N                generated case stories (N), press releases (N/2), partnerships (N/5) (300)
  --database sqlite|postgres
                           the instance's database (sqlite): a temporary SQLite file, or a fresh
                           PostgreSQL database that is dropped afterwards
  --postgres-url URL       the PostgreSQL server for --database postgres (postgres://postgres@127.0.0.1:5432)
  --redis                  the response cache in Redis, under a key prefix of this run's own
  --redis-url URL          the Redis server for --redis (redis://127.0.0.1:6379); implies --redis
  --output FILE            where the JSON goes (bench-results/loadtest-<database>-<time>.json)`;

/**
 * @typedef {object} Options
 * @property {number} duration
 * @property {number} connections
 * @property {number} publishEvery
 * @property {number} warmup
 * @property {number} scale
 * @property {'sqlite' | 'postgres'} database
 * @property {string} postgresUrl
 * @property {boolean} redis
 * @property {string} redisUrl
 * @property {string} output
 * @property {boolean} help
 */

/** @type {Record<string, { key: 'duration' | 'connections' | 'publishEvery' | 'warmup' | 'scale', min: number, integer: boolean }>} */
const NUMBER_OPTIONS = {
  '--duration': { key: 'duration', min: 1, integer: true },
  '--connections': { key: 'connections', min: 1, integer: true },
  '--publish-every': { key: 'publishEvery', min: 0.5, integer: false },
  '--warmup': { key: 'warmup', min: 0, integer: true },
  '--scale': { key: 'scale', min: 10, integer: true },
};

/** @param {string[]} argv @returns {Options} */
function parseArgs(argv) {
  /** @type {Options} */
  const defaults = {
    duration: 60,
    connections: 100,
    publishEvery: 3,
    warmup: 30,
    scale: 300,
    database: 'sqlite',
    postgresUrl: 'postgres://postgres@127.0.0.1:5432',
    redis: false,
    redisUrl: 'redis://127.0.0.1:6379',
    output: '',
    help: false,
  };
  return parseOptions(argv, defaults, USAGE, NUMBER_OPTIONS, (flag, takeValue, inline, options) => {
    if (flag === '--redis') {
      if (inline !== undefined) throw new Error('--redis is a switch; give the server with --redis-url URL');
      options.redis = true;
    } else if (flag === '--redis-url') {
      options.redisUrl = urlOption(flag, takeValue(), ['redis:', 'rediss:']);
      options.redis = true;
    } else {
      return false;
    }
    return true;
  });
}

module.exports = { NUMBER_OPTIONS, USAGE, parseArgs };
