#!/usr/bin/env node
// @ts-check
/**
 * npm run loadtest [-- --duration 60 --connections 100 --publish-every 3 --warmup 30 --scale 300
 *                     --database sqlite|postgres --postgres-url URL --redis --redis-url URL --output FILE]
 *
 * Starts a production instance of the app (NODE_ENV=production, RATE_LIMIT=false) on a temporary
 * database (SQLite, or a fresh PostgreSQL database that is dropped afterwards) holding the demo
 * content and the benchmark's generated dataset, optionally with the response cache in Redis under
 * a key prefix of its own, and puts it under load on loopback for --duration seconds:
 *
 * - Readers: autocannon with --connections connections (opened ten at a time, a second apart, and
 *   kept for the whole run), each sending a random mix of the anonymous
 *   GraphQL queries web teams send (case story lists, case story pages, partnerships, the press
 *   room, press releases, the municipality map and a municipality's content, search) with varied
 *   variables, so that both cache hits and misses happen. Every response body is checked.
 * - An editor: every --publish-every seconds the instance's super admin gives a published case
 *   story a new title (with a counter) and publishes it through the Content Manager API.
 * - A checker: that story's page query, the request readers send too, sent again and again. A
 *   response to a request that started after a publish returned and still shows an older title is
 *   a stale read; the readers' own responses to that request are checked the same way.
 *
 * - A connection probe: every half second a new connection asks for /_health, and the listening
 *   socket's accept queue is sampled (`ss`), so that a connection the app has not accepted is told
 *   apart from a slow answer.
 *
 * It prints requests/s, p50/p99 latency, errors by kind, the new connections' wait and the accept
 * queue, the app's event-loop delay, publishes with save and publish times, stale reads, the app's
 * memory after the warm-up and at the end, and PASS/FAIL against the targets (no errors, no stale
 * reads, RSS growth below 15%, save and publish p99 at most 2 s, event-loop delay p99 at most
 * 100 ms), writes the figures as JSON to bench-results/ (or --output) and exits with 1 when a
 * target is missed, 2 when the run could not be made.
 *
 * This file runs the test and reports; its parts are in scripts/loadtest/: options, the readers'
 * queries, responses and errors, the editor (stale reads, checkers, connection probe), the readers,
 * and the instance (memory, Redis, GraphQL requests).
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { ROOT, appApi, compile } = require('./lib/app');
const { generateDataset } = require('./lib/dataset');
const { adminToken, productionEnv, startApp } = require('./lib/server');
const { runDatabase, runScript, scratchRun, writeFigures } = require('./lib/cli');
const { quantile, spread } = require('./lib/figures');
const { USAGE, parseArgs } = require('./loadtest/options');
const { CASE_STORY_PAGE, FALLBACK, mixOf, readerQueries } = require('./loadtest/queries');
const { ErrorTally } = require('./loadtest/responses');
const { StaleReads, Versions, startChecker, startConnectionProbe, startEditor } = require('./loadtest/editor');
const { RAMP_GROUP, RAMP_STEP_MS, latencyOf, startReaders } = require('./loadtest/readers');
const { appMemory, graphql, mb, percent, removeRedisKeys, rssOf } = require('./loadtest/instance');

const TARGET_MEMORY_GROWTH_PERCENT = 15;
/** The slowest save and the slowest publish of the editor (p99), under the readers' load. */
const TARGET_EDITOR_P99_MS = 2000;
/** How long the app's event loop keeps a callback (an accept, a socket read) waiting, p99. */
const TARGET_LOOP_DELAY_P99_MS = 100;
const PROGRESS_EVERY_MS = 5000;
const ADMIN_EMAIL = 'loadtest-editor@example.com';

const log = (/** @type {string} */ line) => console.log(`[loadtest] ${line}`);

/** @param {import('./loadtest/options').Options} options */
async function run(options) {
  /** @type {(() => void) | null} */
  let stopReaders = null;
  const scratch = scratchRun('loadtest', log, () => stopReaders?.());
  const { tmp, onCleanup, cleanUp } = scratch;
  const adminPassword = `Lt7-${crypto.randomBytes(12).toString('hex')}-Qz`;
  const redisPrefix = `lpc:loadtest:${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}:`;

  try {
    const databaseEnv = await runDatabase(options, 'loadtest', scratch, log);
    if (options.redis) onCleanup(() => removeRedisKeys(options.redisUrl, redisPrefix));
    const env = {
      ...productionEnv(tmp),
      ...databaseEnv,
      ADMIN_EMAIL: ADMIN_EMAIL,
      ADMIN_PASSWORD: adminPassword,
      REDIS_URL: options.redis ? options.redisUrl : '',
      GRAPHQL_CACHE_REDIS_PREFIX: redisPrefix,
    };
    Object.assign(process.env, env);

    const cache = (process.env.GRAPHQL_CACHE ?? 'true').trim().toLowerCase() === 'false' ? 'off' : options.redis ? `Redis (${options.redisUrl}, prefix ${redisPrefix})` : 'in memory';
    log(`${options.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}, response cache ${cache}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`);
    const appContext = await compile();
    await generateDataset(appContext, options.scale, log);

    log('starting the app (NODE_ENV=production)');
    const app = await startApp(env, { gc: true });
    onCleanup(() => app.stop());
    /** @type {Error | null} */
    let appExit = null;
    app.onExit((code) => {
      appExit = new Error(`The app process ended during the load test (exit code ${code})`);
      stopReaders?.();
    });
    log(`app listening on ${app.url} (pid ${app.pid})`);

    // The edited story: the second demo case story (Vollsmose), as readers ask for it in Danish.
    const editedSlug = appApi().caseStories[1].slug.da;
    const editedVariables = { slug: editedSlug, locale: 'da', fallback: FALLBACK.filter((code) => code !== 'da') };
    const editedBody = JSON.stringify({ query: CASE_STORY_PAGE, variables: editedVariables });
    const story = (await graphql(app.url, editedBody)).caseStoryBySlug;
    if (!story) throw new Error(`The demo case story ${editedSlug} is not published on the instance`);
    const municipalityCodes = JSON.parse(fs.readFileSync(path.join(ROOT, 'database', 'seed-data', 'municipalities.json'), 'utf8')).map((/** @type {{ code: string }} */ row) => row.code);
    const queries = readerQueries({ scale: options.scale, municipalityCodes, editedStory: { slug: editedSlug, variables: editedVariables } });
    const next = mixOf(queries);

    // Each query once before the load: a query the schema refuses fails here, with its message.
    for (const query of queries) {
      const variables = query.variables();
      await graphql(app.url, JSON.stringify({ query: query.query, variables }));
    }
    log(`the ${queries.length} reader queries answer: ${queries.map((query) => `${query.name} ${query.weight}%`).join(', ')}`);
    const token = await adminToken(app.url, ADMIN_EMAIL, adminPassword);

    const errors = new ErrorTally();
    /** @returns {import('./loadtest/readers').ReaderTally} */
    const newTally = () => ({ responses: 0, byQuery: {}, cache: { hit: 0, miss: 0, other: 0 }, rssPeak: 0 });
    const loadAverage = { start: os.loadavg()[0], end: 0 };

    /**
     * Waits `seconds` of a phase with a progress line every few seconds and the app's RSS sampled
     * every second (it swings with the requests in flight) into the tally of the phase.
     * @param {string} phase @param {number} seconds @param {{ tally: import('./loadtest/readers').ReaderTally }} sink @param {() => string} extra
     */
    const phaseWithProgress = async (phase, seconds, sink, extra) => {
      const { tally } = sink;
      const started = Date.now();
      let lastCount = 0;
      let lastTime = started;
      const sampler = setInterval(() => {
        const rss = rssOf(app.pid);
        if (rss !== null) tally.rssPeak = Math.max(tally.rssPeak, rss);
      }, 1000);
      const progress = setInterval(async () => {
        const now = Date.now();
        const rate = Math.round(((tally.responses - lastCount) * 1000) / (now - lastTime));
        lastCount = tally.responses;
        lastTime = now;
        const rss = rssOf(app.pid); // without a collection: that would pause the app under load
        const loop = await app.loopDelay().catch(() => null);
        log(
          `${phase} ${Math.round((now - started) / 1000)}/${seconds} s: ${tally.responses} responses (${rate}/s), errors ${errors.total()}` +
            `${extra()}${loop ? `, event-loop delay p99 ${loop.p99} ms (max ${loop.max})` : ''}${rss ? `, app RSS ${mb(rss)} MB` : ''}`
        );
      }, PROGRESS_EVERY_MS);
      try {
        // An app that ends the run ends the wait too.
        const end = Date.now() + seconds * 1000;
        while (Date.now() < end && !appExit) await new Promise((resolve) => setTimeout(resolve, Math.min(200, end - Date.now())));
      } finally {
        clearInterval(sampler);
        clearInterval(progress);
      }
    };

    // The editor and the checker run from the warm-up on, so the memory after the warm-up is that of
    // the whole workload; stale reads and errors count in the warm-up too, the readers' figures not.
    const versions = new Versions(story.title);
    const stale = new StaleReads(versions, errors);
    const editor = startEditor({ url: app.url, token, documentId: story.documentId, originalTitle: story.title, everyMs: options.publishEvery * 1000, versions, errors });
    const checker = startChecker({ url: app.url, body: editedBody, stale, errors });
    const status = () => `, publishes ${versions.published.length}, stale reads ${stale.total()} of ${stale.checks.checker + stale.checks.readers} checks`;
    /** @type {{ seconds: number, requests: number, errors: number, publishes: number, connections?: ReturnType<ReturnType<typeof startConnectionProbe>['take']> }} */
    const warmup = { seconds: options.warmup, requests: 0, errors: 0, publishes: 0 };
    const tally = newTally();
    // The phase the readers' answers count in: the warm-up's, the measured one's, then none.
    const sink = { tally: newTally() };
    let result;
    let memoryStart;
    let memoryEnd;
    const readers = startReaders({ url: app.url, connections: options.connections, next, editedBody, sink, errors, stale });
    const connectionProbe = startConnectionProbe({ url: app.url, errors });
    stopReaders = () => void readers.stop();
    let connections;
    let loopDelay;
    let database;
    try {
      log(
        `load: ${options.connections} connections (opened ${RAMP_GROUP} at a time, ${RAMP_STEP_MS} ms apart), a publish every ${options.publishEvery} s; ` +
          `${options.warmup} s of warm-up, then ${options.duration} s measured`
      );
      if (options.warmup > 0) {
        await phaseWithProgress('warm-up', options.warmup, sink, status);
        Object.assign(warmup, { requests: sink.tally.responses, errors: errors.total(), publishes: versions.published.length });
      }
      if (appExit) throw appExit;
      // Both memory figures are taken with the readers running.
      memoryStart = await appMemory(app);
      log(`app memory after the warm-up: RSS ${memoryStart.rssMb} MB, heap ${memoryStart.heapUsedMb} MB`);
      sink.tally = tally;
      warmup.connections = connectionProbe.take();
      await app.resetLoopDelay();
      const measuredFrom = performance.now();
      await phaseWithProgress('load', options.duration, sink, status);
      const measuredSeconds = (performance.now() - measuredFrom) / 1000;
      sink.tally = newTally();
      connections = connectionProbe.take();
      loopDelay = await app.loopDelay();
      database = await app.databaseConnections();
      if (appExit) throw appExit;
      memoryEnd = await appMemory(app);
      result = { requests: { total: tally.responses, average: tally.responses / measuredSeconds }, latency: latencyOf(tally) };
    } finally {
      await Promise.all([readers.stop(), editor.stop(), checker.stop(), connectionProbe.stop()]);
      stopReaders = null;
    }
    loadAverage.end = os.loadavg()[0];
    // Where the instance kept its data (removed by now), so that a caller can check nothing is left.
    const instance = { database: databaseEnv.DATABASE_NAME ?? databaseEnv.DATABASE_FILENAME, redisPrefix: options.redis ? redisPrefix : null };
    return { result, tally, errors, stale, versions, warmup, memoryStart, memoryEnd, loadAverage, instance, editorAttempts: editor.attempts(), connections, loopDelay, database };
  } finally {
    await cleanUp();
  }
}

/** @param {import('./loadtest/options').Options} options @param {Awaited<ReturnType<typeof run>>} outcome */
function report(options, outcome) {
  const { result, tally, errors, stale, versions, warmup, memoryStart, memoryEnd, loadAverage, instance, editorAttempts, connections, loopDelay, database } = outcome;
  const growth = percent(memoryStart.rssMb, memoryEnd.rssMb);
  const timesOf = (/** @type {'saveMs' | 'publishMs'} */ step) => {
    const ms = versions.published.map((version) => version[step]);
    return ms.length ? spread(ms) : null;
  };
  const editorP99 = Math.max(timesOf('saveMs')?.p99 ?? Infinity, timesOf('publishMs')?.p99 ?? Infinity);
  const targets = {
    errors: { target: 0, measured: errors.total(), pass: errors.total() === 0 },
    staleReads: { target: 0, measured: stale.total(), pass: stale.total() === 0 },
    memoryGrowthPercent: { target: `< ${TARGET_MEMORY_GROWTH_PERCENT}`, measured: growth, pass: growth < TARGET_MEMORY_GROWTH_PERCENT },
    editorP99Ms: { target: `<= ${TARGET_EDITOR_P99_MS}`, measured: editorP99, pass: editorP99 <= TARGET_EDITOR_P99_MS },
    eventLoopDelayP99Ms: { target: `<= ${TARGET_LOOP_DELAY_P99_MS}`, measured: loopDelay.p99, pass: loopDelay.p99 <= TARGET_LOOP_DELAY_P99_MS },
    // Without publishes and checks there is nothing to find stale: a run that made none does not pass.
    publishes: { target: '> 0', measured: versions.published.length, pass: versions.published.length > 0 && stale.checks.checker > 0 },
  };
  const pass = Object.values(targets).every((target) => target.pass);
  const figures = {
    date: new Date().toISOString(),
    options: {
      duration: options.duration,
      connections: options.connections,
      publishEvery: options.publishEvery,
      warmup: options.warmup,
      scale: options.scale,
      database: options.database,
      redis: options.redis,
    },
    instance,
    machine: { cores: os.cpus().length, node: process.version, loadAverageStart: loadAverage.start, loadAverageEnd: loadAverage.end },
    readers: {
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
      byQuery: Object.fromEntries(
        Object.entries(tally.byQuery).map(([query, counts]) => [query, { requests: counts.requests, errors: counts.errors, p50: quantile(counts.ms, 0.5), p99: quantile(counts.ms, 0.99) }])
      ),
      cache: tally.cache,
    },
    connections,
    eventLoopDelayMs: loopDelay,
    databaseConnections: database,
    warmup,
    errors: { total: errors.total(), ...errors.byKind, examples: errors.examples },
    editor: {
      publishes: versions.published.length,
      attempts: editorAttempts,
      saveMs: timesOf('saveMs'),
      publishMs: timesOf('publishMs'),
    },
    staleReads: { total: stale.total(), byChecker: stale.stale.checker, byReaders: stale.stale.readers, checks: stale.checks, examples: stale.examples },
    memory: { start: memoryStart, end: memoryEnd, rssPeakMb: mb(tally.rssPeak), rssGrowthPercent: growth, heapGrowthPercent: percent(memoryStart.heapUsedMb, memoryEnd.heapUsedMb) },
    targets,
    pass,
  };

  const verdict = (/** @type {boolean} */ ok) => (ok ? 'PASS' : 'FAIL');
  console.log('');
  console.log(
    `Load test: ${options.duration} s, ${options.connections} connections, ${options.database}${options.redis ? ' + Redis' : ''}, scale ${options.scale}, load average ${loadAverage.start.toFixed(2)} → ${loadAverage.end.toFixed(2)}`
  );
  console.log(`  requests      ${figures.readers.requests} (${figures.readers.requestsPerSecond}/s), cache ${tally.cache.hit} hits / ${tally.cache.miss} misses`);
  console.log(`  latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.table(Object.entries(figures.readers.byQuery).map(([query, counts]) => ({ query, ...counts })));
  const waits = connections.newConnectionMs;
  console.log(
    `  new connection  answered (/_health) p50 ${waits.p50} ms, p99 ${waits.p99} ms, max ${waits.max} ms in ${waits.probes} probes; ` +
      `accept queue ${connections.acceptQueue ? `mean ${connections.acceptQueue.mean}, max ${connections.acceptQueue.max}` : 'not sampled (no `ss`)'}`
  );
  console.log(`  event loop    delay p50 ${loopDelay.p50} ms, p99 ${loopDelay.p99} ms, max ${loopDelay.max} ms (mean ${loopDelay.mean} ms)`);
  const { waitMs, heldMs } = database;
  console.log(
    `  database      ${waitMs.count} connections taken: waited p50 ${waitMs.p50} / p99 ${waitMs.p99} / max ${waitMs.max} ms (turns and pool), ` +
      `held p50 ${heldMs.p50} / p99 ${heldMs.p99} / max ${heldMs.max} ms (a statement or a transaction)`
  );
  const kinds = Object.entries(errors.byKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`);
  console.log(`  errors        ${errors.total()}${kinds.length ? ` (${kinds.join(', ')})` : ''}${warmup.errors ? `, ${warmup.errors} of them during the warm-up` : ''}`);
  for (const example of errors.examples) console.log(`                ${example}`);
  const { saveMs, publishMs } = figures.editor;
  console.log(
    `  publishes     ${versions.published.length} of ${editorAttempts} attempts (${warmup.publishes} during the warm-up)` +
      `${saveMs && publishMs ? `; save p50 ${saveMs.p50} / p99 ${saveMs.p99} ms, publish p50 ${publishMs.p50} / p99 ${publishMs.p99} ms` : ''}`
  );
  console.log(`  stale reads   ${stale.total()} (checker ${stale.stale.checker} of ${stale.checks.checker} checks, readers ${stale.stale.readers} of ${stale.checks.readers})`);
  for (const example of stale.examples) console.log(`                ${example.by}: version ${example.shown} shown, ${example.expected} published ${example.msAfterPublish} ms before the request`);
  console.log(
    `  memory (RSS)  ${memoryStart.rssMb} MB → ${memoryEnd.rssMb} MB (${growth >= 0 ? '+' : ''}${growth}%), peak ${mb(tally.rssPeak)} MB; ` +
      `after a full GC: heap ${memoryStart.heapUsedMb} MB → ${memoryEnd.heapUsedMb} MB, external ${memoryStart.externalMb} MB → ${memoryEnd.externalMb} MB`
  );
  console.log('');
  console.log(`  ${verdict(targets.errors.pass)}  errors: ${errors.total()} (target 0)`);
  console.log(`  ${verdict(targets.staleReads.pass)}  stale reads: ${stale.total()} (target 0)`);
  console.log(`  ${verdict(targets.memoryGrowthPercent.pass)}  memory growth: ${growth}% (target < ${TARGET_MEMORY_GROWTH_PERCENT}%)`);
  console.log(`  ${verdict(targets.editorP99Ms.pass)}  save and publish p99: ${editorP99} ms (target <= ${TARGET_EDITOR_P99_MS} ms)`);
  console.log(`  ${verdict(targets.eventLoopDelayP99Ms.pass)}  event-loop delay p99: ${loopDelay.p99} ms (target <= ${TARGET_LOOP_DELAY_P99_MS} ms)`);
  console.log(`  ${verdict(targets.publishes.pass)}  publishes: ${versions.published.length}, checks: ${stale.checks.checker} (both needed to find stale reads)`);
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);

  const out = options.output || path.join(ROOT, 'bench-results', `loadtest-${options.database}${options.redis ? '-redis' : ''}-${figures.date.replace(/[:.]/g, '-')}.json`);
  writeFigures(out, figures, log);
  return pass;
}

runScript({ name: 'loadtest', usage: USAGE, parseArgs, run, report });
