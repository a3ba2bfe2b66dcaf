// @ts-check
/** Readers: autocannon connections sending the query mix, each answer counted. (npm run loadtest: scripts/loadtest.js) */
const { quantile } = require('../lib/figures');
const { ERROR_KINDS, REQUEST_TIMEOUT_SECONDS, classify } = require('./responses');
/** @typedef {import('./responses').ErrorTally} ErrorTally @typedef {import('./editor').StaleReads} StaleReads */

/**
 * @typedef {object} ReaderTally
 * @property {number} responses
 * @property {Record<string, { requests: number, errors: number, ms: number[] }>} byQuery answers and their times (ms) per query
 * @property {{ hit: number, miss: number, other: number }} cache
 * @property {number} rssPeak the app's largest resident set size seen (bytes)
 */

/** Reader connections are opened this many at a time, RAMP_STEP_MS apart. */
const RAMP_GROUP = 10;
const RAMP_STEP_MS = 1000;

/**
 * Starts the readers: `connections` connections, each sending one request after another until
 * stop(). They are opened RAMP_GROUP at a time, RAMP_STEP_MS apart, and kept for the whole run
 * (warm-up and measurement): a Node server at full load accepts new connections slowly (one per
 * turn of its event loop), so a hundred opened in the same millisecond wait up to seconds for
 * their first answer, which measures the opening, not the app. Each answer is counted in
 * `sink.tally`, which the caller switches between phases.
 * @param {{ url: string, connections: number, next: ReturnType<typeof import('./queries').mixOf>, editedBody: string, sink: { tally: ReaderTally }, errors: ErrorTally, stale: StaleReads | null }} settings
 */
function startReaders({ url, connections, next, editedBody, sink, errors, stale }) {
  const autocannon = require('autocannon');
  /** @type {any[]} */
  const instances = [];
  /** @type {Promise<unknown>[]} */
  const runs = [];
  let stopped = false;
  const open = (/** @type {number} */ count) => {
    /** @type {any} */
    let instance;
    runs.push(
      new Promise((resolve, reject) => {
        instance = autocannon(
          {
            url: `${url}/graphql`,
            connections: count,
            // Until stop(): the caller ends the run.
            duration: 24 * 60 * 60,
            timeout: REQUEST_TIMEOUT_SECONDS,
            requests: [
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                // Called right before each request is written (with one request per connection in flight).
                setupRequest: (/** @type {any} */ request, /** @type {any} */ context) => {
                  const { name, body } = next();
                  context.name = name;
                  context.edited = body === editedBody;
                  context.startedAt = performance.now();
                  return { ...request, body };
                },
                onResponse: (/** @type {number} */ status, /** @type {string} */ body, /** @type {any} */ context, /** @type {Record<string, string | string[]>} */ headers) => {
                  const { tally } = sink;
                  tally.responses += 1;
                  const counts = (tally.byQuery[context.name] ??= { requests: 0, errors: 0, ms: [] });
                  counts.requests += 1;
                  counts.ms.push(performance.now() - context.startedAt);
                  const kind = classify(status, body);
                  if (kind !== 'ok') {
                    counts.errors += 1;
                    errors.add(ERROR_KINDS[kind], `${context.name}: HTTP ${status} ${body}`);
                    return;
                  }
                  const cache = String(Object.entries(headers).find(([header]) => header.toLowerCase() === 'x-cache')?.[1] ?? '');
                  if (cache === 'HIT') tally.cache.hit += 1;
                  else if (cache === 'MISS') tally.cache.miss += 1;
                  else tally.cache.other += 1;
                  if (stale && context.edited) stale.check('readers', context.startedAt, body);
                },
              },
            ],
          },
          (/** @type {Error | null} */ error, /** @type {any} */ result) => (error ? reject(error) : resolve(result))
        );
        // Requests without an answer: autocannon's timeout (it then reconnects) or a connection error.
        instance.on('reqError', (/** @type {Error} */ error) => {
          if (error.message === 'request timed out') errors.add('timeout', `readers: no answer within ${REQUEST_TIMEOUT_SECONDS} s`);
          else errors.add('socket', error.message);
        });
      })
    );
    instances.push(instance);
  };
  const ramp = (async () => {
    for (let opened = 0; opened < connections && !stopped; opened += RAMP_GROUP) {
      if (opened > 0) await new Promise((resolve) => setTimeout(resolve, RAMP_STEP_MS));
      if (!stopped) open(Math.min(RAMP_GROUP, connections - opened));
    }
  })();
  return {
    /** Stops every connection; resolves when all have ended. */
    stop: async () => {
      stopped = true;
      await ramp;
      for (const instance of instances) instance.stop();
      await Promise.all(runs);
    },
  };
}

/** Latency of the answers in a tally, over all queries (whole ms). @param {ReaderTally} tally */
function latencyOf(tally) {
  const ms = Object.values(tally.byQuery).flatMap((counts) => counts.ms);
  return {
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    average: ms.length ? Math.round(ms.reduce((sum, value) => sum + value, 0) / ms.length) : 0,
    max: quantile(ms, 1),
  };
}

module.exports = { RAMP_GROUP, RAMP_STEP_MS, latencyOf, startReaders };
