#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:webhooks [-- --runs 5 --publishes 40 --burst 1000 --documents 20 --outage 60
 *                           --database postgres|sqlite --postgres-url URL --output FILE]
 *
 * The change-events plugin's targets (plugins/change-events, docs/webhooks.md), measured against
 * production instances of the app (NODE_ENV=production) with a receiver that verifies every
 * request with the `standardwebhooks` library. Each run starts two instances on a fresh
 * database (PostgreSQL by default: several instances need a shared one) and measures:
 *
 * 1. latency: --publishes case stories published one after the other through the Content Manager
 *    API of instance A; the time from the publish request to the signed webhook's arrival.
 *    Target: p50 ≤ 1 s, p99 ≤ 3 s.
 * 2. tag headers: cached GraphQL answers of two more instances started alike, one with Cache-Tag
 *    and Surrogate-Key (the default), one without (CDN_TAG_HEADERS=none), in four interleaved
 *    rounds of autocannon (3 s each); the ratio of their mean time per answer. Target: ≤ 1.05.
 * 3. burst: --burst drafts scheduled to be published at one moment, published by the schedulers
 *    of both instances; every event must reach the receiver (counted by webhook-id: none lost,
 *    duplicates reported). Target: none lost.
 * 4. outage: the receiver stops answering (connections hang) for --outage seconds while
 *    --documents documents are each published and changed twice on instance A, which is killed
 *    (SIGKILL) with deliveries in flight; instance B must deliver every event after, in order per
 *    document. Target: none lost, order kept.
 *
 * A target is met when it holds in every run; the report gives each figure's spread over the
 * runs. Writes the figures as JSON to bench-results/ (or --output); exits 1 when a target is
 * missed, 2 when the run could not be made.
 */
const crypto = require('crypto');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { ROOT, compile } = require('./lib/app');
const { adminToken, productionEnv, startApp } = require('./lib/server');
const { parseOptions, runDatabase, runScript, scratchRun, writeFigures } = require('./lib/cli');
const { quantile } = require('./lib/figures');
const { WebhookReceiver } = require('./lib/webhook-receiver');

const TARGETS = { latencyP50Ms: 1000, latencyP99Ms: 3000, tagHeaderRatio: 1.05 };
const ADMIN_EMAIL = 'webhook-bench@example.com';
const CASE_STORY = 'api::case-story.case-story';
const CM = `/content-manager/collection-types/${CASE_STORY}`;

const log = (/** @type {string} */ line) => console.log(`[bench:webhooks] ${line}`);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

const USAGE = `npm run bench:webhooks -- [options]
  --runs N                 runs, each on a fresh database with two fresh instances (5)
  --publishes N            publishes timed for the latency (40)
  --burst N                drafts published by the schedulers at one moment (1000)
  --documents N            documents changed three times each during the receiver's outage (20)
  --outage N               seconds the receiver does not answer (60)
  --parts LIST             which parts to run: latency,tags,burst,outage (all)
  --database postgres|sqlite
                           the instances' database (postgres); on SQLite one instance runs the
                           latency and tag-header parts only
  --postgres-url URL       the PostgreSQL server (postgres://postgres@127.0.0.1:5432)
  --output FILE            where the JSON goes (bench-results/webhook-bench-<time>.json)`;

/**
 * @typedef {object} Options
 * @property {number} runs @property {number} publishes @property {number} burst @property {number} documents @property {number} outage
 * @property {'sqlite' | 'postgres'} database @property {string} postgresUrl @property {string} output @property {boolean} help
 * @property {string[]} parts
 */

const PARTS = ['latency', 'tags', 'burst', 'outage'];

/** @param {string[]} argv @returns {Options} */
const parseArgs = (argv) =>
  parseOptions(
    argv,
    { runs: 5, publishes: 40, burst: 1000, documents: 20, outage: 60, database: 'postgres', postgresUrl: 'postgres://postgres@127.0.0.1:5432', output: '', help: false, parts: PARTS },
    USAGE,
    {
      '--runs': { key: 'runs', min: 1 },
      '--publishes': { key: 'publishes', min: 1 },
      '--burst': { key: 'burst', min: 1 },
      '--documents': { key: 'documents', min: 1 },
      '--outage': { key: 'outage', min: 1 },
    },
    (flag, takeValue, _inline, options) => {
      if (flag !== '--parts') return false;
      const parts = (takeValue() ?? '').split(',').map((part) => part.trim());
      const unknown = parts.filter((part) => !PARTS.includes(part));
      if (unknown.length > 0) throw new Error(`--parts takes a list of ${PARTS.join(', ')}, not "${parts.join(',')}"`);
      options.parts = parts;
      return true;
    }
  );

// ---------------------------------------------------------------------------------------------
// The receiver

/**
 * The events the receiver (scripts/lib/webhook-receiver.js) accepted, as this benchmark reads
 * them: arrival times from performance.now().
 * @param {WebhookReceiver} receiver
 */
const events = (receiver) =>
  receiver.accepted().map((entry) => ({ id: entry.id, documentId: entry.body.data.documentId, slug: entry.body.data.locales[0]?.slug ?? null, type: entry.body.type, at: entry.atMonotonic }));

// ---------------------------------------------------------------------------------------------
// The admin's requests

/** @param {string} url @param {string} token */
function adminClient(url, token) {
  return async (/** @type {string} */ method, /** @type {string} */ route, /** @type {unknown} */ body) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
}

/**
 * Runs `work` over `items`, `concurrency` at a time.
 * @template T @param {T[]} items @param {number} concurrency @param {(item: T, index: number) => Promise<void>} work
 */
async function inParallel(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    })
  );
}

/** Waits until `done()` or `timeoutMs`; returns whether it was done. @param {() => boolean} done @param {number} timeoutMs */
async function until(done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The parts of a run

/** @param {ReturnType<typeof adminClient>} admin @param {WebhookReceiver} receiver @param {number} count @param {string} tag */
async function latency(admin, receiver, count, tag) {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const created = await admin('POST', `${CM}?locale=da`, { title: `Forsinkelse ${tag} ${i}`, place: 'Gellerup' });
    const documentId = created.data.documentId;
    const started = performance.now();
    await admin('POST', `${CM}/${documentId}/actions/publish?locale=da`, {});
    const arrived = await until(() => events(receiver).some((event) => event.documentId === documentId), 30000);
    const event = events(receiver).find((candidate) => candidate.documentId === documentId);
    if (!arrived || !event) throw new Error(`the event of publish ${i} did not arrive within 30 s`);
    times.push(event.at - started);
    await sleep(100);
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: quantile(times, 1) };
}

/**
 * The time of one cached answer on `url`: 1 / requests per second, in µs, autocannon for
 * `seconds` with two connections (below saturation on two cores). Requests per second rather
 * than autocannon's latency, which is kept in whole milliseconds: a cached answer takes a
 * fraction of one.
 * @param {string} url @param {number} seconds
 */
async function cachedLatency(url, seconds) {
  const autocannon = require('autocannon');
  const body = JSON.stringify({ query: '{ caseStories(locale: "da", pagination: { pageSize: 10 }) { documentId title slug } }' });
  const result = await autocannon({ url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://site.example' }, body, connections: 2, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`cached answers failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return 1e6 / (result.requests.total / (result.duration || seconds));
}

/** @param {string} tagged @param {string} plain */
async function tagHeaderRatio(tagged, plain) {
  const check = await fetch(`${tagged}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ caseStories(locale: "da", pagination: { pageSize: 10 }) { documentId title slug } }' }),
  });
  if (!check.headers.get('cache-tag')) throw new Error('the tagged instance sends no Cache-Tag');
  await cachedLatency(tagged, 1);
  await cachedLatency(plain, 1);
  const rounds = { tagged: /** @type {number[]} */ ([]), plain: /** @type {number[]} */ ([]) };
  for (let round = 0; round < 4; round += 1) {
    // Interleaved, each first in turn: the machine's drift falls on both.
    for (const which of round % 2 === 0 ? /** @type {const} */ (['tagged', 'plain']) : /** @type {const} */ (['plain', 'tagged']))
      rounds[which].push(await cachedLatency(which === 'tagged' ? tagged : plain, 3));
  }
  const mean = (/** @type {number[]} */ values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    taggedMicroseconds: Math.round(mean(rounds.tagged) * 10) / 10,
    plainMicroseconds: Math.round(mean(rounds.plain) * 10) / 10,
    ratio: Math.round((mean(rounds.tagged) / mean(rounds.plain)) * 1000) / 1000,
  };
}

/** @param {ReturnType<typeof adminClient>} admin @param {WebhookReceiver} receiver @param {number} count */
async function burst(admin, receiver, count) {
  // Drafts scheduled for one moment, far enough ahead for all of them to be saved first.
  const at = new Date(Math.ceil((Date.now() + 30000 + count * 40) / 60000) * 60000);
  const documentIds = /** @type {string[]} */ ([]);
  const started = performance.now();
  await inParallel(Array.from({ length: count }), 8, async (_, i) => {
    const created = await admin('POST', `${CM}?locale=da`, { title: `Planlagt ${i} ${crypto.randomBytes(3).toString('hex')}`, place: 'Vollsmose', publishAt: at.toISOString() });
    documentIds.push(created.data.documentId);
  });
  log(`  burst: ${count} drafts saved in ${Math.round((performance.now() - started) / 1000)} s, scheduled for ${at.toISOString()}`);
  const wanted = new Set(documentIds);
  const of = () => events(receiver).filter((event) => wanted.has(event.documentId));
  const complete = await until(() => new Set(of().map((event) => event.documentId)).size === count, at.getTime() - Date.now() + 15 * 60 * 1000);
  const received = of();
  const ids = new Set(received.map((event) => event.id));
  // The wall-clock time of the last arrival (arrivals are timed with performance.now()).
  const lastAt = Date.now() - (performance.now() - Math.max(...received.map((event) => event.at)));
  return {
    events: count,
    delivered: new Set(received.map((event) => event.documentId)).size,
    lost: count - new Set(received.map((event) => event.documentId)).size,
    duplicates: received.length - ids.size,
    secondsAfterScheduledTime: complete ? Math.round((lastAt - at.getTime()) / 100) / 10 : null,
  };
}

/**
 * @param {ReturnType<typeof adminClient>} admin @param {WebhookReceiver} receiver
 * @param {{ stop(): Promise<void>, pid: number }} victim @param {number} documents @param {number} outageSeconds
 */
async function outage(admin, receiver, victim, documents, outageSeconds) {
  receiver.hanging = true;
  const downSince = Date.now();
  const expected = new Map();
  await inParallel(Array.from({ length: documents }), 4, async (_, i) => {
    const slugs = [1, 2, 3].map((version) => `afbrudt-${i}-v${version}-${crypto.randomBytes(2).toString('hex')}`);
    const created = await admin('POST', `${CM}?locale=da`, { title: `Afbrudt ${i}`, slug: slugs[0], place: 'Odense' });
    const documentId = created.data.documentId;
    await admin('POST', `${CM}/${documentId}/actions/publish?locale=da`, {});
    for (const slug of slugs.slice(1)) {
      await admin('PUT', `${CM}/${documentId}?locale=da`, { slug });
      await admin('POST', `${CM}/${documentId}/actions/publish?locale=da`, {});
    }
    expected.set(documentId, slugs);
  });
  const held = receiver.held.length;
  process.kill(victim.pid, 'SIGKILL');
  log(`  outage: ${documents * 3} events recorded, instance A killed with ${held} deliveries in flight`);
  await sleep(Math.max(0, downSince + outageSeconds * 1000 - Date.now()));
  receiver.answerAgain();
  const upAt = performance.now();
  const of = () => events(receiver).filter((event) => expected.has(event.documentId));
  const complete = await until(() => new Set(of().map((event) => event.id)).size === documents * 3, 10 * 60 * 1000);
  const received = of();
  const firstSeen = new Map();
  for (const event of received) if (!firstSeen.has(event.id)) firstSeen.set(event.id, event);
  const inOrder = [...expected].every(([documentId, slugs]) => {
    const arrived = [...firstSeen.values()].filter((event) => event.documentId === documentId).map((event) => event.slug);
    return JSON.stringify(arrived) === JSON.stringify(slugs);
  });
  return {
    events: documents * 3,
    inFlightAtKill: held,
    delivered: firstSeen.size,
    lost: documents * 3 - firstSeen.size,
    duplicates: received.length - firstSeen.size,
    inOrder,
    secondsToDeliverAfterReceiverBack: complete ? Math.round((Math.max(...received.map((event) => event.at)) - upAt) / 100) / 10 : null,
  };
}

// ---------------------------------------------------------------------------------------------

/** @param {Options} options */
async function run(options) {
  const scratch = scratchRun('webhook-bench', log);
  const { tmp, onCleanup, cleanUp } = scratch;
  const runs = [];
  try {
    await compile();
    for (let index = 1; index <= options.runs; index += 1) {
      log(`run ${index} of ${options.runs} (${options.database}, load average ${os.loadavg()[0].toFixed(2)})`);
      const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
      const receiver = await WebhookReceiver.start(secret);
      const databaseEnv = await runDatabase(options, `webhook_bench_${index}`, scratch, log);
      const adminPassword = `Wb7-${crypto.randomBytes(12).toString('hex')}-Qz`;
      const env = {
        ...productionEnv(tmp),
        ...databaseEnv,
        ADMIN_EMAIL,
        ADMIN_PASSWORD: adminPassword,
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET: secret,
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_BACKOFF_MAX_MS: '15000',
        SCHEDULED_PUBLISHING_RULE: '* * * * * *',
      };
      const a = await startApp(env);
      const stopA = () => a.stop();
      onCleanup(stopA);
      const b = options.database === 'postgres' ? await startApp(env) : null;
      if (b) onCleanup(() => b.stop());
      const admin = adminClient(a.url, await adminToken(a.url, ADMIN_EMAIL, adminPassword));
      const figures = /** @type {Record<string, unknown>} */ ({});
      const part = (/** @type {string} */ name) => options.parts.includes(name);
      // The burst and the tag-header comparison read case stories: a few are published in any case.
      figures.latencyMs = await latency(admin, receiver, part('latency') ? options.publishes : 3, `${index}`);
      if (part('latency')) log(`  latency: ${JSON.stringify(figures.latencyMs)}`);
      else delete figures.latencyMs;
      if (b) {
        if (part('tags')) {
          // Two instances that differ in the tag headers only, and do nothing else.
          const tagged = await startApp(env);
          const plain = await startApp({ ...env, CDN_TAG_HEADERS: 'none' });
          figures.tagHeaders = await tagHeaderRatio(tagged.url, plain.url);
          await tagged.stop();
          await plain.stop();
          log(`  tag headers: ${JSON.stringify(figures.tagHeaders)}`);
        }
        if (part('burst')) {
          figures.burst = await burst(admin, receiver, options.burst);
          log(`  burst: ${JSON.stringify(figures.burst)}`);
        }
        if (part('outage')) {
          figures.outage = await outage(admin, receiver, a, options.documents, options.outage);
          log(`  outage: ${JSON.stringify(figures.outage)}`);
        }
      }
      figures.invalidSignatures = receiver.received.filter((entry) => !entry.verified).length;
      runs.push(figures);
      await b?.stop();
      await a.stop();
      await receiver.stop();
    }
    return { runs };
  } finally {
    await cleanUp();
  }
}

/** @param {Options} options @param {Awaited<ReturnType<typeof run>>} outcome */
function report(options, outcome) {
  const runs = /** @type {any[]} */ (outcome.runs);
  const range = (/** @type {(run: any) => number | null | undefined} */ pick) => {
    const values = runs.map(pick).filter((value) => typeof value === 'number');
    return values.length ? `${Math.min(...values)} – ${Math.max(...values)}` : 'n/a';
  };
  const has = (/** @type {string} */ name) => options.parts.includes(name) && (name === 'latency' || options.database === 'postgres');
  /** @type {Array<[string, boolean, string]>} */
  const checks = [['signatures verified', runs.every((r) => r.invalidSignatures === 0), `${range((r) => r.invalidSignatures)} invalid`]];
  if (has('latency')) {
    checks.push(
      ['publish → signed webhook p50 ≤ 1 s', runs.every((r) => r.latencyMs.p50 <= TARGETS.latencyP50Ms), `p50 ${range((r) => r.latencyMs.p50)} ms`],
      ['publish → signed webhook p99 ≤ 3 s', runs.every((r) => r.latencyMs.p99 <= TARGETS.latencyP99Ms), `p99 ${range((r) => r.latencyMs.p99)} ms`]
    );
  }
  if (has('tags')) {
    checks.push([
      'tag headers add ≤ 5 % to a cached answer',
      runs.every((r) => r.tagHeaders.ratio <= TARGETS.tagHeaderRatio),
      `ratio ${range((r) => r.tagHeaders.ratio)} (time per answer ${range((r) => r.tagHeaders.taggedMicroseconds)} µs with tags, ${range((r) => r.tagHeaders.plainMicroseconds)} µs without)`,
    ]);
  }
  if (has('burst')) {
    checks.push([
      `burst of ${options.burst}, two instances: none lost`,
      runs.every((r) => r.burst.lost === 0),
      `lost ${range((r) => r.burst.lost)}, duplicates ${range((r) => r.burst.duplicates)}, last ${range((r) => r.burst.secondsAfterScheduledTime)} s after the scheduled time`,
    ]);
  }
  if (has('outage')) {
    checks.push([
      `receiver down ${options.outage} s, an instance killed: none lost, in order`,
      runs.every((r) => r.outage.lost === 0 && r.outage.inOrder),
      `lost ${range((r) => r.outage.lost)}, in flight at the kill ${range((r) => r.outage.inFlightAtKill)}, duplicates ${range((r) => r.outage.duplicates)}, all in ${range((r) => r.outage.secondsToDeliverAfterReceiverBack)} s after`,
    ]);
  }
  console.log('');
  console.log(`Webhook benchmark: ${runs.length} runs, ${options.database}, ${os.cpus().length} cores`);
  for (const [name, pass, figures] of checks) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name}: ${figures}`);
  const pass = checks.every(([, ok]) => ok);
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);
  const date = new Date().toISOString();
  writeFigures(options.output || path.join(ROOT, 'bench-results', `webhook-bench-${options.database}-${date.replace(/[:.]/g, '-')}.json`), { date, options, targets: TARGETS, runs, pass }, log);
  return pass;
}

runScript({ name: 'bench:webhooks', usage: USAGE, parseArgs, run, report });
