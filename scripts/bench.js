#!/usr/bin/env node
// @ts-check
/**
 * npm run bench [-- --scale 1000 --duration 10 --connections 10 --growth-scale 10000 --profile]
 *
 * Generates a dataset (scale N: N case stories, N/2 press releases, N/5 partnerships, in da and
 * en, published, with relations) in a temporary SQLite database, then measures four GraphQL
 * queries (a list with relations, a slug look-up, the municipality map, a search) with autocannon against the app with the response cache off and on, and against a
 * plain Node server answering the same bytes from memory (the ceiling). It prints a table and
 * writes it as JSON to bench-results/. SQL statements per request are counted from knex's query
 * events inside the app process. --growth-scale N measures the list query and the search again on
 * a dataset of N (batching, cache off) and prints how their latency grew. --profile also loads the list query once more under the CPU
 * profiler in the batching modes and prints where the app's time goes, by package and function.
 */
const { fork } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { ROOT, compile, settle } = require('./lib/app');

const BASE_ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  SEED_DEMO_CONTENT: 'false',
  // The benchmark measures capacity from one address; the per-address limit would answer 429.
  RATE_LIMIT: 'false',
  APP_KEYS: 'bench-a,bench-b,bench-c,bench-d',
  API_TOKEN_SALT: 'bench-api-token-salt',
  ADMIN_JWT_SECRET: 'bench-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'bench-transfer-token-salt',
  JWT_SECRET: 'bench-jwt-secret',
  ENCRYPTION_KEY: 'bench-encryption-key',
};

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { scale: 1000, duration: 10, connections: 10, serve: '', profile: false, growthScale: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[i + 1];
    if (flag === '--profile') {
      options.profile = true;
      continue;
    }
    if (flag === '--serve') {
      options.serve = value;
      if (inline === undefined) i += 1;
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
const QUERIES = {
  [LIST_QUERY]: `{ caseStories(locale: "da", pagination: { pageSize: 25 }, sort: "title") {
    title slug municipality { name } partnership { title partners { name } } focusAreas { title } organisations { name } heroImage { url alternativeText }
  } }`,
  'press release by slug': `{ pressReleaseBySlug(slug: "bench-press-release-7", locale: "da") { title lead releaseDate contacts { name email } relatedLinks { label url } } }`,
  'municipality map': `{ municipalityMap { code name latitude longitude hasIntegrationCouncil partnershipCount caseStoryCount } }`,
  [SEARCH_QUERY]: `{ search(query: "lektiehjælp", locale: "da") { hits { type slug title locale snippet score } pageInfo { total } } }`,
};

/** Topics of the generated texts: each is in one document of 40, so a search for one finds 2.5%. */
const TOPICS = [
  'lektiehjælp', 'sprogcafé', 'demokrati', 'jobsøgning', 'læseklub', 'kodeklub', 'foreningsliv', 'borgerservice', 'strikkecafé', 'fortælleværksted',
  'medborgerskab', 'familieaften', 'ordblindhed', 'netværk', 'kulturmøde', 'filmklub', 'madklub', 'billedkunst', 'musikværksted', 'brætspil',
  'rådgivning', 'frivillighed', 'skoleforberedelse', 'danskundervisning', 'it-hjælp', 'sundhed', 'motion', 'litteratur', 'teater', 'foredrag',
  'debataften', 'valgmøde', 'praktik', 'mentorordning', 'cykelværksted', 'haveklub', 'spillecafé', 'babysalmesang', 'bogstart', 'fællesspisning',
];

// ---------------------------------------------------------------------------------------------
// Data generation (in this process).

/** @param {import('@strapi/strapi').Core.Strapi} strapi @param {number} scale */
async function generate(strapi, scale) {
  const { seedDemoContent } = require(path.join(ROOT, 'dist', 'src', 'bootstrap', 'seed.js'));
  await seedDemoContent(strapi, () => undefined);
  const municipalities = await strapi.db.query('api::municipality.municipality').findMany({ select: ['documentId'] });
  const organisations = await strapi.documents('api::organisation.organisation').findMany({ locale: 'da', fields: ['documentId'] });
  const focusAreas = await strapi.documents('api::focus-area.focus-area').findMany({ locale: 'da', fields: ['documentId'] });
  const contacts = await strapi.documents('api::contact.contact').findMany({ locale: 'da', fields: ['documentId'] });
  const image = await strapi.db.query('plugin::upload.file').create({
    data: { name: 'bench.jpg', alternativeText: 'Biblioteket', hash: 'bench', ext: '.jpg', mime: 'image/jpeg', size: 10, url: '/uploads/bench.jpg', provider: 'local', width: 800, height: 600 },
  });
  /** @template T @param {T[]} list @param {number} i @returns {T} */
  const pick = (list, i) => list[i % list.length];
  const paragraph = (/** @type {string} */ text) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

  /** @param {string} label @param {number} count @param {(i: number, locale: 'da' | 'en') => Record<string, unknown>} dataFor */
  async function create(label, uid, count, dataFor) {
    /** @type {string[]} */
    const ids = [];
    const started = Date.now();
    const step = Math.max(1, Math.floor(count / 5));
    // 100 documents per transaction: one commit (and one fsync) per hundred, not per document.
    for (let first = 0; first < count; first += 100) {
      await strapi.db.transaction(async () => {
        for (let i = first; i < Math.min(count, first + 100); i += 1) {
          const documents = strapi.documents(uid);
          const doc = await documents.create({ locale: 'da', data: /** @type {any} */ (dataFor(i, 'da')), status: 'published' });
          await documents.update({ documentId: doc.documentId, locale: 'en', data: /** @type {any} */ (dataFor(i, 'en')), status: 'published' });
          ids.push(doc.documentId);
          if ((i + 1) % step === 0 || i + 1 === count) console.log(`[bench] ${label}: ${i + 1}/${count} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        }
      });
    }
    return ids;
  }

  const partnerships = await create('partnerships', 'api::partnership.partnership', Math.floor(scale / 5), (i, locale) => ({
    title: `Bench ${locale} partnership ${i}`,
    slug: `bench-partnership-${locale}-${i}`,
    summary: `Summary ${i}: ${pick(TOPICS, i + 5)}`,
    level: 'local',
    partnershipStatus: 'active',
    partners: [pick(organisations, i).documentId, pick(organisations, i + 1).documentId],
    municipality: pick(municipalities, i).documentId,
    focusAreas: [pick(focusAreas, i).documentId],
  }));
  await create('case stories', 'api::case-story.case-story', scale, (i, locale) => ({
    title: `Bench ${locale} case story ${String(i).padStart(6, '0')}`,
    slug: `bench-case-story-${locale}-${i}`,
    summary: `Summary ${i}`,
    body: paragraph(`Historie ${i} om ${pick(TOPICS, i)} og ${pick(TOPICS, i * 7 + 3)} på biblioteket, med frivillige og integrationsrådet.`),
    place: `Place ${i % 50}`,
    municipality: pick(municipalities, i * 7).documentId,
    partnership: pick(partnerships, i),
    organisations: [pick(organisations, i).documentId, pick(organisations, i + 2).documentId],
    focusAreas: [pick(focusAreas, i).documentId, pick(focusAreas, i + 1).documentId],
    heroImage: image.id,
  }));
  await create('press releases', 'api::press-release.press-release', Math.floor(scale / 2), (i, locale) => ({
    title: `Bench ${locale} press release ${i}`,
    slug: locale === 'da' ? `bench-press-release-${i}` : `bench-press-release-en-${i}`,
    lead: `Lead ${i}: ${pick(TOPICS, i + 11)} for nye borgere`,
    releaseDate: new Date(Date.UTC(2025, 0, 1) - i * 3600_000).toISOString(), // in the past: not embargoed
    contacts: [pick(contacts, i).documentId],
    relatedLinks: [{ label: 'REM', url: 'http://www.rem.dk' }],
  }));
}

// ---------------------------------------------------------------------------------------------
// The app under test (a child process per mode, so each mode has a fresh Strapi).

async function serve() {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  app.log.level = 'error';
  await app.start();
  let statements = 0;
  /** @type {import('inspector').Session | null} */
  let profiler = null;
  app.db.connection.on('query', () => {
    statements += 1;
  });
  const send = (/** @type {unknown} */ message) => process.send?.(message);
  process.on('message', async (/** @type {string} */ message) => {
    if (message === 'reset') statements = 0;
    if (message === 'count') send({ statements });
    if (message === 'memory') send({ rss: process.memoryUsage().rss });
    if (message === 'profile-start') {
      profiler = new (require('inspector').Session)();
      profiler.connect();
      await new Promise((done) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', done)));
      send({ profiling: true });
    }
    if (message === 'profile-stop' && profiler) {
      const session = profiler;
      session.post('Profiler.stop', (/** @type {Error | null} */ error, /** @type {any} */ result) => {
        session.disconnect();
        send({ profile: error ? null : result.profile });
      });
      profiler = null;
    }
    if (message === 'stop') {
      await app.destroy();
      process.exit(0);
    }
  });
  send({ ready: true, port: app.server.httpServer.address().port });
}

/** @param {NodeJS.ProcessEnv} env */
function startApp(env) {
  const child = fork(__filename, ['--serve', 'app'], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @param {string} message @param {string} key */
  const ask = (message, key) =>
    new Promise((resolve) => {
      const listener = (/** @type {any} */ reply) => {
        if (key in reply) {
          child.off('message', listener);
          resolve(reply[key]);
        }
      };
      child.on('message', listener);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The app exited with code ${code} before it was ready`)));
    child.on('message', (/** @type {any} */ message) => {
      if (message.ready) {
        resolve({
          url: `http://127.0.0.1:${message.port}`,
          statements: async (/** @type {() => Promise<unknown>} */ request) => {
            child.send('reset');
            await request();
            return ask('count', 'statements');
          },
          rss: () => ask('memory', 'rss'),
          /** Runs `work` with the app's CPU profiler on; resolves to the profile. */
          profile: async (/** @type {() => Promise<unknown>} */ work) => {
            await ask('profile-start', 'profiling');
            await work();
            return ask('profile-stop', 'profile');
          },
          stop: () => new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.send('stop');
          }),
        });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** @param {string} url @param {string} query */
async function post(url, query) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = await response.text();
  const parsed = JSON.parse(body);
  if (parsed.errors) throw new Error(`The benchmark query failed: ${JSON.stringify(parsed.errors)}`);
  return body;
}

/** @param {string} url @param {string} query @param {{ duration: number, connections: number }} options */
async function load(url, query, options) {
  const autocannon = require('autocannon');
  const request = { url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) };
  await autocannon({ ...request, connections: options.connections, duration: 2 }); // warm-up
  const result = await autocannon({ ...request, connections: options.connections, duration: options.duration });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
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
    if (url.includes('/dist/src/')) return '(this app)';
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
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ name, 'share of busy time': `${((100 * ms) / busy).toFixed(1)}%` }));
  console.log(`\n[bench] CPU profile of the app, ${title}: busy ${(busy / 1000).toFixed(1)} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
  console.table(top(byOwner, 15));
  console.table(top(byFunction, 20));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.serve) return serve();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-bench-'));
  const env = { ...BASE_ENV, ENV_PATH: path.join(tmp, '.env'), DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(tmp, 'bench.db') };
  Object.assign(process.env, env);
  const appContext = await compile();
  /** Generates a dataset of `scale` into the SQLite file `file`. @param {number} scale @param {string} file */
  async function dataset(scale, file) {
    console.log(`[bench] scale ${scale}: ${scale} case stories, ${Math.floor(scale / 2)} press releases, ${Math.floor(scale / 5)} partnerships, in da and en (SQLite, ${os.cpus().length} cores)`);
    const started = Date.now();
    process.env.DATABASE_FILENAME = file;
    const { createStrapi } = require('@strapi/strapi');
    const generator = createStrapi(appContext);
    generator.log.level = 'error';
    await generator.load();
    await generate(generator, scale);
    await settle(generator);
    await generator.destroy();
    process.env.DATABASE_FILENAME = env.DATABASE_FILENAME;
    console.log(`[bench] data generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  await dataset(options.scale, env.DATABASE_FILENAME);

  const rows = [];
  /** @type {Array<[string, any]>} */
  const profiles = [];
  const bodies = new Map();
  for (const [mode, modeEnv] of /** @type {Array<[string, Record<string, string>]>} */ ([
    ['stock', { GRAPHQL_BATCHING: 'false', GRAPHQL_CACHE: 'false' }],
    ['batching', { GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'false' }],
    ['batching + cache', { GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'true' }],
  ])) {
    const app = /** @type {any} */ (await startApp({ ...env, ...modeEnv }));
    const rssStart = await app.rss();
    for (const [name, query] of Object.entries(QUERIES)) {
      await post(app.url, query); // fills the cache in cache mode
      const statements = await app.statements(() => post(app.url, query));
      bodies.set(query, await post(app.url, query));
      const figures = await load(app.url, query, options);
      if (options.profile && mode !== 'stock' && name === LIST_QUERY) {
        // A separate run, so the profiler's overhead stays out of the figures.
        profiles.push([`${mode} | ${name}`, await app.profile(() => load(app.url, query, options))]);
      }
      rows.push({ mode, query: name, ...figures, sqlStatementsPerRequest: statements });
      console.log(`[bench] ${mode} | ${name}: ${figures.requestsPerSecond} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${statements} SQL statements/request`);
    }
    rows.push({ mode, query: '(memory)', rssStartMb: Math.round(rssStart / 1048576), rssEndMb: Math.round((await app.rss()) / 1048576) });
    await app.stop();
  }
  const server = /** @type {http.Server} */ (await plainServer(bodies));
  const ceilingUrl = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
  for (const [name, query] of Object.entries(QUERIES)) {
    const figures = await load(ceilingUrl, query, options);
    rows.push({ mode: 'plain Node ceiling', query: name, ...figures, sqlStatementsPerRequest: 0 });
    console.log(`[bench] plain Node ceiling | ${name}: ${figures.requestsPerSecond} req/s`);
  }
  server.close();

  console.log('');
  console.table(rows.filter((row) => row.query !== '(memory)'));
  const byKey = (/** @type {string} */ mode, /** @type {string} */ query) => rows.find((row) => row.mode === mode && row.query === query);
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

  if (options.growthScale) {
    // The list query and the search on a second, larger dataset: how latency grows with the number of documents.
    const file = path.join(tmp, 'growth.db');
    await dataset(options.growthScale, file);
    const app = /** @type {any} */ (await startApp({ ...env, DATABASE_FILENAME: file, GRAPHQL_BATCHING: 'true', GRAPHQL_CACHE: 'false' }));
    for (const name of [LIST_QUERY, SEARCH_QUERY]) {
      await post(app.url, QUERIES[name]);
      const statements = await app.statements(() => post(app.url, QUERIES[name]));
      const figures = await load(app.url, QUERIES[name], options);
      const base = byKey('batching', name);
      rows.push({ mode: `batching, scale ${options.growthScale}`, query: name, ...figures, sqlStatementsPerRequest: statements });
      console.log(
        `\n${name}, batching, ${options.scale} → ${options.growthScale} case stories: p50 ${base.p50} → ${figures.p50} ms ` +
          `(${(figures.p50 / base.p50).toFixed(2)}×), ${base.requestsPerSecond} → ${figures.requestsPerSecond} req/s, ${statements} SQL statements/request`
      );
    }
    await app.stop();
  }
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
