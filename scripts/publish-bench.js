#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:publish [-- --documents 20 --warmup 1 --scale 0 --database sqlite|postgres
 *                          --postgres-url URL --output FILE]
 *
 * How long an editor waits when publishing in the admin. Starts a production instance of the app
 * (NODE_ENV=production) on a temporary database holding the demo content (SQLite, or a fresh
 * PostgreSQL database that is dropped afterwards; --scale adds the benchmark's generated dataset)
 * and, as its super admin, publishes --documents documents of each page type (case stories,
 * partnerships, press releases, in Danish; the type's documents in turn) through the Content
 * Manager API, with the requests the admin sends for a click on Save and then on Publish:
 *
 * 1. save: PUT the edited form (a new title) to the document;
 * 2. publish: POST the form to its publish action (the admin shows its toast when this returns);
 * 3. the admin's follow-up requests, as it sends them: the document again with its relation
 *    fields (5 per field), its AI localization jobs, then its preview URL and its count of draft
 *    relations (each group at once).
 *
 * Then it unpublishes the document (timed apart), so that every publish publishes a draft. A
 * press release whose release date is in the future is embargoed: it is left out. --warmup
 * cycles per type come first and are not counted.
 *
 * It prints, per type, p50/p95/max of the publish call, of the unpublish call and of the whole
 * sequence (save + publish + follow-ups, from the click on Save to the last answer), the SQL
 * statements of a save and of a publish, and PASS/FAIL against the target (the whole sequence's p95 under 1 s
 * for every type); writes the figures as JSON to bench-results/ (or --output); and exits with 1
 * when the target is missed, 2 when the run could not be made.
 */
const crypto = require('crypto');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { ROOT, compile } = require('./lib/app');
const { generateDataset } = require('./lib/dataset');
const { adminToken, productionEnv, startApp } = require('./lib/server');
const { parseOptions, runDatabase, runScript, scratchRun, writeFigures } = require('./lib/cli');
const { quantile } = require('./lib/figures');

/** The editor's wait for the whole sequence (save, publish, the admin's follow-ups), p95 per type. */
const TARGET_SEQUENCE_P95_MS = 1000;
const REQUEST_TIMEOUT_SECONDS = 60;
const ADMIN_EMAIL = 'publish-bench@example.com';
const LOCALE = 'da';
const PAGE_TYPES = ['api::case-story.case-story', 'api::partnership.partnership', 'api::press-release.press-release'];

const log = (/** @type {string} */ line) => console.log(`[bench:publish] ${line}`);

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `npm run bench:publish -- [options]
  --documents N            publishes measured per page type (20)
  --warmup N               publishes per type before the measured ones, not counted (1)
  --scale N                also the benchmark's generated dataset: N case stories, N/2 press
                           releases, N/5 partnerships (0: the demo content only)
  --database sqlite|postgres
                           the instance's database (sqlite): a temporary SQLite file, or a fresh
                           PostgreSQL database that is dropped afterwards
  --postgres-url URL       the PostgreSQL server for --database postgres (postgres://postgres@127.0.0.1:5432)
  --output FILE            where the JSON goes (bench-results/publish-bench-<database>-<time>.json)`;

/**
 * @typedef {object} Options
 * @property {number} documents
 * @property {number} warmup
 * @property {number} scale
 * @property {'sqlite' | 'postgres'} database
 * @property {string} postgresUrl
 * @property {string} output
 * @property {boolean} help
 */

/** @type {Record<string, { key: 'documents' | 'warmup' | 'scale', min: number }>} */
const NUMBER_OPTIONS = {
  '--documents': { key: 'documents', min: 1 },
  '--warmup': { key: 'warmup', min: 0 },
  '--scale': { key: 'scale', min: 0 },
};

/** @param {string[]} argv @returns {Options} */
const parseArgs = (argv) =>
  parseOptions(argv, { documents: 20, warmup: 1, scale: 0, database: 'sqlite', postgresUrl: 'postgres://postgres@127.0.0.1:5432', output: '', help: false }, USAGE, NUMBER_OPTIONS);

// ---------------------------------------------------------------------------------------------
// The admin's requests

/** A Content Manager client signed in as the instance's super admin. @param {string} url @param {string} token */
function adminClient(url, token) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  /**
   * Sends one request and reads its whole answer; fails on any status but 2xx unless `allow` lists it.
   * @param {string} method @param {string} route @param {unknown} [body] @param {number[]} [allow]
   * @returns {Promise<{ status: number, body: any, ms: number }>}
   */
  const send = async (method, route, body, allow = []) => {
    const started = performance.now();
    const response = await fetch(`${url}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if ((response.status < 200 || response.status > 299) && !allow.includes(response.status)) {
      throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
    }
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, ms };
  };
  return { send };
}

/** Fields the admin's form does not send back (it keeps them in its state, or the server sets them). */
const NOT_IN_FORM = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'status', 'firstPublishedAt']);

/**
 * The form an editor submits after changing the title: the document's fields as the admin holds
 * them, relations unchanged (`connect`/`disconnect` empty, as the admin sends them).
 * @param {Record<string, any>} document @param {Record<string, { type: string }>} attributes @param {string} title
 */
function formOf(document, attributes, title) {
  /** @type {Record<string, unknown>} */
  const form = {};
  for (const [name, value] of Object.entries(document)) {
    if (NOT_IN_FORM.has(name) || !(name in attributes)) continue;
    form[name] = attributes[name].type === 'relation' ? { connect: [], disconnect: [] } : value;
  }
  form.title = title;
  return form;
}

/**
 * @typedef {object} PageType
 * @property {string} uid
 * @property {string} name
 * @property {Record<string, { type: string }>} attributes
 * @property {string[]} relationFields relation fields of the edit view (the admin loads each after a publish)
 * @property {string[]} documentIds Danish documents to publish in turn
 */

/** What the admin knows of a page type, and its documents that can be published now. @param {ReturnType<typeof adminClient>} admin @param {string} uid @returns {Promise<PageType>} */
async function pageType(admin, uid) {
  const types = (await admin.send('GET', '/content-manager/content-types')).body.data;
  const schema = types.find((/** @type {{ uid: string }} */ type) => type.uid === uid);
  if (!schema) throw new Error(`The Content Manager does not list ${uid}`);
  const configuration = (await admin.send('GET', `/content-manager/content-types/${uid}/configuration`)).body.data.contentType;
  const attributes = /** @type {Record<string, { type: string }>} */ (schema.attributes);
  const inEditView = new Set(/** @type {Array<Array<{ name: string }>>} */ (configuration.layouts.edit).flat().map((field) => field.name));
  const relationFields = Object.keys(attributes).filter((name) => attributes[name].type === 'relation' && inEditView.has(name) && configuration.metadatas?.[name]?.edit?.visible !== false);
  const list = (await admin.send('GET', `/content-manager/collection-types/${uid}?page=1&pageSize=100&locale=${LOCALE}&sort=id:ASC`)).body;
  const now = Date.now();
  // A press release with a release date in the future is embargoed (publishing it is refused).
  const documentIds = list.results
    .filter((/** @type {{ releaseDate?: string | null }} */ row) => !row.releaseDate || new Date(row.releaseDate).getTime() <= now)
    .map((/** @type {{ documentId: string }} */ row) => row.documentId);
  if (documentIds.length === 0) throw new Error(`No ${uid} in ${LOCALE} that can be published now`);
  return { uid, name: uid.split('.')[1], attributes, relationFields, documentIds };
}

/**
 * One click on Save and then on Publish, with the admin's follow-ups, then an unpublish.
 * @param {ReturnType<typeof adminClient>} admin @param {import('./lib/server').AppProcess} app @param {PageType} type @param {string} documentId @param {number} n
 */
async function publishCycle(admin, app, type, documentId, n) {
  const base = `/content-manager/collection-types/${type.uid}/${documentId}`;
  const query = `?locale=${LOCALE}`;
  // The edit view as the editor opened it (not timed).
  const opened = (await admin.send('GET', `${base}${query}`)).body.data;
  const form = formOf(opened, type.attributes, `${String(opened.title).replace(/ \(bench \d+\)$/, '')} (bench ${n})`);

  const started = performance.now();
  let save = { ms: 0 };
  const saveStatements = await app.statements(async () => {
    save = await admin.send('PUT', `${base}${query}`, form);
  });
  let publish = { ms: 0 };
  const statements = await app.statements(async () => {
    publish = await admin.send('POST', `${base}/actions/publish${query}`, form);
  });
  const toast = performance.now();
  // What the admin asks for once the publish has returned: the document and its relations again…
  await Promise.all([
    admin.send('GET', `${base}${query}`),
    ...type.relationFields.map((field) => admin.send('GET', `/content-manager/relations/${type.uid}/${documentId}/${field}${query}&pageSize=5&page=1`)),
    admin.send('GET', `/i18n/ai-localization-jobs/collection-types/${type.uid}/${documentId}`, undefined, [403, 404]),
  ]);
  // …and once it has drawn them, its preview link and the count of draft relations.
  await Promise.all([
    admin.send('GET', `/content-manager/preview/url/${type.uid}?documentId=${documentId}&locale=${LOCALE}&status=published`, undefined, [204, 403, 404]),
    admin.send('GET', `${base}/actions/countDraftRelations${query}`),
  ]);
  const settled = performance.now();
  const unpublish = await admin.send('POST', `${base}/actions/unpublish${query}`, {});
  return { saveMs: save.ms, publishMs: publish.ms, toastMs: toast - started, sequenceMs: settled - started, unpublishMs: unpublish.ms, statements, saveStatements };
}

// ---------------------------------------------------------------------------------------------

/** p50, p95 and the largest of `values`, whole ms (nearest rank). @param {number[]} values */
const figuresOf = (values) => ({ count: values.length, p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) });

/** @param {Options} options */
async function run(options) {
  const scratch = scratchRun('publish-bench', log);
  const { tmp, onCleanup, cleanUp } = scratch;
  const adminPassword = `Pb7-${crypto.randomBytes(12).toString('hex')}-Qz`;

  try {
    const databaseEnv = await runDatabase(options, 'publish-bench', scratch, log);
    const env = { ...productionEnv(tmp), ...databaseEnv, ADMIN_EMAIL, ADMIN_PASSWORD: adminPassword };
    Object.assign(process.env, env);
    const loadAverage = { start: os.loadavg()[0], end: 0 };
    log(`${options.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${os.cpus().length} cores, load average ${loadAverage.start.toFixed(2)}`);
    const appContext = await compile();
    await generateDataset(appContext, options.scale, log);

    log('starting the app (NODE_ENV=production)');
    const app = await startApp(env);
    onCleanup(() => app.stop());
    log(`app listening on ${app.url} (pid ${app.pid})`);
    const admin = adminClient(app.url, await adminToken(app.url, ADMIN_EMAIL, adminPassword));

    /** @type {Record<string, { documents: number, relationFields: string[], cycles: Array<Awaited<ReturnType<typeof publishCycle>>> }>} */
    const results = {};
    for (const uid of PAGE_TYPES) {
      const type = await pageType(admin, uid);
      const cycles = [];
      for (let i = 0; i < options.warmup + options.documents; i += 1) {
        const cycle = await publishCycle(admin, app, type, type.documentIds[i % type.documentIds.length], i);
        if (i >= options.warmup) cycles.push(cycle);
      }
      results[type.name] = { documents: type.documentIds.length, relationFields: type.relationFields, cycles };
      const times = cycles.map((cycle) => cycle.sequenceMs);
      log(`${type.name}: ${cycles.length} publishes of ${type.documentIds.length} documents, sequence p50 ${quantile(times, 0.5)} ms`);
    }
    loadAverage.end = os.loadavg()[0];
    return { results, loadAverage };
  } finally {
    await cleanUp();
  }
}

/** @param {Options} options @param {Awaited<ReturnType<typeof run>>} outcome */
function report(options, outcome) {
  const { results, loadAverage } = outcome;
  const types = Object.fromEntries(
    Object.entries(results).map(([name, { documents, relationFields, cycles }]) => {
      const of = (/** @type {'saveMs' | 'publishMs' | 'toastMs' | 'sequenceMs' | 'unpublishMs' | 'statements' | 'saveStatements'} */ key) => figuresOf(cycles.map((cycle) => cycle[key]));
      const sequenceMs = of('sequenceMs');
      const pass = sequenceMs.p95 !== null && sequenceMs.p95 < TARGET_SEQUENCE_P95_MS;
      return [
        name,
        {
          documents,
          relationFields,
          saveMs: of('saveMs'),
          publishMs: of('publishMs'),
          toastMs: of('toastMs'),
          sequenceMs,
          unpublishMs: of('unpublishMs'),
          saveStatements: of('saveStatements'),
          publishStatements: of('statements'),
          pass,
        },
      ];
    })
  );
  const pass = Object.values(types).every((type) => type.pass);
  const figures = {
    date: new Date().toISOString(),
    options: { documents: options.documents, warmup: options.warmup, scale: options.scale, database: options.database },
    machine: { cores: os.cpus().length, node: process.version, loadAverageStart: loadAverage.start, loadAverageEnd: loadAverage.end },
    target: { sequenceP95Ms: `< ${TARGET_SEQUENCE_P95_MS}` },
    types,
    pass,
  };

  const cell = (/** @type {{ p50: number | null, p95: number | null, max: number | null }} */ spread) => `${spread.p50} / ${spread.p95} / ${spread.max}`;
  console.log('');
  console.log(
    `Publish benchmark: ${options.documents} publishes per type (after ${options.warmup} not counted), ${options.database}, ` +
      `${options.scale ? `demo content + scale ${options.scale}` : 'demo content'}, load average ${loadAverage.start.toFixed(2)} → ${loadAverage.end.toFixed(2)}`
  );
  console.log("  ms, p50 / p95 / max; sequence = save + publish + the admin's follow-up requests (click on Save to the last answer)");
  console.table(
    Object.fromEntries(
      Object.entries(types).map(([name, type]) => [
        name,
        {
          save: cell(type.saveMs),
          publish: cell(type.publishMs),
          'save+publish (toast)': cell(type.toastMs),
          sequence: cell(type.sequenceMs),
          unpublish: cell(type.unpublishMs),
          'SQL save / publish': `${type.saveStatements.p50} / ${type.publishStatements.p50}`,
        },
      ])
    )
  );
  for (const [name, type] of Object.entries(types)) {
    console.log(`  ${type.pass ? 'PASS' : 'FAIL'}  ${name}: sequence p95 ${type.sequenceMs.p95} ms (target < ${TARGET_SEQUENCE_P95_MS} ms), publish p95 ${type.publishMs.p95} ms`);
  }
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);

  const out = options.output || path.join(ROOT, 'bench-results', `publish-bench-${options.database}-${figures.date.replace(/[:.]/g, '-')}.json`);
  writeFigures(out, figures, log);
  return pass;
}

runScript({ name: 'bench:publish', usage: USAGE, parseArgs, run, report });
