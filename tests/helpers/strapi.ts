import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import net from 'net';
import path from 'path';
import { createTestDatabase, type TestDatabase } from './database';

export const ROOT = path.resolve(__dirname, '..', '..');
const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** A 1×1 PNG, for uploads. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const TEST_ADMIN = { email: 'editor@example.com', password: 'Redaktion-Test-2025' };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 250 ms until it returns true (true) or `timeoutMs` passes (false). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

/**
 * What a contact needs to be shown publicly (src/content-rules/contacts.ts): shown in the locale
 * it is written in, a lawful basis, and a review date a year ahead.
 */
export function publicContact(): { showPublicly: true; lawfulBasis: string; reviewDate: string } {
  const review = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  return { showPublicly: true, lawfulBasis: 'public_task', reviewDate: review.toISOString().slice(0, 10) };
}

export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
};

/**
 * The start of the current minute (ISO), a time the server takes as "now" for a publishAt or a
 * release date (the admin's picker takes minutes). Within the last 3 seconds of a minute it first
 * waits for the next one, so that the request reaches the server in the same minute.
 */
export function thisMinute(): string {
  const left = 60000 - (Date.now() % 60000);
  if (left < 3000) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, left + 20);
  return new Date(Math.floor(Date.now() / 60000) * 60000).toISOString();
}

const secret = () => crypto.randomBytes(24).toString('base64');

/**
 * TEST_PLAIN_PATHS=true (`npm run test:plain`) runs every instance with the paths that rest on
 * Strapi internals switched off (graphql-acceleration's stock loading and no response cache,
 * production-guards' fair turns), so that the plain path stays correct; a test may still switch
 * them on itself.
 */
export const PLAIN_PATHS = process.env.TEST_PLAIN_PATHS === 'true';
const plainPathSwitches = (): Record<string, string> => (PLAIN_PATHS ? { GRAPHQL_BATCHING: 'false', GRAPHQL_CACHE: 'false', FAIR_TURNS: 'false' } : {});

/** `describe`, skipped in the plain-path run: for suites that exist to prove the accelerated paths (statement budgets, cache hits). */
export const describeAccelerated: jest.Describe = PLAIN_PATHS ? describe.skip : describe;

/** Fresh secrets and a closed `.env`: a test instance never reads the developer's configuration. */
/** Fresh random values for every secret a Strapi app reads. */
export const freshSecrets = () => ({
  APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret(),
  ADMIN_JWT_SECRET: secret(),
  TRANSFER_TOKEN_SALT: secret(),
  JWT_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
});

export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    ENV_PATH: path.join(ROOT, 'tests', '.no-such-env-file'),
    HOST: '127.0.0.1',
    ...freshSecrets(),
    ...plainPathSwitches(),
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type ProcessResult = { code: number | null; output: string; timedOut: boolean };

/** Runs a command of the project to its end (or until `timeoutMs`), collecting stdout and stderr. */
export function runProcess(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90000): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut: signal === 'SIGKILL' });
    });
  });
}

export const strapiCommand = (...args: string[]) => [STRAPI_BIN, ...args];

export class StrapiInstance {
  private adminToken?: string;

  constructor(
    readonly url: string,
    readonly env: NodeJS.ProcessEnv,
    readonly database: TestDatabase,
    private readonly child: ChildProcess,
    private readonly log: () => string
  ) {}

  /** A GraphQL request, anonymous unless `headers` say otherwise, as a web team's frontend sends it. */
  async graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  }

  /** GraphQL data, failing the test with the server's errors when there are any. */
  async query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.graphql<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }

  /** A JWT of the test super admin (created at boot from ADMIN_EMAIL/ADMIN_PASSWORD). */
  async token(): Promise<string> {
    if (!this.adminToken) {
      const login = await fetch(`${this.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      const payload = (await login.json()) as { data?: { token?: string } };
      if (!payload.data?.token) throw new Error(`Admin login failed: HTTP ${login.status} ${JSON.stringify(payload)}`);
      this.adminToken = payload.data.token;
    }
    return this.adminToken;
  }

  /**
   * A request to the admin API as the test super admin (or as the admin user of `headers`'
   * authorization). The test super admin has picked no interface language and no Accept-Language
   * is sent unless `headers` has one, so the server's messages are in Danish, the admin's default.
   */
  async admin(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** Invites a user with an admin role (by its code, as a Super Admin does) and registers them; returns their admin JWT. */
  async registerAdminUser(roleCode: string, email: string, password: string): Promise<string> {
    const roles = await this.admin('GET', '/admin/roles');
    const role = (roles.body?.data ?? []).find((candidate: { code: string }) => candidate.code === roleCode);
    if (!role) throw new Error(`No admin role with the code ${roleCode}: HTTP ${roles.status} ${JSON.stringify(roles.body)}`);
    const firstname = roleCode.replace(/^strapi-/, '');
    const invited = await this.admin('POST', '/admin/users', { firstname, lastname: 'Test', email, roles: [role.id] });
    if (invited.status !== 201) throw new Error(`Inviting ${email} failed: HTTP ${invited.status} ${JSON.stringify(invited.body)}`);
    const registered = await fetch(`${this.url}/admin/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationToken: invited.body.data.registrationToken, userInfo: { firstname, lastname: 'Test', password } }),
    });
    const payload = (await registered.json()) as { data?: { token?: string } };
    if (registered.status !== 200 || !payload.data?.token) throw new Error(`Registering ${email} failed: HTTP ${registered.status} ${JSON.stringify(payload)}`);
    return payload.data.token;
  }

  /** Uploads a file to the media library as an editor does; returns its id. */
  async uploadFile(name: string, bytes: Buffer, mime: string, alternativeText: string): Promise<number> {
    const form = new FormData();
    form.append('files', new Blob([bytes], { type: mime }), name);
    form.append('fileInfo', JSON.stringify({ name, alternativeText }));
    const response = await fetch(`${this.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await this.token()}` }, body: form });
    const body = (await response.json()) as Array<{ id: number }>;
    if (response.status !== 201) throw new Error(`Upload failed: HTTP ${response.status} ${JSON.stringify(body)}`);
    return body[0].id;
  }

  /** Creates a document in the Content Manager, as an editor does; `publish` also publishes it. */
  async createDocument(uid: string, locale: string | null, data: Record<string, unknown>, { publish = false } = {}) {
    const query = locale ? `?locale=${locale}` : '';
    const created = await this.admin('POST', `/content-manager/collection-types/${uid}${query}`, data);
    if (created.status !== 201 && created.status !== 200) {
      throw new Error(`Creating ${uid} failed: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    }
    const documentId: string = created.body.data.documentId;
    if (publish) {
      const published = await this.admin('POST', `/content-manager/collection-types/${uid}/${documentId}/actions/publish${query}`, {});
      if (published.status !== 200 && published.status !== 201) {
        throw new Error(`Publishing ${uid} failed: HTTP ${published.status} ${JSON.stringify(published.body)}`);
      }
    }
    return documentId;
  }

  logs(): string {
    return this.log();
  }

  /** Whether the server process is still running (it has neither exited nor been killed). */
  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the server at once (SIGKILL: no shutdown, as a crash or an OOM kill), keeping its database. */
  async kill(): Promise<void> {
    if (!this.running()) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server and drops its database, unless the caller still needs it. */
  async stop({ keepDatabase = false } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    if (!keepDatabase) await this.database.drop();
  }
}

/**
 * Starts `strapi start` on a free port and a database of its own (SQLite file, or a new PostgreSQL
 * database when DATABASE_CLIENT=postgres) or the one given, and waits until it answers /_health.
 */
export async function startStrapi(extraEnv: Record<string, string> = {}, { database: given }: { database?: TestDatabase } = {}): Promise<StrapiInstance> {
  const database = given ?? (await createTestDatabase());
  const port = await freePort();
  const env = baseEnv({ PORT: String(port), ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...database.env, ...extraEnv });
  const child = spawn(process.execPath, strapiCommand('start'), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 204) return new StrapiInstance(url, env, database, child, () => output);
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  await database.drop();
  throw new Error(`Strapi did not start (exit code ${child.exitCode}). Its output:\n${output.slice(-8000)}`);
}
