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
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { ROOT, compile } = require('./lib/app');
const { TOPICS, datasetSize, datasetSlugs, generateDataset } = require('./lib/dataset');
const { adminToken, productionEnv, startApp } = require('./lib/server');
const { parseOptions, runDatabase, runScript, scratchRun, urlOption, writeFigures } = require('./lib/cli');
const { quantile, spread } = require('./lib/figures');

const TARGET_MEMORY_GROWTH_PERCENT = 15;
/** The slowest save and the slowest publish of the editor (p99), under the readers' load. */
const TARGET_EDITOR_P99_MS = 2000;
/** How long the app's event loop keeps a callback (an accept, a socket read) waiting, p99. */
const TARGET_LOOP_DELAY_P99_MS = 100;
const PROGRESS_EVERY_MS = 5000;
const REQUEST_TIMEOUT_SECONDS = 10;
/** An editor's save or publish: the admin waits longer than a reader would. */
const EDITOR_TIMEOUT_SECONDS = 60;
/** Checker loops querying the edited story at the same time. */
const CHECKERS = 2;
const ADMIN_EMAIL = 'loadtest-editor@example.com';

const log = (/** @type {string} */ line) => console.log(`[loadtest] ${line}`);

// ---------------------------------------------------------------------------------------------
// Options

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

// ---------------------------------------------------------------------------------------------
// The readers' queries

/** @template T @param {readonly T[]} list @returns {T} */
const anyOf = (list) => list[Math.floor(Math.random() * list.length)];
/** Mostly one of the first 50 (popular pages, cache hits), sometimes any of `count` (misses). @param {number} count */
const popular = (count) => Math.floor(Math.random() * (Math.random() < 0.8 ? Math.min(count, 50) : count));

/** The reference site's languages: `ar` has no generated documents and is served along the chain. */
const READER_LOCALES = ['da', 'en', 'ar'];
const FALLBACK = ['da', 'en'];
const localeVariables = () => {
  const locale = anyOf(READER_LOCALES);
  return { locale, fallback: FALLBACK.filter((code) => code !== locale) };
};
/** A generated document's slug in the language of the chain it exists in. @param {(locale: string, i: number) => string} slug @param {number} count */
const slugVariables = (slug, count) => {
  const variables = localeVariables();
  return { ...variables, slug: slug(variables.locale === 'en' ? 'en' : 'da', popular(count)) };
};

const CASE_STORY_PAGE = `query CaseStory($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  caseStoryBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    documentId title summary locale availableLocales place body lessonsLearned
    heroImage { url alternativeText width height }
    municipality { name code }
    quotes { text author role }
    outcomes { value label source }
    partnership { title slug partners { name website } }
    organisations { name website }
    focusAreas { title slug }
  }
}`;

/**
 * @typedef {object} ReaderQuery
 * @property {string} name
 * @property {number} weight share of the readers' requests, in %
 * @property {string} query
 * @property {() => Record<string, unknown>} variables
 */

/**
 * The mix, in the shapes of README.md, docs/graphql.md and the reference site.
 * @param {{ scale: number, municipalityCodes: string[], editedStory: { slug: string, variables: Record<string, unknown> } }} context
 * @returns {ReaderQuery[]}
 */
function readerQueries({ scale, municipalityCodes, editedStory }) {
  const size = datasetSize(scale);
  const pages = (/** @type {number} */ count, /** @type {number} */ pageSize) => Math.max(1, Math.ceil(count / pageSize));
  return [
    {
      name: 'case story list',
      weight: 20,
      query: `query CaseStories($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  caseStories(locale: $locale, fallbackLocales: $fallback, sort: "title", pagination: { page: $page, pageSize: 25 }) {
    documentId title slug summary locale place
    municipality { name code } partnership { title status partners { name kind } } focusAreas { title } organisations { name } heroImage { url alternativeText }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.caseStories, 25)) }),
    },
    {
      name: 'case story page',
      weight: 25,
      query: CASE_STORY_PAGE,
      // One in five is the story the editor publishes: the request the checker sends.
      variables: () => (Math.random() < 0.2 ? editedStory.variables : slugVariables(datasetSlugs.caseStory, size.caseStories)),
    },
    {
      name: 'partnerships',
      weight: 10,
      query: `query Partnerships($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  partnerships(locale: $locale, fallbackLocales: $fallback, filters: { partnershipStatus: { eq: "active" } }, sort: "title", pagination: { page: $page, pageSize: 25 }) {
    slug title summary locale status level municipality { name } partners { name kind } focusAreas { title } activities { title description kind }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.partnerships, 25)) }),
    },
    {
      name: 'partnership page',
      weight: 5,
      query: `query PartnershipPage($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  partnershipBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    documentId title slug locale availableLocales summary description status level startDate endDate
    municipality { name code region } partners { name kind website } focusAreas { title slug }
    activities { title description kind } contacts { name jobTitle email phone }
    caseStories { title slug } seo { metaTitle metaDescription noIndex }
  }
}`,
      variables: () => slugVariables(datasetSlugs.partnership, size.partnerships),
    },
    {
      name: 'press room',
      weight: 10,
      query: `query PressRoom($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  pressReleases(locale: $locale, fallbackLocales: $fallback, sort: "releaseDate:desc", pagination: { page: $page, pageSize: 10 }) {
    title slug lead releaseDate locale
    contacts { name jobTitle phone email organisation { name } }
    relatedLinks { label url }
    organisations { name }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.pressReleases, 10)) }),
    },
    {
      name: 'press release page',
      weight: 10,
      query: `query PressRelease($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  pressReleaseBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    title lead body releaseDate locale
    contacts { name jobTitle email phone organisation { name } }
    relatedLinks { label url }
  }
}`,
      variables: () => slugVariables(datasetSlugs.pressRelease, size.pressReleases),
    },
    {
      name: 'municipality map',
      weight: 10,
      query: `query Danmarkskort {
  municipalityMap { code name region latitude longitude hasIntegrationCouncil integrationCouncilUrl partnershipCount caseStoryCount }
}`,
      variables: () => ({}),
    },
    {
      name: 'municipality content',
      weight: 5,
      query: `query Municipality($code: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  caseStories(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") { slug title locale }
  partnerships(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") { slug title locale }
}`,
      variables: () => ({ ...localeVariables(), code: anyOf(municipalityCodes) }),
    },
    {
      name: 'search',
      weight: 5,
      query: `query Search($q: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  search(query: $q, locale: $locale, fallbackLocales: $fallback, pagination: { pageSize: 20 }) {
    hits { type documentId slug title locale snippet score }
    pageInfo { total }
  }
}`,
      variables: () => ({ ...localeVariables(), q: anyOf(TOPICS) }),
    },
  ];
}

/** @param {ReaderQuery[]} queries @returns {() => { name: string, body: string, variables: Record<string, unknown> }} */
function mixOf(queries) {
  const total = queries.reduce((sum, query) => sum + query.weight, 0);
  return () => {
    let ticket = Math.random() * total;
    const query = queries.find((candidate) => (ticket -= candidate.weight) < 0) ?? queries[queries.length - 1];
    const variables = query.variables();
    return { name: query.name, variables, body: JSON.stringify({ query: query.query, variables }) };
  };
}

// ---------------------------------------------------------------------------------------------
// Responses and errors

/**
 * What a response is: `ok`, or the kind of error. A 2xx body must be a JSON object; one that
 * holds a top-level "errors" member is a GraphQL error. Only a body in which the characters
 * `"errors"` occur can hold that member (inside a JSON string they would be escaped), so only
 * such bodies are parsed: every body is checked without parsing every list.
 * @param {number} status @param {string} body @returns {'ok' | 'non2xx' | 'graphql' | 'invalid'}
 */
function classify(status, body) {
  if (status < 200 || status > 299) return 'non2xx';
  const text = body.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return 'invalid';
  if (!text.includes('"errors"')) return 'ok';
  try {
    const parsed = JSON.parse(text);
    return parsed.errors ? 'graphql' : 'ok';
  } catch {
    return 'invalid';
  }
}

/** The error kind of each outcome of classify() but `ok`. */
const ERROR_KINDS = { non2xx: 'non2xx', graphql: 'graphql', invalid: 'invalidBody' };

/** Error counts by kind, with the first few examples. */
class ErrorTally {
  constructor() {
    /** @type {Record<string, number>} */
    this.byKind = { non2xx: 0, timeout: 0, socket: 0, graphql: 0, invalidBody: 0, editor: 0 };
    /** @type {string[]} */
    this.examples = [];
  }
  /** Counts an error of `kind`, keeping the first three examples of each kind. @param {string} kind @param {string} example */
  add(kind, example) {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if (this.byKind[kind] <= 3) this.examples.push(`${kind}: ${example.slice(0, 300)}`);
  }
  total() {
    return Object.values(this.byKind).reduce((sum, count) => sum + count, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// The editor and stale reads

/**
 * The editor's publishes, in order: each title's counter, and when each publish returned.
 * `latestBefore(t)` is the newest version whose publish had returned by `t`: any answer to a
 * request started at `t` must show that version or a newer one.
 */
class Versions {
  /** @param {string} originalTitle */
  constructor(originalTitle) {
    /** @type {Map<string, number>} */
    this.numbers = new Map([[originalTitle, 0]]);
    /** @type {Array<{ n: number, title: string, returnedAt: number, saveMs: number, publishMs: number }>} */
    this.published = [];
  }
  /** @param {number} time a performance.now() */
  latestBefore(time) {
    for (let i = this.published.length - 1; i >= 0; i -= 1) {
      if (this.published[i].returnedAt <= time) return this.published[i].n;
    }
    return 0;
  }
}

/** Counts stale reads of the edited story: answers older than the last publish that returned before the request started. */
class StaleReads {
  /** @param {Versions} versions @param {ErrorTally} errors */
  constructor(versions, errors) {
    this.versions = versions;
    this.errors = errors;
    this.checks = { checker: 0, readers: 0 };
    this.stale = { checker: 0, readers: 0 };
    /** @type {Array<{ by: string, shown: number, expected: number, msAfterPublish: number }>} */
    this.examples = [];
  }
  /** @param {'checker' | 'readers'} by @param {number} startedAt @param {string} body */
  check(by, startedAt, body) {
    let title;
    try {
      title = JSON.parse(body).data?.caseStoryBySlug?.title;
    } catch {
      return; // counted by classify()
    }
    const shown = this.versions.numbers.get(title);
    if (shown === undefined) {
      this.errors.add('invalidBody', `${by}: the edited story came back with a title the editor never gave it: ${JSON.stringify(title)}`);
      return;
    }
    this.checks[by] += 1;
    const expected = this.versions.latestBefore(startedAt);
    if (shown < expected) {
      this.stale[by] += 1;
      const returnedAt = this.versions.published.find((version) => version.n === expected)?.returnedAt ?? startedAt;
      if (this.examples.length < 10) this.examples.push({ by, shown, expected, msAfterPublish: Math.round(startedAt - returnedAt) });
    }
  }
  total() {
    return this.stale.checker + this.stale.readers;
  }
}

/**
 * Every `everyMs` (from the start of one publish to the next, or at once when a publish took
 * longer), saves a new Danish title with a counter and publishes it, as an editor in the admin does.
 * @param {{ url: string, token: string, documentId: string, originalTitle: string, everyMs: number, versions: Versions, errors: ErrorTally }} settings
 */
function startEditor({ url, token, documentId, originalTitle, everyMs, versions, errors }) {
  const base = `${url}/content-manager/collection-types/api::case-story.case-story/${documentId}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  /** The request under way, aborted by stop(): the run ends without waiting for a slow save. */
  let current = new AbortController();
  /** @param {string} method @param {string} target @param {unknown} body */
  const send = async (method, target, body) => {
    current = new AbortController();
    const timer = setTimeout(() => current.abort(new Error(`${method} ${target.replace(url, '')}: no answer within ${EDITOR_TIMEOUT_SECONDS} s`)), EDITOR_TIMEOUT_SECONDS * 1000);
    try {
      const response = await fetch(target, { method, headers, body: JSON.stringify(body), signal: current.signal });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${method} ${target.replace(url, '')}: HTTP ${response.status} ${text.slice(0, 200)}`);
    } finally {
      clearTimeout(timer);
    }
  };
  let stopped = false;
  let attempts = 0;
  /** Ends the wait for the next publish early, on stop(). */
  let wake = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      attempts += 1;
      const n = attempts;
      const title = `${originalTitle} (${n})`;
      versions.numbers.set(title, n); // before the save: a reader may see it before the publish returns
      try {
        await send('PUT', `${base}?locale=da`, { title });
        const saved = performance.now();
        await send('POST', `${base}/actions/publish?locale=da`, {});
        const returnedAt = performance.now();
        versions.published.push({ n, title, returnedAt, saveMs: saved - started, publishMs: returnedAt - saved });
      } catch (error) {
        if (!stopped) errors.add('editor', /** @type {Error} */ (error).message);
      }
      const wait = started + everyMs - performance.now();
      if (wait > 0 && !stopped) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve(undefined);
          };
        });
      }
    }
  })();
  return {
    attempts: () => attempts,
    /** Stops, abandoning a save or publish under way (its version does not count). */
    stop: async () => {
      stopped = true;
      wake();
      current.abort(new Error('the run is over'));
      await loop;
    },
  };
}

/**
 * Sends the edited story's page query (the readers' request) again and again in `CHECKERS` loops,
 * checking each answer for errors and stale titles.
 * @param {{ url: string, body: string, stale: StaleReads, errors: ErrorTally }} settings
 */
function startChecker({ url, body, stale, errors }) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const startedAt = performance.now();
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
        });
        const text = await response.text();
        const kind = classify(response.status, text);
        if (kind === 'ok') stale.check('checker', startedAt, text);
        else errors.add(ERROR_KINDS[kind], `checker: HTTP ${response.status} ${text}`);
      } catch (error) {
        const timedOut = /** @type {Error} */ (error).name === 'TimeoutError';
        errors.add(timedOut ? 'timeout' : 'socket', `checker: ${timedOut ? `no answer within ${REQUEST_TIMEOUT_SECONDS} s` : /** @type {Error} */ (error).message}`);
      }
    }
  };
  const loops = Array.from({ length: CHECKERS }, loop);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** A new connection is probed this often. */
const PROBE_EVERY_MS = 500;
/** The listening socket's accept queue is sampled this often. */
const ACCEPT_QUEUE_EVERY_MS = 250;

/**
 * Tells an unaccepted connection from a slow answer. Every PROBE_EVERY_MS a new connection (no
 * keep-alive) asks for /_health, which reads nothing: the time to its answer is the time a new
 * connection waits to be accepted and read, plus a few milliseconds of the app's. Every
 * ACCEPT_QUEUE_EVERY_MS the listening socket's accept queue (connections the kernel completed and
 * the app has not accepted: `ss`'s Recv-Q of the LISTEN socket) is sampled.
 * @param {{ url: string, errors: ErrorTally }} settings
 */
function startConnectionProbe({ url, errors }) {
  const http = require('http');
  const { execFile } = require('child_process');
  const port = Number(new URL(url).port);
  /** @type {{ newConnectionMs: number[], acceptQueue: number[], queueSampling: boolean }} */
  const sink = { newConnectionMs: [], acceptQueue: [], queueSampling: true };
  let stopped = false;
  /** @type {Set<Promise<void>>} */
  const pending = new Set();
  const probe = () => {
    const startedAt = performance.now();
    const done = new Promise((resolve) => {
      const request = http.get(`${url}/_health`, { agent: false, timeout: REQUEST_TIMEOUT_SECONDS * 1000 }, (response) => {
        sink.newConnectionMs.push(performance.now() - startedAt);
        response.resume();
        response.on('end', () => resolve(undefined));
        response.on('error', () => resolve(undefined));
      });
      request.on('timeout', () => {
        if (!stopped) errors.add('timeout', `new connection: /_health not answered within ${REQUEST_TIMEOUT_SECONDS} s`);
        request.destroy();
      });
      request.on('error', (error) => {
        if (!stopped && !request.destroyed) errors.add('socket', `new connection: ${error.message}`);
        resolve(undefined);
      });
      request.on('close', () => resolve(undefined));
    }).then(() => {
      pending.delete(done);
    });
    pending.add(done);
  };
  const sampleQueue = () => {
    // -H: no header; -l: listening sockets; -t: TCP; -n: numeric. Recv-Q of a LISTEN socket is its accept queue.
    execFile('ss', ['-Hltn', `sport = :${port}`], { timeout: 2000 }, (error, stdout) => {
      if (error) {
        sink.queueSampling = false; // no `ss` (iproute2) here: the figure is reported as unknown
        return;
      }
      const [, recvQ] = stdout.trim().split(/\s+/);
      if (recvQ !== undefined && /^\d+$/.test(recvQ)) sink.acceptQueue.push(Number(recvQ));
    });
  };
  const probes = setInterval(probe, PROBE_EVERY_MS);
  const samples = setInterval(() => sink.queueSampling && sampleQueue(), ACCEPT_QUEUE_EVERY_MS);
  return {
    /** The figures since the last call (each phase reads its own). */
    take: () => {
      const { newConnectionMs, acceptQueue, queueSampling } = sink;
      sink.newConnectionMs = [];
      sink.acceptQueue = [];
      return {
        newConnectionMs: { probes: newConnectionMs.length, ...spread(newConnectionMs) },
        acceptQueue:
          queueSampling && acceptQueue.length
            ? { samples: acceptQueue.length, mean: Math.round((acceptQueue.reduce((sum, value) => sum + value, 0) / acceptQueue.length) * 10) / 10, max: Math.max(...acceptQueue) }
            : null,
      };
    },
    stop: async () => {
      stopped = true;
      clearInterval(probes);
      clearInterval(samples);
      await Promise.all(pending);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Readers (autocannon)

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
 * @param {{ url: string, connections: number, next: ReturnType<typeof mixOf>, editedBody: string, sink: { tally: ReaderTally }, errors: ErrorTally, stale: StaleReads | null }} settings
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

// ---------------------------------------------------------------------------------------------
// The instance: database, Redis, memory

/** Removes this run's keys from Redis. @param {string} url @param {string} prefix */
async function removeRedisKeys(url, prefix) {
  const Redis = require('ioredis').default;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    let removed = 0;
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) removed += await redis.unlink(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** Resident set size of a process from /proc/<pid>/status (VmRSS), in bytes; null where there is no /proc. @param {number} pid */
function rssOf(pid) {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The app process's memory: its resident set size as the system sees it (VmRSS, or the process's
 * own count where there is no /proc), then the V8 heap in use after a full garbage collection
 * (live objects: what a leak would grow).
 * @param {import('./lib/server').AppProcess} app
 */
async function appMemory(app) {
  const rss = rssOf(app.pid); // first: the collection below would change it for a while
  const usage = await app.memory();
  return { rssMb: mb(rss ?? usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external) };
}

const mb = (/** @type {number} */ bytes) => Math.round((bytes / 1048576) * 10) / 10;
const percent = (/** @type {number} */ from, /** @type {number} */ to) => Math.round(((to - from) / from) * 1000) / 10;

/** @param {string} url @param {string} body */
async function graphql(url, body) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const kind = classify(response.status, text);
  if (kind !== 'ok') throw new Error(`GraphQL request failed (${kind}, HTTP ${response.status}): ${text.slice(0, 500)}\nRequest: ${body.slice(0, 300)}`);
  return JSON.parse(text).data;
}

// ---------------------------------------------------------------------------------------------

/** @param {Options} options */
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
    const demo = require(path.join(ROOT, 'dist', 'database', 'seed-data', 'demo-content.js'));
    const editedSlug = demo.caseStories[1].slug.da;
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
    /** @returns {ReaderTally} */
    const newTally = () => ({ responses: 0, byQuery: {}, cache: { hit: 0, miss: 0, other: 0 }, rssPeak: 0 });
    const loadAverage = { start: os.loadavg()[0], end: 0 };

    /**
     * Waits `seconds` of a phase with a progress line every few seconds and the app's RSS sampled
     * every second (it swings with the requests in flight) into the tally of the phase.
     * @param {string} phase @param {number} seconds @param {{ tally: ReaderTally }} sink @param {() => string} extra
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

/** @param {Options} options @param {Awaited<ReturnType<typeof run>>} outcome */
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
