#!/usr/bin/env node
// @ts-check
/**
 * npm run bench [-- --scale 1000 --duration 10 --connections 10 --growth-scale 10000 --profile]
 *
 * Generates a dataset (scale N: N case stories, N/2 press releases, N/5 partnerships, in da and
 * en, published, with relations) in a temporary SQLite database, then measures four GraphQL
 * queries (a list with relations, a slug look-up, the municipality map, a search) with autocannon against the app in three modes (stock loading; batching;
 * batching with the response cache) and against a plain Node server answering the same bytes
 * from memory (the ceiling). The four run side by side and each query is measured on them
 * interleaved (rounds in alternating order), so their ratios hold on a noisy machine. It prints a table and
 * writes it as JSON to bench-results/. SQL statements per request are counted from knex's query
 * events inside the app process. --growth-scale N measures the list query and the search again on
 * a dataset of N (batching, cache off) and prints how their latency grew. --profile also loads the list query once more under the CPU
 * profiler in the batching modes and prints where the app's time goes, by package and function.
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { ROOT, compile } = require('./lib/app');
const { generateDataset } = require('./lib/dataset');
const { productionEnv, startApp } = require('./lib/server');

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { scale: 1000, duration: 10, connections: 10, profile: false, growthScale: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[i + 1];
    if (flag === '--profile') {
      options.profile = true;
      continue;
    }
    const key = /** @type {'scale' | 'duration' | 'connections' | 'growthScale'} */ (flag.replace(/^--/, '').replace('growth-scale', 'growthScale'));
    if (!['scale', 'duration', 'connections', 'growthScale'].includes(key)) {
      throw new Error(`Unknown option ${flag}: use --scale N, --duration SECONDS, --connections N, --growth-scale N, --profile`);
    }
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} takes a whole number of 1 or more, not "${value}"`);
    options[key] = number;
    if (inline === undefined) i += 1;
  }
  if (options.scale < 10) throw new Error('--scale must be at least 10');
  if (options.growthScale && options.growthScale <= options.scale) throw new Error('--growth-scale must be larger than --scale');
  return options;
}

const LIST_QUERY = 'case-story list (25, relations)';
const SEARCH_QUERY = 'search "lektiehjælp"';
/** @type {Record<string, string>} */
const QUERIES = {
  [LIST_QUERY]: `{ caseStories(locale: "da", pagination: { pageSize: 25 }, sort: "title") {
    title slug municipality { name } partnership { title partners { name } } focusAreas { title } organisations { name } heroImage { url alternativeText }
  } }`,
  'press release by slug': `{ pressReleaseBySlug(slug: "bench-press-release-7", locale: "da") { title lead releaseDate contacts { name email } relatedLinks { label url } } }`,
  'municipality map': `{ municipalityMap { code name latitude longitude hasIntegrationCouncil partnershipCount caseStoryCount } }`,
  [SEARCH_QUERY]: `{ search(query: "lektiehjælp", locale: "da") { hits { type slug title locale snippet score } pageInfo { total } } }`,
};

// ---------------------------------------------------------------------------------------------

/** @param {string} url @param {string} query */
async function post(url, query) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = await response.text();
  const parsed = JSON.parse(body);
  if (parsed.errors) throw new Error(`The benchmark query failed: ${JSON.stringify(parsed.errors)}`);
  return body;
}

/** One autocannon run of `query` against `url`. @param {string} url @param {string} query @param {{ duration: number, connections: number }} options */
async function run(url, query, options) {
  const autocannon = require('autocannon');
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    connections: options.connections,
    duration: options.duration,
  });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** A warm-up, then one measured run. @param {string} url @param {string} query @param {{ duration: number, connections: number }} options */
async function load(url, query, options) {
  await run(url, query, { ...options, duration: 2 });
  const figures = await run(url, query, options);
  return { ...figures, requestsPerSecond: Math.round(figures.requestsPerSecond) };
}

/** Rounds of the interleaved schedule: each target's measured time is split over them. */
const ROUNDS = 2;

/**
 * Measures `query` against every target, interleaved: after a warm-up of each, ROUNDS rounds, the
 * targets in turn, in reverse order every other round (A B C, C B A), each for its share of
 * `duration`. A machine that slows down or speeds up meanwhile (a neighbour, a thermal limit)
 * weighs on every target alike, so their ratios hold. Per target: requests/s and p50 averaged over
 * the rounds, the worst round's p99, the errors of all rounds.
 * @param {Array<{ name: string, url: string }>} targets @param {string} query @param {{ duration: number, connections: number }} options
 */
async function interleaved(targets, query, options) {
  for (const target of targets) {
    await run(target.url, query, { ...options, duration: 2 }); // warm-up
    await post(target.url, query);
  }
  /** @type {Map<string, Array<Awaited<ReturnType<typeof run>>>>} */
  const runs = new Map(targets.map((target) => [target.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of round % 2 ? [...targets].reverse() : targets) {
      runs.get(target.name)?.push(await run(target.url, query, { ...options, duration: options.duration / ROUNDS }));
      // The requests still queued when a run stops are answered before the next target's run
      // starts (one more answer means the queue is through), so they do not eat into its time.
      await post(target.url, query);
    }
  }
  const mean = (/** @type {number[]} */ values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return new Map(
    [...runs].map(([name, figures]) => [
      name,
      {
        requestsPerSecond: Math.round(mean(figures.map((f) => f.requestsPerSecond))),
        p50: Math.round(mean(figures.map((f) => f.p50)) * 10) / 10,
        p99: Math.max(...figures.map((f) => f.p99)),
        errors: figures.reduce((sum, f) => sum + f.errors, 0),
      },
    ])
  );
}

/** A plain Node server answering each query with the app's bytes, from memory: the ceiling. */
function plainServer(/** @type {Map<string, string>} */ bodies) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = bodies.get(JSON.parse(raw).query) ?? '{}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Where the app spent its CPU time during a load run: self time by package and the busiest functions.
 * @param {string} title
 * @param {{ nodes: Array<{ id: number, hitCount: number, callFrame: { functionName: string, url: string, lineNumber: number } }>, startTime: number, endTime: number, samples: number[] } | null} profile
 */
function summariseProfile(title, profile) {
  if (!profile) return console.log(`[bench] no CPU profile for ${title}`);
  const interval = (profile.endTime - profile.startTime) / 1000 / profile.samples.length; // ms per sample
  const owner = (/** @type {string} */ url) => {
    if (!url) return '(native, GC, idle)';
    const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
    if (match) return match[match.length - 1].replace('node_modules/', '');
    if (url.includes('/dist/src/') || /\/plugins\/[^/]+\/dist\//.test(url)) return '(this app and its plugins)';
    if (url.startsWith('node:')) return '(node core)';
    return url;
  };
  const byOwner = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const ms = node.hitCount * interval;
    busy += ms;
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${owner(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const top = (/** @type {Map<string, number>} */ map, /** @type {number} */ count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => ({ name, 'share of busy time': `${((100 * ms) / busy).toFixed(1)}%` }));
  console.log(`\n[bench] CPU profile of the app, ${title}: busy ${(busy / 1000).toFixed(1)} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
  console.table(top(byOwner, 15));
  console.table(top(byFunction, 20));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-bench-'));
  const env = { ...productionEnv(tmp), DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(tmp, 'bench.db') };
  Object.assign(process.env, env);
  const appContext = await compile();
  /** Generates a dataset of `scale` into the SQLite file `file`. @param {number} scale @param {string} file */
  async function dataset(scale, file) {
    console.log(`[bench] SQLite, ${os.cpus().length} cores`);
    process.env.DATABASE_FILENAME = file;
    await generateDataset(appContext, scale, (line) => console.log(`[bench] ${line}`));
    process.env.DATABASE_FILENAME = env.DATABASE_FILENAME;
  }
  await dataset(options.scale, env.DATABASE_FILENAME);

  /** @type {Array<Record<string, any>>} one per mode and query: the figures of `interleaved`, SQL statements, memory */
  const rows = [];
  /** @type {Array<[string, any]>} */
  const profiles = [];
  const bodies = new Map();
  // The three modes run side by side (one process each, reading the same SQLite file) with the
  // plain Node server, and every query is measured on all four interleaved.
  /** @type {Map<string, import('./lib/server').AppProcess>} */
  const apps = new Map();
  const rssStart = new Map();
  for (const [mode, modeEnv] of /** @type {Array<[string, Record<string, string>]>} */ ([
    ['stock', { GRAPHQL_BATCHING: 'false', GRAPHQL_CACHE: 'false' }],
    ['batching', { GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'false' }],
    ['batching + cache', { GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'true' }],
  ])) {
    const app = await startApp({ ...env, ...modeEnv });
    apps.set(mode, app);
    rssStart.set(mode, (await app.memory()).rss);
  }
  const server = /** @type {http.Server} */ (await plainServer(bodies));
  const ceilingUrl = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
  for (const [name, query] of Object.entries(QUERIES)) {
    const statements = new Map();
    for (const [mode, app] of apps) {
      bodies.set(query, await post(app.url, query)); // fills the cache in cache mode; the ceiling sends the same bytes
      statements.set(mode, await app.statements(() => post(app.url, query)));
    }
    const targets = [...[...apps].map(([mode, app]) => ({ name: mode, url: app.url })), { name: 'plain Node ceiling', url: ceilingUrl }];
    const figures = await interleaved(targets, query, options);
    for (const [mode, result] of figures) {
      rows.push({ mode, query: name, ...result, sqlStatementsPerRequest: statements.get(mode) ?? 0 });
      console.log(`[bench] ${mode} | ${name}: ${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${statements.get(mode) ?? 0} SQL statements/request`);
    }
    if (options.profile && name === LIST_QUERY) {
      // Separate runs, so the profiler's overhead stays out of the figures.
      for (const mode of ['batching', 'batching + cache']) {
        const app = /** @type {import('./lib/server').AppProcess} */ (apps.get(mode));
        profiles.push([`${mode} | ${name}`, await app.profile(() => load(app.url, query, options))]);
      }
    }
  }
  server.close();
  for (const [mode, app] of apps) {
    rows.push({ mode, query: '(memory)', rssStartMb: Math.round(rssStart.get(mode) / 1048576), rssEndMb: Math.round((await app.memory()).rss / 1048576) });
  }
  for (const [mode, app] of apps) if (mode !== 'batching') await app.stop();

  console.log('');
  console.table(rows.filter((row) => row.query !== '(memory)'));
  /** The row of a mode and query: every mode measured every query above. */
  const byKey = (/** @type {string} */ mode, /** @type {string} */ query) => {
    const row = rows.find((candidate) => candidate.mode === mode && candidate.query === query);
    if (!row) throw new Error(`no figures for ${mode} | ${query}`);
    return row;
  };
  for (const name of Object.keys(QUERIES)) {
    const stock = byKey('stock', name);
    const batched = byKey('batching', name);
    const cached = byKey('batching + cache', name);
    const ceiling = byKey('plain Node ceiling', name);
    console.log(
      `${name}: batching ${(batched.requestsPerSecond / stock.requestsPerSecond).toFixed(1)}× stock (${stock.sqlStatementsPerRequest} → ${batched.sqlStatementsPerRequest} SQL statements); ` +
        `cache ${(cached.requestsPerSecond / stock.requestsPerSecond).toFixed(1)}× stock, ${((100 * cached.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(0)}% of the plain Node ceiling`
    );
  }
  for (const [title, profile] of profiles) summariseProfile(title, profile);

  const batching = /** @type {import('./lib/server').AppProcess} */ (apps.get('batching'));
  if (options.growthScale) {
    // The list query and the search on a second, larger dataset (batching, cache off), interleaved
    // with the same mode on the first: how latency grows with the number of documents.
    const file = path.join(tmp, 'growth.db');
    await dataset(options.growthScale, file);
    const app = await startApp({ ...env, DATABASE_FILENAME: file, GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'false' });
    const grown = `batching, scale ${options.growthScale}`;
    const baseline = `batching, scale ${options.scale}`;
    for (const name of [LIST_QUERY, SEARCH_QUERY]) {
      await post(app.url, QUERIES[name]);
      const statements = await app.statements(() => post(app.url, QUERIES[name]));
      const figures = await interleaved(
        [
          { name: baseline, url: batching.url },
          { name: grown, url: app.url },
        ],
        QUERIES[name],
        options
      );
      const base = /** @type {any} */ (figures.get(baseline));
      const larger = /** @type {any} */ (figures.get(grown));
      rows.push({ mode: grown, query: name, ...larger, sqlStatementsPerRequest: statements });
      console.log(
        `\n${name}, batching, ${options.scale} → ${options.growthScale} case stories (interleaved): p50 ${base.p50} → ${larger.p50} ms ` +
          `(${(larger.p50 / base.p50).toFixed(2)}×), ${base.requestsPerSecond} → ${larger.requestsPerSecond} req/s, ${statements} SQL statements/request`
      );
    }
    await app.stop();
  }
  await batching.stop();
  const out = path.join(ROOT, 'bench-results', `bench-scale-${options.scale}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ scale: options.scale, duration: options.duration, connections: options.connections, cores: os.cpus().length, node: process.version, rows }, null, 2)}\n`);
  console.log(`\n[bench] written to ${path.relative(ROOT, out)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().then(
  () => undefined,
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
);
