#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:sitemap [-- --documents 10000 --runs 5 --max-urls 50000 --database sqlite|postgres
 *                          --postgres-url URL --output FILE]
 *
 * The sitemap's target: with --documents published documents (case stories, press releases and
 * partnerships in the benchmark's dataset, each in da and en), `/sitemap.xml` is generated in
 * under 2 s, and every sitemap file is valid and within the protocol's limits (50,000 URLs, 50 MiB).
 *
 * Generates the dataset on a temporary database (SQLite, or a fresh PostgreSQL database dropped
 * afterwards), starts a production instance (NODE_ENV=production) with the response cache off, so
 * that every request generates its answer, and then, --runs times: GETs /sitemap.xml (which
 * generates the files of every type to list them) and each file it lists, timing each. Once, it
 * validates every file against the protocol's schemas (libxml2, xmllint-wasm) and counts URLs,
 * bytes and documents. Prints each figure's spread over the runs and PASS/FAIL; writes the figures
 * as JSON to bench-results/ (or --output); exits with 1 when the target is missed, 2 when the run
 * could not be made.
 */
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { ROOT, compile } = require('./lib/app');
const { datasetSize, generateDataset } = require('./lib/dataset');
const { productionEnv, startApp } = require('./lib/server');
const { parseOptions, runDatabase, runScript, scratchRun, writeFigures } = require('./lib/cli');
const { sitemapErrors } = require('./lib/xml-validation');

const TARGET_INDEX_MS = 2000;
const PROTOCOL_MAX_URLS = 50000;
const PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;

const log = (/** @type {string} */ line) => console.log(`[bench:sitemap] ${line}`);

const USAGE = `npm run bench:sitemap -- [options]
  --documents N            published documents at least (10000): the benchmark's dataset at the
                           scale that makes them (N case stories per 1.7 documents: N/2 press
                           releases, N/5 partnerships), each in da and en, with the demo content
  --runs N                 measured runs (5)
  --max-urls N             SITEMAP_MAX_URLS, URLs per file (50000, the protocol's limit)
  --database sqlite|postgres
  --postgres-url URL       the PostgreSQL server for --database postgres (postgres://postgres@127.0.0.1:5432)
  --output FILE            where the JSON goes (bench-results/sitemap-bench-<database>-<time>.json)`;

/**
 * @typedef {object} Options
 * @property {number} documents
 * @property {number} runs
 * @property {number} maxUrls
 * @property {'sqlite' | 'postgres'} database
 * @property {string} postgresUrl
 * @property {string} output
 * @property {boolean} help
 */

/** @type {Record<string, { key: 'documents' | 'runs' | 'maxUrls', min: number }>} */
const NUMBER_OPTIONS = {
  '--documents': { key: 'documents', min: 1 },
  '--runs': { key: 'runs', min: 1 },
  '--max-urls': { key: 'maxUrls', min: 1 },
};

/** @param {string[]} argv @returns {Options} */
const parseArgs = (argv) =>
  parseOptions(argv, { documents: 10000, runs: 5, maxUrls: PROTOCOL_MAX_URLS, database: 'sqlite', postgresUrl: 'postgres://postgres@127.0.0.1:5432', output: '', help: false }, USAGE, NUMBER_OPTIONS);

/** The smallest dataset scale with at least `documents` documents. @param {number} documents */
function scaleFor(documents) {
  let scale = Math.max(1, Math.floor(documents / 1.7));
  const total = (/** @type {number} */ s) => Object.values(datasetSize(s)).reduce((sum, n) => sum + n, 0);
  while (total(scale) < documents) scale += 1;
  return scale;
}

/** GETs a path, timing it until the whole body is read. @param {string} url */
async function timedGet(url) {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(120000) });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status} ${body.slice(0, 200)}`);
  return { body, ms };
}

const locsOf = (/** @type {string} */ xml) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);

/** @param {Options} options */
async function run(options) {
  const scratch = scratchRun('sitemap-bench', log);
  const { tmp, onCleanup, cleanUp } = scratch;
  try {
    const databaseEnv = await runDatabase(options, 'sitemap-bench', scratch, log);
    const env = { ...productionEnv(tmp), ...databaseEnv, GRAPHQL_CACHE: 'false', SITEMAP_MAX_URLS: String(options.maxUrls) };
    Object.assign(process.env, env);
    const loadAverage = { start: os.loadavg()[0], end: 0 };
    log(`${options.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${os.cpus().length} cores, load average ${loadAverage.start.toFixed(2)}`);
    const appContext = await compile();
    const scale = scaleFor(options.documents);
    await generateDataset(appContext, scale, log);

    log('starting the app (NODE_ENV=production, GRAPHQL_CACHE=false: every request generates its answer)');
    const app = await startApp(env);
    onCleanup(() => app.stop());
    // Each port's files are listed with PUBLIC_URL (unset): localhost and the port; fetch them from the app's own address.
    const local = (/** @type {string} */ loc) => `${app.url}${new URL(loc).pathname}`;

    // One request first, so that the runs measure generation, not the first compile of each code path.
    await timedGet(`${app.url}/sitemap.xml`);
    /** @type {Array<{ indexMs: number, filesMs: number[], totalMs: number }>} */
    const runs = [];
    /** @type {string[]} */
    let files = [];
    for (let i = 0; i < options.runs; i += 1) {
      const started = performance.now();
      const index = await timedGet(`${app.url}/sitemap.xml`);
      files = locsOf(index.body);
      const filesMs = [];
      for (const loc of files) filesMs.push((await timedGet(local(loc))).ms);
      runs.push({ indexMs: index.ms, filesMs, totalMs: performance.now() - started });
      log(`run ${i + 1}: index ${index.ms.toFixed(0)} ms, ${files.length} files in ${filesMs.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
    }

    log('validating every file against the protocol`s schemas (libxml2)');
    const index = (await timedGet(`${app.url}/sitemap.xml`)).body;
    const indexErrors = await sitemapErrors(index, 'index');
    /** @type {Array<{ file: string, urls: number, bytes: number, errors: string[] }>} */
    const checked = [];
    for (const loc of files) {
      const body = (await timedGet(local(loc))).body;
      checked.push({ file: new URL(loc).pathname, urls: (body.match(/<url>/g) ?? []).length, bytes: Buffer.byteLength(body), errors: await sitemapErrors(body, 'urlset') });
    }
    const published = await countPublished(app.url);
    loadAverage.end = os.loadavg()[0];
    return { scale, runs, indexErrors, checked, published, loadAverage };
  } finally {
    await cleanUp();
  }
}

/** Published documents per page type, from the public GraphQL API (Danish versions). @param {string} url */
async function countPublished(url) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ caseStories_connection(locale: "da") { pageInfo { total } } partnerships_connection(locale: "da") { pageInfo { total } } pressReleases_connection(locale: "da") { pageInfo { total } } }',
    }),
  });
  const { data } = /** @type {any} */ (await response.json());
  return {
    caseStories: data.caseStories_connection.pageInfo.total,
    partnerships: data.partnerships_connection.pageInfo.total,
    pressReleases: data.pressReleases_connection.pageInfo.total,
  };
}

/** The median, least and largest of the runs' values, in whole ms. @param {number[]} values */
function range(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]), min: Math.round(sorted[0]), max: Math.round(sorted[sorted.length - 1]) };
}

/** @param {Options} options @param {Awaited<ReturnType<typeof run>>} outcome */
function report(options, outcome) {
  const { scale, runs, indexErrors, checked, published, loadAverage } = outcome;
  const documents = published.caseStories + published.partnerships + published.pressReleases;
  const urls = checked.reduce((sum, file) => sum + file.urls, 0);
  const indexMs = range(runs.map((r) => r.indexMs));
  const totalMs = range(runs.map((r) => r.totalMs));
  const valid = indexErrors.length === 0 && checked.every((file) => file.errors.length === 0);
  const withinLimits = checked.every((file) => file.urls <= Math.min(options.maxUrls, PROTOCOL_MAX_URLS) && file.bytes <= PROTOCOL_MAX_BYTES);
  const fast = runs.every((r) => r.indexMs < TARGET_INDEX_MS);
  const pass = valid && withinLimits && fast && documents >= options.documents;
  const figures = {
    date: new Date().toISOString(),
    options: { documents: options.documents, runs: options.runs, maxUrls: options.maxUrls, database: options.database, scale },
    machine: { cores: os.cpus().length, node: process.version, loadAverageStart: loadAverage.start, loadAverageEnd: loadAverage.end },
    target: { indexMs: `< ${TARGET_INDEX_MS} in every run`, valid: true, maxUrlsPerFile: PROTOCOL_MAX_URLS, maxBytesPerFile: PROTOCOL_MAX_BYTES },
    published,
    documents,
    urls,
    indexMs,
    totalMs,
    runs,
    files: checked.map(({ file, urls: count, bytes, errors }) => ({ file, urls: count, bytes, errors: errors.slice(0, 5) })),
    valid,
    withinLimits,
    pass,
  };
  console.log('');
  console.log(
    `Sitemap benchmark: ${documents} published documents (${urls} URLs in da and en), ${options.database}, ${options.runs} runs, load average ${loadAverage.start.toFixed(2)} → ${loadAverage.end.toFixed(2)}`
  );
  console.log(`  /sitemap.xml generated (every file of every type): ${indexMs.median} ms median, ${indexMs.min}–${indexMs.max} ms over the runs`);
  console.log(`  the index and all ${checked.length} files: ${totalMs.median} ms median, ${totalMs.min}–${totalMs.max} ms`);
  console.table(Object.fromEntries(checked.map((file) => [file.file, { URLs: file.urls, MiB: (file.bytes / 1024 / 1024).toFixed(2), valid: file.errors.length === 0 }])));
  console.log(`  ${valid ? 'PASS' : 'FAIL'}  valid against the protocol's schemas${valid ? '' : `: ${[...indexErrors, ...checked.flatMap((file) => file.errors)].slice(0, 3).join(' | ')}`}`);
  console.log(`  ${withinLimits ? 'PASS' : 'FAIL'}  every file within ${Math.min(options.maxUrls, PROTOCOL_MAX_URLS)} URLs and 50 MiB`);
  console.log(`  ${fast ? 'PASS' : 'FAIL'}  /sitemap.xml under ${TARGET_INDEX_MS} ms in every run (max ${indexMs.max} ms)`);
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);
  const out = options.output || path.join(ROOT, 'bench-results', `sitemap-bench-${options.database}-${figures.date.replace(/[:.]/g, '-')}.json`);
  writeFigures(out, figures, log);
  return pass;
}

runScript({ name: 'bench:sitemap', usage: USAGE, parseArgs, run, report });
