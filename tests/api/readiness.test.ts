import { spawn, type ChildProcess } from 'child_process';
import { freePort, startStrapi, type StrapiInstance } from '../helpers/strapi';

const REDIS_SERVER = process.env.REDIS_SERVER_PATH || 'redis-server';

/** A Redis server of the test's own (the machine's redis-server binary), so it can be stopped. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10000);
    child.on('error', (error) => reject(new Error(`${REDIS_SERVER} could not be started: ${error.message}`)));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

const stop = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGKILL'))));

/** /_ready: 200 when the database and Redis answer, 503 quickly when Redis does not, 200 again after. */
describe('readiness', () => {
  let app: StrapiInstance;
  let redis: ChildProcess;
  let redisPort: number;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    // Redis as the response cache's shared store (the cache on even in `npm run test:plain`).
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', REDIS_URL: `redis://127.0.0.1:${redisPort}`, GRAPHQL_CACHE: 'true' });
  });
  afterAll(async () => {
    await app?.stop();
    if (redis) await stop(redis);
  });

  async function ready(): Promise<{ status: number; body: any; ms: number }> {
    const started = Date.now();
    const response = await fetch(`${app.url}/_ready`);
    return { status: response.status, body: await response.json(), ms: Date.now() - started };
  }

  test('ready while the database and Redis answer; /_health stays as Strapi has it', async () => {
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready', database: 'up', redis: 'up' } });
    expect((await fetch(`${app.url}/_health`)).status).toBe(204);
  });

  test('503 within the readiness timeout while Redis is down, ready again once it is back', async () => {
    await stop(redis);
    const down = await ready();
    expect(down).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'up', redis: 'down' } });
    expect(down.ms).toBeLessThan(3000);
    // The process keeps serving what does not need Redis.
    expect((await fetch(`${app.url}/_health`)).status).toBe(204);

    redis = await startRedis(redisPort);
    const deadline = Date.now() + 15000;
    let again = await ready();
    while (again.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      again = await ready();
    }
    expect(again).toMatchObject({ status: 200, body: { redis: 'up' } });
  });
});
