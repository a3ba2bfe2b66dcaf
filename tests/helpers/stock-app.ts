/**
 * A stock Strapi 5 app (tests/fixtures/stock-app: plain JavaScript, no code of the project) in a
 * temporary directory, for proving that strapi-plugin-graphql-acceleration works when installed
 * from its packed tarball.
 *
 * Nothing is installed: the temporary app's node_modules holds a symlink to each entry of the
 * project's node_modules, and the plugin, extracted from its tarball, as a real directory beside
 * them. Every Node process of the app runs with --preserve-symlinks(-main), so that modules are
 * known by their path inside the temporary app, as in a real install: Strapi looks an installed
 * plugin up with `require('<package>/package.json')` from @strapi/core's own directory, which
 * without these flags would be the project's node_modules, where the tarball's copy is not.
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import * as tar from 'tar';
import { freePort, freshSecrets } from './strapi';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'stock-app');
/** The plugin's sources; PLUGIN_PROOF_DIR may point elsewhere (another checkout, or nowhere to see the test fail). */
export const PLUGIN_DIR = path.resolve(process.env.PLUGIN_PROOF_DIR || path.join(ROOT, 'plugins', 'graphql-acceleration'));
export const PLUGIN_PACKAGE = 'strapi-plugin-graphql-acceleration';
export const PLUGIN_NAME = 'graphql-acceleration';

const NODE_FLAGS = ['--preserve-symlinks', '--preserve-symlinks-main'];
const STRAPI_BIN = path.join('node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** A temporary copy of the fixture: `appDir` is the app, `databaseFile` its SQLite file (outside the app). */
export type StockApp = {
  root: string;
  appDir: string;
  databaseFile: string;
  /** Removes the temporary directory (the app, its database and any packed tarball in it). */
  remove(): void;
};

/** Copies the fixture under os.tmpdir() and gives it a node_modules of symlinks to the project's. */
export function createStockApp(): StockApp {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stock-strapi-'));
  const appDir = path.join(root, 'app');
  // Not what a run of the fixture in place may have left (its own node_modules, database, notifier state).
  const leftovers = new Set(['node_modules', '.tmp', '.strapi-updater.json', '.env']);
  fs.cpSync(FIXTURE, appDir, { recursive: true, filter: (source) => !leftovers.has(path.relative(FIXTURE, source)) });
  // The local upload provider refuses to start without it; Git keeps it through a .gitkeep.
  fs.mkdirSync(path.join(appDir, 'public', 'uploads'), { recursive: true });
  linkNodeModules(appDir);
  return {
    root,
    appDir,
    databaseFile: path.join(root, 'data.db'),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * `appDir/node_modules`: one symlink per entry of the project's node_modules (a scope such as
 * `@strapi` is linked as a whole), except dot entries and the plugin's package, whose place stays
 * free for a real directory (installTarball).
 */
export function linkNodeModules(appDir: string): void {
  const source = path.join(ROOT, 'node_modules');
  const target = path.join(appDir, 'node_modules');
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source)) {
    if (entry.startsWith('.') || entry === PLUGIN_PACKAGE) continue;
    fs.symlinkSync(path.join(source, entry), path.join(target, entry), 'dir');
  }
}

/** A closed environment for a process of the app: fresh secrets, no variable of the developer's shell. */
function appEnv(app: StockApp, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Boots without an admin build as long as config/admin.js says serveAdminPanel: false.
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_FILENAME: app.databaseFile,
    ...freshSecrets(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    ACCELERATION: 'false',
    ...extra,
  };
}

type Result = { code: number | null; stdout: string; stderr: string };

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Runs a JavaScript snippet with Node in the app (as its own script would run), failing with its output. */
async function runInApp(app: StockApp, script: string, extraEnv: Record<string, string> = {}, timeoutMs = 120000): Promise<string> {
  const result = await run(process.execPath, [...NODE_FLAGS, '-e', script], { cwd: app.appDir, env: appEnv(app, extraEnv), timeoutMs });
  if (result.code !== 0) {
    throw new Error(`A script in the stock app failed (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-8000)}`);
  }
  return result.stdout;
}

const SEED_SCRIPT = `
const { createStrapi } = require('@strapi/strapi');
(async () => {
  const app = await createStrapi({ appDir: process.cwd(), distDir: process.cwd() }).load();
  const publicRole = await app.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!publicRole) throw new Error('users-permissions made no public role');
  for (const uid of ['api::article.article', 'api::author.author']) {
    for (const verb of ['find', 'findOne']) {
      const action = uid + '.' + verb;
      const known = await app.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: publicRole.id } });
      if (!known) await app.db.query('plugin::users-permissions.permission').create({ data: { action, role: publicRole.id } });
    }
  }
  const authors = [];
  for (let i = 1; i <= Number(process.env.SEED_AUTHORS); i++) {
    authors.push(await app.documents('api::author.author').create({ data: { name: 'Author ' + i } }));
  }
  for (let i = 1; i <= Number(process.env.SEED_ARTICLES); i++) {
    const author = authors[(i - 1) % authors.length];
    await app.documents('api::article.article').create({
      data: { title: 'Article ' + String(i).padStart(3, '0'), author: author.documentId },
      status: 'published',
    });
  }
  const published = await app.documents('api::article.article').count({ status: 'published' });
  process.stdout.write('\\nSEEDED ' + JSON.stringify({ authors: authors.length, published }) + '\\n');
  await app.destroy();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/**
 * Creates the database (a first `createStrapi().load()` in a child process) and fills it: authors,
 * published articles each with an author, and find/findOne of both types for the public role of
 * users-permissions. The app itself stays stock: no code of it grants anything.
 */
export async function seedStockApp(app: StockApp, { authors = 5, articles = 60 } = {}): Promise<{ authors: number; published: number }> {
  const stdout = await runInApp(app, SEED_SCRIPT, { SEED_AUTHORS: String(authors), SEED_ARTICLES: String(articles) });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('SEEDED '));
  if (!line) throw new Error(`The seed script reported nothing:\n${stdout.slice(-4000)}`);
  return JSON.parse(line.slice('SEEDED '.length)) as { authors: number; published: number };
}

/** Git ignores it (.gitignore: tests/.artifacts/). */
const ARTIFACTS = path.join(ROOT, 'tests', '.artifacts');

/**
 * `npm pack` of the plugin, into a new temporary directory (or `destination`); returns the tarball's
 * path. npm runs the package's `prepack` script (the plugin compiles its TypeScript there), so the
 * pack happens in a copy of `pluginDir` (all but node_modules): the plugin's own directory, which
 * someone may be editing, gets no build output from a test run. The copy lies under
 * tests/.artifacts, inside the project, so that the build finds the project's node_modules (tsc,
 * types) by walking up real directories: beside a node_modules symlink, tsc's declaration emit
 * fails with TS2742 ("cannot be named without a reference to …/node_modules/@strapi/types").
 */
export async function packPlugin(pluginDir: string, destination = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-pack-'))): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const workspace = fs.mkdtempSync(path.join(ARTIFACTS, 'plugin-pack-'));
  try {
    const copy = path.join(workspace, path.basename(pluginDir));
    fs.cpSync(pluginDir, copy, { recursive: true, filter: (source) => path.relative(pluginDir, source) !== 'node_modules' });
    if (fs.existsSync(path.join(pluginDir, 'node_modules'))) fs.symlinkSync(path.join(pluginDir, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    return await npmPack(copy, destination);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    // Left only when nothing else is in it.
    if (fs.readdirSync(ARTIFACTS).length === 0) fs.rmdirSync(ARTIFACTS);
  }
}

async function npmPack(packageDir: string, destination: string): Promise<string> {
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: packageDir, env });
  if (result.code !== 0) throw new Error(`npm pack failed in ${packageDir} (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  // Lifecycle scripts (prepack) may print before the JSON; the report is the last JSON array.
  const start = result.stdout.lastIndexOf('\n[');
  const report = JSON.parse(result.stdout.slice(start === -1 ? 0 : start + 1)) as Array<{ filename: string }>;
  const tarball = path.join(destination, report[0].filename);
  if (!fs.existsSync(tarball)) throw new Error(`npm pack reported ${report[0].filename}, but ${tarball} does not exist`);
  return tarball;
}

/** What installTarball put in place. */
export type InstalledPlugin = { dir: string; version: string; files: string[] };

/**
 * Extracts the tarball into `appDir/node_modules/strapi-plugin-graphql-acceleration` (a real
 * directory) and adds the package to the app's package.json dependencies, where Strapi looks for
 * installed plugins. Fails when the package is not that Strapi plugin, or when one of its
 * dependencies is not resolvable from it (an npm install would fetch it; this harness does not).
 */
export async function installTarball(appDir: string, tarball: string): Promise<InstalledPlugin> {
  const dir = path.join(appDir, 'node_modules', PLUGIN_PACKAGE);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await tar.x({ file: tarball, cwd: dir, strip: 1 });
  const packageJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    strapi?: { kind?: string; name?: string };
    dependencies?: Record<string, string>;
  };
  if (packageJson.name !== PLUGIN_PACKAGE) throw new Error(`${tarball} holds the package "${packageJson.name}", not ${PLUGIN_PACKAGE}`);
  if (packageJson.strapi?.kind !== 'plugin' || packageJson.strapi.name !== PLUGIN_NAME) {
    throw new Error(`${PLUGIN_PACKAGE}'s package.json needs "strapi": {"kind": "plugin", "name": "${PLUGIN_NAME}"}, it has ${JSON.stringify(packageJson.strapi)}`);
  }
  const missing = Object.keys(packageJson.dependencies ?? {}).filter((dependency) => {
    // A dependency is installed in node_modules/<name> of the plugin or of an ancestor directory.
    for (let at = dir; ; at = path.dirname(at)) {
      if (fs.existsSync(path.join(at, 'node_modules', dependency, 'package.json'))) return false;
      if (path.dirname(at) === at) return true;
    }
  });
  if (missing.length) {
    throw new Error(`${PLUGIN_PACKAGE} depends on ${missing.join(', ')}, which the project's node_modules does not have (the stock app only links those)`);
  }
  const appPackagePath = path.join(appDir, 'package.json');
  const appPackage = JSON.parse(fs.readFileSync(appPackagePath, 'utf8')) as { dependencies?: Record<string, string> };
  appPackage.dependencies = { ...appPackage.dependencies, [PLUGIN_PACKAGE]: `file:${tarball}` };
  fs.writeFileSync(appPackagePath, `${JSON.stringify(appPackage, null, 2)}\n`);
  return { dir, version: packageJson.version ?? '', files: listFiles(dir) };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

/**
 * Where @strapi/core of the app resolves the plugin's package.json from (it does
 * `require('<package>/package.json')` in its plugin loader), or null when it does not.
 */
export async function pluginResolvedFrom(app: StockApp): Promise<string | null> {
  const script = `
    const core = require.resolve('@strapi/core/package.json');
    try { process.stdout.write(require.resolve('${PLUGIN_PACKAGE}/package.json', { paths: [require('path').dirname(core)] })); }
    catch { process.stdout.write(''); }`;
  const stdout = await runInApp(app, script, {}, 30000);
  return stdout ? path.dirname(stdout) : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type GraphQLResult<T> = {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
};

/** The SQL statements knex ran while a function ran, and what the function returned. */
export type Recorded<T> = { count: number; statements: string[]; result: T };

/** A running `strapi start` of the stock app. */
export type RunningStockApp = {
  url: string;
  /** A POST to /graphql, anonymous unless a bearer token is given. */
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  /** How many SQL statements knex ran (DEBUG=knex:query lines on stderr) while `fn` ran. */
  statementsDuring(fn: () => Promise<unknown>): Promise<number>;
  /** The same, with the statements themselves and `fn`'s result. */
  recordStatements<T>(fn: () => Promise<T>): Promise<Recorded<T>>;
  /**
   * A full-access API token, as an editor's integration would hold: the first administrator is
   * registered through the admin API (once per database), then the token created with its session.
   */
  apiToken(): Promise<string>;
  /** Everything the server printed (stdout and stderr, the last 400 kB). */
  logs(): string;
  stop(): Promise<void>;
};

/**
 * A knex:query line of the `debug` package on a stream that is no TTY:
 * `2026-12-04T18:45:23.420Z knex:query select … undefined`. (On a TTY it would be coloured and
 * without the date.) A statement spanning lines has the prefix on its first line only.
 */
const STATEMENT_LINE = /^(?:\S+ )?knex:query /;

/**
 * Starts `strapi start` in the app on a free port with fresh secrets and DEBUG=knex:query, the
 * acceleration plugin on or off (ACCELERATION, read by the app's config/plugins.js), and waits
 * until GET /_health answers 204.
 */
export async function startStockApp(app: StockApp, { accelerate }: { accelerate: boolean }): Promise<RunningStockApp> {
  const port = await freePort();
  const env = appEnv(app, { PORT: String(port), DEBUG: 'knex:query', ACCELERATION: String(accelerate) });
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, STRAPI_BIN, 'start'], { cwd: app.appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (text: string) => {
    output = (output + text).slice(-400000);
  };
  const statements: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => keep(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    keep(text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (STATEMENT_LINE.test(line)) statements.push(line.replace(STATEMENT_LINE, ''));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  let healthy = false;
  while (Date.now() < deadline && running()) {
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 204) {
        healthy = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  if (!healthy) {
    const code = child.exitCode;
    await stop();
    throw new Error(`The stock app did not start (accelerate: ${accelerate}, exit code ${code}). Its output:\n${output.slice(-8000)}`);
  }

  const graphql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Omit<GraphQLResult<T>, 'status' | 'headers'>;
    try {
      body = JSON.parse(text) as Omit<GraphQLResult<T>, 'status' | 'headers'>;
    } catch {
      throw new Error(`/graphql answered HTTP ${response.status} with no JSON: ${text.slice(0, 2000)}`);
    }
    return { status: response.status, headers: response.headers, ...body };
  };

  const recordStatements = async <T>(fn: () => Promise<T>): Promise<Recorded<T>> => {
    // Lines of an earlier request that arrive late must not count here.
    await sleep(100);
    const start = statements.length;
    const result = await fn();
    // The statements of a request are printed before its response is sent, but the pipe may lag.
    await sleep(100);
    const during = statements.slice(start);
    return { count: during.length, statements: during, result };
  };

  const adminApi = async (route: string, body: unknown, jwt?: string) => {
    const response = await fetch(`${url}/admin/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { data?: Record<string, any>; error?: unknown };
    if (!response.ok || !json.data) throw new Error(`POST /admin/${route} answered HTTP ${response.status}: ${JSON.stringify(json)}`);
    return json.data;
  };
  const apiToken = async () => {
    const { token } = await adminApi('register-admin', { firstname: 'Stock', lastname: 'Editor', email: 'editor@example.com', password: 'Stock-Editor-2026' });
    const created = await adminApi('api-tokens', { name: `proof-${Date.now()}`, type: 'full-access', lifespan: null, description: '' }, token as string);
    return created.accessKey as string;
  };

  return {
    url,
    graphql,
    apiToken,
    recordStatements,
    statementsDuring: async (fn) => (await recordStatements(fn)).count,
    logs: () => output,
    stop,
  };
}
