import crypto from 'crypto';
import Redis from 'ioredis';
import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const CM = `/content-manager/collection-types/${CASE_STORY}`;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BY_SLUG = 'query Story($slug: String!) { caseStoryBySlug(slug: $slug, locale: "da") { title } }';
/** The secrets that several instances of one installation share (sessions signed by one are valid on the other). */
const SHARED_SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];

/**
 * Two instances on different ports, one PostgreSQL database and one Redis, as in production:
 * what one instance publishes the other serves at once, the scheduler publishes each due
 * document exactly once, and a client's rate-limit allowance is one across both.
 */
describe('two instances on one PostgreSQL and one Redis', () => {
  const prefix = `lpc-test:${crypto.randomUUID()}:`;
  let a: StrapiInstance;
  let b: StrapiInstance;

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      GRAPHQL_CACHE_REDIS_PREFIX: `${prefix}cache:`,
      RATE_LIMIT: 'true',
      RATE_LIMIT_GRAPHQL: '10',
      RATE_LIMIT_REDIS_PREFIX: `${prefix}rate:`,
      // The test's own requests come straight from 127.0.0.1; the limited clients come "through the proxy".
      RATE_LIMIT_EXEMPT_IPS: '127.0.0.1',
      TRUST_PROXY: 'true',
      SCHEDULED_PUBLISHING_RULE: '*/2 * * * * *',
    };
    a = await startStrapi(env);
    const secrets = Object.fromEntries(SHARED_SECRETS.map((name) => [name, a.env[name] as string]));
    b = await startStrapi({ ...env, ...secrets }, { database: a.database });
  });
  afterAll(async () => {
    await b?.stop({ keepDatabase: true });
    await a?.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  test('both use the one database and Redis; a session signed by one is valid on the other', async () => {
    expect(a.url).not.toBe(b.url);
    for (const instance of [a, b]) {
      const ready = await fetch(`${instance.url}/_ready`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'up', redis: 'up' });
    }
    const token = await a.token();
    const me = await fetch(`${b.url}/admin/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  test('an edit published through one instance is served by the other within a second', async () => {
    const listed = await a.admin('GET', `${CM}?locale=da&page=1&pageSize=1&sort=id:asc`);
    const story = listed.body.results[0] as { documentId: string; slug: string };
    const title = async () => ((await b.query(BY_SLUG, { slug: story.slug })).caseStoryBySlug as { title: string }).title;
    await title(); // cached on B now
    const lags: number[] = [];
    for (let round = 1; round <= 3; round += 1) {
      const next = `Udgivet via instans A, runde ${round}`;
      const saved = await a.admin('PUT', `${CM}/${story.documentId}?locale=da`, { title: next });
      expect(saved.status).toBe(200);
      const published = await a.admin('POST', `${CM}/${story.documentId}/actions/publish?locale=da`, {});
      expect(published.status).toBe(200);
      const returned = Date.now();
      while ((await title()) !== next) {
        if (Date.now() - returned > 1000) throw new Error(`Instance B still served the old title ${Date.now() - returned} ms after the publish returned`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      lags.push(Date.now() - returned);
    }
    console.log(`[instances] B served each publish of A after ${lags.join(', ')} ms`);
  });

  test('the scheduler publishes each due document exactly once, though both instances run it', async () => {
    const due = new Date(Date.now() + 3000).toISOString();
    const ids: string[] = [];
    for (let i = 1; i <= 8; i += 1) {
      ids.push(await a.createDocument(CASE_STORY, 'da', { title: `Planlagt historie ${i}`, summary: 'Udgives af planlæggeren.', publishAt: due }));
    }
    const deadline = Date.now() + 30000;
    const publishedIds = async () => {
      const found = await a.query<{ caseStories: Array<{ documentId: string }> }>(
        'query Due($ids: [ID]) { caseStories(locale: "da", filters: { documentId: { in: $ids } }, pagination: { limit: 100 }) { documentId } }',
        { ids }
      );
      return new Set(found.caseStories.map((story) => story.documentId));
    };
    while ((await publishedIds()).size < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await publishedIds()).size).toBe(ids.length);
    // Two more passes of both schedulers: nothing is published again.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const lines = [...a.logs().split('\n'), ...b.logs().split('\n')].filter((line) => line.includes('[schedule] published'));
    const byDocument = new Map(ids.map((id) => [id, lines.filter((line) => line.includes(id)).length]));
    const fromA = lines.filter((line) => a.logs().includes(line)).length;
    console.log(`[instances] ${ids.length} scheduled documents: published ${lines.length} times in all (${fromA} by A, ${lines.length - fromA} by B)`);
    expect([...byDocument.values()]).toEqual(ids.map(() => 1));
  });

  test("a client's rate-limit allowance is shared: ten requests spread over both instances, then 429 on either", async () => {
    const from = (instance: StrapiInstance) =>
      fetch(`${instance.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.30' },
        body: JSON.stringify({ query: '{ caseStories(locale: "da") { title } }' }),
      });
    for (let i = 0; i < 10; i += 1) expect((await from(i % 2 ? a : b)).status).toBe(200);
    expect((await from(a)).status).toBe(429);
    expect((await from(b)).status).toBe(429);
  });
});
