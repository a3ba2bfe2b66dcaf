import fs from 'fs';
import os from 'os';
import path from 'path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { postgresServer, testClient } from '../helpers/database';
import { runProcess } from '../helpers/strapi';

type Figures = {
  options: { database: string; redis: boolean; connections: number; duration: number };
  instance: { database: string; redisPrefix: string | null };
  readers: { requests: number; byQuery: Record<string, { requests: number; errors: number }> };
  errors: { total: number; examples: string[] } & Record<string, unknown>;
  editor: { publishes: number };
  staleReads: { total: number; checks: { checker: number; readers: number }; examples: unknown[] };
  pass: boolean;
};

/**
 * `npm run loadtest`, briefly and with few connections, on the database of DATABASE_CLIENT (the
 * operations suite runs on PostgreSQL): the run must see no errors and no stale reads while the
 * editor publishes. Speed and memory are not asserted: the machine decides those.
 */
/** The test servers (TEST_POSTGRES_*, TEST_REDIS_URL), passed on to the load test. */
const server = postgresServer();
const POSTGRES_URL = `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}`;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('npm run loadtest', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-loadtest-test-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the load test with `extra` options; returns its exit code and figures. */
  async function loadtest(name: string, extra: string[]): Promise<{ code: number | null; figures: Figures }> {
    const output = path.join(dir, `${name}.json`);
    const args = [
      'scripts/loadtest.js',
      '--duration',
      '10',
      '--connections',
      '20',
      '--warmup',
      '3',
      '--scale',
      '50',
      '--publish-every',
      '2',
      '--database',
      testClient(),
      '--postgres-url',
      POSTGRES_URL,
      '--output',
      output,
      ...extra,
    ];
    const run = await runProcess(args, { ...process.env }, 280000);
    if (run.timedOut || !fs.existsSync(output)) {
      throw new Error(`The load test wrote no figures (exit code ${run.code}${run.timedOut ? ', timed out' : ''}). Its output:\n${run.output.slice(-6000)}`);
    }
    return { code: run.code, figures: JSON.parse(fs.readFileSync(output, 'utf8')) as Figures };
  }

  /** What must hold for every run, whatever the machine's speed. */
  function expectCleanRun({ code, figures }: { code: number | null; figures: Figures }) {
    // The run did something: readers got answers to every kind of query, the editor published, the checker checked.
    expect(figures.readers.requests).toBeGreaterThan(50);
    expect(Object.keys(figures.readers.byQuery).sort()).toEqual(
      ['case story list', 'case story page', 'municipality content', 'municipality map', 'partnership page', 'partnerships', 'press release page', 'press room', 'search'].sort()
    );
    expect(figures.editor.publishes).toBeGreaterThan(0);
    expect(figures.staleReads.checks.checker).toBeGreaterThan(0);
    expect({ errors: figures.errors.total, examples: figures.errors.examples }).toEqual({ errors: 0, examples: [] });
    expect({ staleReads: figures.staleReads.total, examples: figures.staleReads.examples }).toEqual({ staleReads: 0, examples: [] });
    // The exit code follows the verdict (memory growth on a short, shared run may fail it).
    expect(code).toBe(figures.pass ? 0 : 1);
  }

  test('readers, an editor publishing every 2 seconds and the checker: no errors, no stale reads (in-memory cache)', async () => {
    const run = await loadtest('memory', []);
    expect(run.figures.options).toMatchObject({ database: testClient(), redis: false, connections: 20, duration: 10 });
    expectCleanRun(run);
    // Its database is gone.
    if (testClient() === 'postgres') {
      const client = new Client({ ...server, database: 'postgres' });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [run.figures.instance.database]);
        expect(found.rowCount).toBe(0);
      } finally {
        await client.end();
      }
    } else {
      expect(fs.existsSync(run.figures.instance.database)).toBe(false);
    }
  });

  test('the same with the response cache in Redis, as several instances share it', async () => {
    const run = await loadtest('redis', ['--redis-url', REDIS_URL]);
    expect(run.figures.options).toMatchObject({ database: testClient(), redis: true });
    expectCleanRun(run);
    // Its keys are gone from the shared Redis.
    const prefix = run.figures.instance.redisPrefix;
    expect(prefix).toMatch(/^lpc:loadtest:/);
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
    try {
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  test('bad options are refused with a message, before anything starts', async () => {
    const database = await runProcess(['scripts/loadtest.js', '--database', 'mysql'], { ...process.env }, 30000);
    expect(database.code).toBe(2);
    expect(database.output).toContain('--database takes sqlite or postgres, not "mysql"');
    const connections = await runProcess(['scripts/loadtest.js', '--connections', '0'], { ...process.env }, 30000);
    expect(connections.code).toBe(2);
    expect(connections.output).toContain('--connections takes a whole number of 1 or more, not "0"');
    const unknown = await runProcess(['scripts/loadtest.js', '--users', '5'], { ...process.env }, 30000);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown option --users[\s\S]*--publish-every SECONDS/);
  });
});
