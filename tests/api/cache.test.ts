import crypto from 'crypto';
import http from 'http';
import { describeAccelerated, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const CM = '/content-manager/collection-types';
const STORIES = `query Stories($locale: I18NLocaleCode) { caseStories(locale: $locale, sort: "title") { documentId title } }`;

async function firstStory(app: StrapiInstance): Promise<{ documentId: string; title: string }> {
  return (await app.query(STORIES, { locale: 'da' })).caseStories[0];
}

/** An editor's save publishes and changes the case story's Danish title. */
async function publishNewTitle(app: StrapiInstance, documentId: string, title: string) {
  const saved = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title });
  expect(saved.status).toBe(200);
  const published = await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {});
  expect(published.status).toBe(200);
}

describeAccelerated('the response cache (in memory)', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ DIAGNOSTIC_HEADERS: 'true' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('a repeated anonymous query is served from the cache, whatever its whitespace or variable order', async () => {
    const first = await app.graphql(STORIES, { locale: 'en' });
    expect(first.headers.get('x-cache')).toBe('MISS');
    const again = await app.graphql(
      `query Stories($locale: I18NLocaleCode) {
      caseStories(locale: $locale, sort: "title") { documentId   title }
    }`,
      { locale: 'en' }
    );
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.data).toEqual(first.data);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const otherLocale = await app.graphql(STORIES, { locale: 'da' });
    expect(otherLocale.headers.get('x-cache')).toBe('MISS');
  });

  test("an editor's save is served at once: the cache is invalidated before the save returns", async () => {
    const story = await firstStory(app);
    expect((await app.graphql(STORIES, { locale: 'da' })).headers.get('x-cache')).toBe('HIT');
    await publishNewTitle(app, story.documentId, `${story.title} (rettet)`);
    const after = await app.graphql(STORIES, { locale: 'da' });
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.data!.caseStories.map((s: { title: string }) => s.title)).toContain(`${story.title} (rettet)`);
  });

  /** A plain GET as a CDN sends it (fetch() would add Cache-Control: no-cache to a conditional request). */
  function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { headers }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        })
        .on('error', reject);
    });
  }

  test('GET answers carry an ETag and Cache-Control for CDNs, and a matching If-None-Match gets 304', async () => {
    const url = `${app.url}/graphql?query=${encodeURIComponent('{ municipalities(filters: { code: { eq: "751" } }) { name } }')}`;
    const headers = { 'apollo-require-preflight': 'true' };
    const first = await get(url, headers);
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(JSON.parse(first.body)).toEqual({ data: { municipalities: [{ name: 'Aarhus' }] } });
    const revalidated = await get(url, { ...headers, 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBe('');
    const changed = await get(url, { ...headers, 'if-none-match': 'W/"something-else"' });
    expect(changed.status).toBe(200);
  });

  test('a conditional GET is answered 304 whatever its Accept and Cache-Control (fetch() sends no-cache with If-None-Match), from the cache and from Apollo', async () => {
    const query = (code: string) => `${app.url}/graphql?query=${encodeURIComponent(`{ municipalities(filters: { code: { eq: "${code}" } }) { name } }`)}`;
    const accepts = [undefined, 'application/json', 'application/graphql-response+json, application/json;q=0.9', '*/*'];
    // The first request of each URL misses the cache and stores its answer; the conditional ones hit it.
    for (const [index, accept] of accepts.entries()) {
      const url = query(['461', '101', '147', '851'][index]);
      const headers = { 'apollo-require-preflight': 'true', ...(accept ? { accept } : {}) };
      const first = await fetch(url, { headers });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      for (const cacheControl of [undefined, 'no-cache', 'max-age=0']) {
        const again = await get(url, { ...headers, 'if-none-match': `"other", ${etag}`, ...(cacheControl ? { 'cache-control': cacheControl } : {}) });
        expect([accept, cacheControl, again.status, again.headers['x-cache']]).toEqual([accept, cacheControl, 304, 'HIT']);
      }
      // What a browser's or Node's fetch() sends: the same request, Cache-Control: no-cache added.
      const revalidated = await fetch(url, { headers: { ...headers, 'if-none-match': etag } });
      expect([accept, revalidated.status]).toEqual([accept, 304]);
    }
    // A miss whose answer did not change (the cache dropped it) is still 304: Apollo's path.
    const url = query('751');
    const headers = { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json, application/json;q=0.9' };
    const etag = (await fetch(url, { headers })).headers.get('etag')!;
    // A save of another municipality drops every answer about municipalities.
    const [odense] = (await app.query('{ municipalities(filters: { code: { eq: "461" } }) { documentId name } }')).municipalities;
    expect((await app.admin('PUT', `${CM}/api::municipality.municipality/${odense.documentId}`, { name: odense.name })).status).toBe(200);
    expect((await get(url, headers)).headers['x-cache']).toBe('MISS');
    await app.admin('PUT', `${CM}/api::municipality.municipality/${odense.documentId}`, { name: odense.name });
    const afterWrite = await get(url, { ...headers, 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect([afterWrite.status, afterWrite.headers['x-cache']]).toEqual([304, 'MISS']);
    const other = await get(url, { ...headers, 'if-none-match': 'W/"something-else"', 'cache-control': 'no-cache' });
    expect(other.status).toBe(200);
  });

  test('a cached answer has the bytes and headers of the fresh one: JSON, security headers, CORS', async () => {
    const send = () =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://bibliotek.example.dk' },
        body: JSON.stringify({ query: '{ focusAreas(locale: "da", sort: "title") { title } }' }),
      });
    const fresh = await send();
    const freshBody = await fresh.text();
    // The first hit from an origin is answered by the middleware, after Koa's global middlewares;
    // the next ones before Koa, with the headers that answer got.
    const cached = await send();
    const cachedBody = await cached.text();
    const early = await send();
    const earlyBody = await early.text();
    expect([fresh, cached, early].map((answer) => answer.headers.get('x-cache'))).toEqual(['MISS', 'HIT', 'HIT']);
    // Sent before routing, auth and Apollo, and without touching the database.
    expect(cached.headers.get('x-cache-path')).toBe('early');
    expect(early.headers.get('x-cache-path')).toBe('listener');
    expect([cached, early].map((answer) => answer.headers.get('x-sql-statements'))).toEqual(['0', '0']);
    expect([cachedBody, earlyBody]).toEqual([freshBody, freshBody]);
    const comparable = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !['date', 'x-cache', 'x-cache-path', 'x-sql-statements'].includes(name)));
    expect(comparable(cached.headers)).toEqual(comparable(fresh.headers));
    expect(comparable(early.headers)).toEqual(comparable(fresh.headers));
    expect(early.headers.get('content-security-policy')).toBeTruthy();
    expect(early.headers.get('access-control-allow-origin')).toBe(fresh.headers.get('access-control-allow-origin'));
    // Logged as Strapi's logger logs the requests Koa answers.
    const logged = () =>
      app
        .logs()
        .split('\n')
        .filter((line) => line.includes('POST /graphql (')).length;
    /** The count once the server's output has stopped growing (it arrives through a pipe). */
    const settled = async () => {
      let count = -1;
      while (count !== logged()) {
        count = logged();
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return count;
    };
    const before = await settled();
    expect((await send()).headers.get('x-cache-path')).toBe('listener');
    expect(await settled()).toBe(before + 1);
  });

  test('requests from an origin without a learned answer, misses and malformed bodies go through Koa as before', async () => {
    const post = (body: string, origin?: string) => fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body });
    const query = JSON.stringify({ query: '{ focusAreas(locale: "en", sort: "title") { title } }' });
    await post(query);
    await post(query);
    expect((await post(query)).headers.get('x-cache-path')).toBe('listener');
    // Another origin: its first hit takes the middleware path, whose headers (its CORS) it needs.
    const otherOrigin = await post(query, 'https://andet-bibliotek.example.dk');
    expect(otherOrigin.headers.get('x-cache-path')).toBe('early');
    // A miss read by the listener reaches Apollo with its whole body.
    const longTitle = 'x'.repeat(20000);
    const miss = await post(JSON.stringify({ query: 'query Long($q: String) { focusAreas(locale: "en", filters: { title: { eq: $q } }) { title } }', variables: { q: longTitle } }));
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(await miss.json()).toEqual({ data: { focusAreas: [] } });
    // Koa's body parser still judges what the listener does not answer.
    const broken = await post('{"query": ');
    expect(broken.status).toBe(400);
    const poisoned = await post('{"query": "{ focusAreas { title } }", "__proto__": { "x": 1 }}');
    expect(poisoned.status).toBe(400);
    // Variables nested deeper than the cache key's walk goes: judged by Apollo, uncached, and
    // refused there as nested deeper than FILTER_MAX_DEPTH (no 500).
    const depth = 5000;
    const deep = await post(`{"query": "{ focusAreas(locale: \\"en\\", sort: \\"title\\") { title } }", "variables": {"v": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}}`);
    expect(deep.status).toBe(400);
    expect(deep.headers.get('x-cache')).toBe('BYPASS');
    expect(((await deep.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/variable "\$v" nests/);
  });

  test("a GET without Apollo's CSRF preflight header is refused even when its answer is cached", async () => {
    const url = `${app.url}/graphql?query=${encodeURIComponent('{ focusAreas(locale: "da", sort: "title") { title } }')}`;
    expect((await get(url, { 'apollo-require-preflight': 'true' })).status).toBe(200);
    const simple = await get(url, {});
    expect(simple.status).toBe(400);
    expect(simple.body).toContain('CSRF');
  });

  test('authenticated requests bypass the cache, and API tokens may read drafts', async () => {
    const created = await app.admin('POST', '/admin/api-tokens', { name: `preview-${crypto.randomUUID()}`, type: 'read-only', lifespan: null });
    expect(created.status).toBe(201);
    const auth = { authorization: `Bearer ${created.body.data.accessKey}` };
    const published = await app.graphql(STORIES, { locale: 'da' }, auth);
    expect(published.errors).toBeUndefined();
    expect(published.headers.get('x-cache')).toBe('BYPASS');
    expect(published.headers.get('cache-control')).toBe('private, no-store');
    await app.createDocument(CASE_STORY, 'da', { title: 'Forhåndsvisning', slug: 'forhaandsvisning' });
    const drafts = await app.graphql(`{ caseStories(status: DRAFT, filters: { slug: { eq: "forhaandsvisning" } }) { title } }`, undefined, auth);
    expect(drafts.data).toEqual({ caseStories: [{ title: 'Forhåndsvisning' }] });
    expect(drafts.headers.get('x-cache')).toBe('BYPASS');
  });

  test('identical queries missing the cache at the same moment run once; the others are answered from what it stored', async () => {
    const story = await firstStory(app);
    await publishNewTitle(app, story.documentId, 'Samtidige læsere');
    const query = `query Crowd($locale: I18NLocaleCode) { caseStories(locale: $locale, sort: "title") { documentId title municipality { name } } }`;
    // Twelve connections open first (kept alive), so the twelve queries reach the server together.
    // (On PostgreSQL they overlap and would all run without coalescing; SQLite's synchronous reads
    // finish the first before the others are read off their sockets.)
    await Promise.all(Array.from({ length: 12 }, () => fetch(`${app.url}/_health`)));
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.graphql(query, { locale: 'da' })));
    const ran = answers.filter((answer) => answer.headers.get('x-sql-statements') !== '0');
    expect(ran).toHaveLength(1);
    expect(ran[0].headers.get('x-cache')).toBe('MISS');
    // The others waited for it before routing and were answered from the cache there (or, when
    // their bodies came in after it had stored its answer, before Koa).
    expect(answers.filter((answer) => answer.headers.get('x-cache') === 'HIT' && ['early', 'listener'].includes(answer.headers.get('x-cache-path')!))).toHaveLength(11);
    for (const answer of answers) expect(answer.data).toEqual(ran[0].data);
    expect(ran[0].data!.caseStories.map((s: { title: string }) => s.title)).toContain('Samtidige læsere');
  });

  test("requests the early look-up leaves to Apollo (Apollo Client's Accept header) are cached by Apollo", async () => {
    const headers = { accept: 'application/graphql-response+json, application/json;q=0.9' };
    const query = '{ focusAreas(locale: "en", sort: "slug:desc") { slug title } }';
    expect((await app.graphql(query, undefined, headers)).headers.get('x-cache')).toBe('MISS');
    const again = await app.graphql(query, undefined, headers);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.headers.get('x-cache-path')).toBeNull();
  });

  test('errors are neither cached nor cacheable', async () => {
    const broken = await app.graphql(`{ caseStories { noSuchField } }`);
    expect(broken.status).toBe(400);
    expect(broken.headers.get('cache-control')).toBe('private, no-store');
    const refused = await app.graphql(`{ caseStories(status: DRAFT) { title } }`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-cache')).toBe('BYPASS');
  });
});

describeAccelerated('the response cache drops only what a write affects', () => {
  let app: StrapiInstance;
  const PAGE = `query Page($slug: String!) { caseStoryBySlug(slug: $slug, locale: "da") { title municipality { name } } }`;
  const PRESS_ROOM = `{ pressReleases(locale: "da", sort: "releaseDate:desc") { title slug } }`;
  const MAP = `{ municipalityMap { code caseStoryCount } }`;
  const BY_MUNICIPALITY = `query ByMunicipality($name: String!) { caseStories(locale: "da", filters: { municipality: { name: { eq: $name } } }) { title } }`;
  type Story = { documentId: string; title: string; slug: string; municipality: { documentId: string; name: string } | null };
  let stories: Story[];

  /** Sends a query twice: the second answer must come from the cache. */
  async function warm(query: string, variables?: Record<string, unknown>) {
    await app.graphql(query, variables);
    const again = await app.graphql(query, variables);
    expect(again.headers.get('x-cache')).toBe('HIT');
    return again.data!;
  }

  beforeAll(async () => {
    app = await startStrapi();
    stories = (await app.query(`{ caseStories(locale: "da", sort: "title") { documentId title slug municipality { documentId name } } }`)).caseStories;
    expect(stories.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await app?.stop();
  });

  test("a case story's publish drops the lists of case stories, its own page and the map; other stories' pages and the press room stay cached", async () => {
    const [edited, other] = stories;
    const pressRoom = await warm(PRESS_ROOM);
    await warm(STORIES, { locale: 'da' });
    await warm(PAGE, { slug: edited.slug });
    const otherPage = await warm(PAGE, { slug: other.slug });
    await warm(MAP);

    await publishNewTitle(app, edited.documentId, `${edited.title} (ny udgave)`);

    const list = await app.graphql(STORIES, { locale: 'da' });
    expect(list.headers.get('x-cache')).toBe('MISS');
    expect(list.data!.caseStories.map((s: { title: string }) => s.title)).toContain(`${edited.title} (ny udgave)`);
    const page = await app.graphql(PAGE, { slug: edited.slug });
    expect(page.headers.get('x-cache')).toBe('MISS');
    expect(page.data!.caseStoryBySlug.title).toBe(`${edited.title} (ny udgave)`);
    expect((await app.graphql(MAP)).headers.get('x-cache')).toBe('MISS');

    const untouched = await app.graphql(PAGE, { slug: other.slug });
    expect(untouched.headers.get('x-cache')).toBe('HIT');
    expect(untouched.data).toEqual(otherPage);
    const press = await app.graphql(PRESS_ROOM);
    expect(press.headers.get('x-cache')).toBe('HIT');
    expect(press.data).toEqual(pressRoom);
  });

  test('a page shows the related documents of now: a renamed municipality is served at once', async () => {
    const story = stories.find((candidate) => candidate.municipality)!;
    await warm(PAGE, { slug: story.slug });
    const renamed = await app.admin('PUT', `${CM}/api::municipality.municipality/${story.municipality!.documentId}`, { name: `${story.municipality!.name} Kommune` });
    expect(renamed.status).toBe(200);
    const page = await app.graphql(PAGE, { slug: story.slug });
    expect(page.headers.get('x-cache')).toBe('MISS');
    expect(page.data!.caseStoryBySlug.municipality.name).toBe(`${story.municipality!.name} Kommune`);
    story.municipality!.name = `${story.municipality!.name} Kommune`;
  });

  test('an answer filtered through a relation is dropped when the related document changes, though it shows none of its fields', async () => {
    const story = stories.find((candidate) => candidate.municipality)!;
    const { name } = story.municipality!;
    expect((await warm(BY_MUNICIPALITY, { name })).caseStories.length).toBeGreaterThan(0);
    const renamed = await app.admin('PUT', `${CM}/api::municipality.municipality/${story.municipality!.documentId}`, { name: `${name} (nyt navn)` });
    expect(renamed.status).toBe(200);
    const after = await app.graphql(BY_MUNICIPALITY, { name });
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.data!.caseStories).toEqual([]);
  });

  test('a slug look-up that found nothing is dropped when a story takes that slug', async () => {
    const slug = `ny-historie-${crypto.randomUUID().slice(0, 8)}`;
    expect((await warm(PAGE, { slug })).caseStoryBySlug).toBeNull();
    await app.createDocument(CASE_STORY, 'da', { title: 'En ny historie', slug }, { publish: true });
    const found = await app.graphql(PAGE, { slug });
    expect(found.headers.get('x-cache')).toBe('MISS');
    expect(found.data!.caseStoryBySlug.title).toBe('En ny historie');
  });

  test('an unpublished story disappears from its page and the lists at once', async () => {
    const [, , third = stories[1]] = stories;
    await warm(PAGE, { slug: third.slug });
    await warm(STORIES, { locale: 'da' });
    const unpublished = await app.admin('POST', `${CM}/${CASE_STORY}/${third.documentId}/actions/unpublish?locale=da`, {});
    expect(unpublished.status).toBe(200);
    expect((await app.graphql(PAGE, { slug: third.slug })).data!.caseStoryBySlug).toBeNull();
    expect((await app.graphql(STORIES, { locale: 'da' })).data!.caseStories.map((s: { documentId: string }) => s.documentId)).not.toContain(third.documentId);
  });
});

describe('the response cache switch', () => {
  test('GRAPHQL_CACHE=false serves every request fresh', async () => {
    const app = await startStrapi({ GRAPHQL_CACHE: 'false', SEED_DEMO_CONTENT: 'false' });
    try {
      for (let i = 0; i < 2; i += 1) expect((await app.graphql(STORIES)).headers.get('x-cache')).toBe('BYPASS');
    } finally {
      await app.stop();
    }
  });
});

describeAccelerated('the response cache in Redis, shared by two instances', () => {
  test('an edit published through one instance is served fresh by the other', async () => {
    const redis = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', GRAPHQL_CACHE_REDIS_PREFIX: `lpc-test:${crypto.randomUUID()}:` };
    const editor = await startStrapi(redis);
    const reader = await startStrapi(redis, { database: editor.database });
    try {
      expect(reader.logs()).toMatch(/\[graphql-acceleration\] GraphQL response cache: redis/);
      const story = await firstStory(reader);
      expect((await reader.graphql(STORIES, { locale: 'da' })).headers.get('x-cache')).toBe('HIT');
      await publishNewTitle(editor, story.documentId, 'Rettet via den anden instans');
      const started = Date.now();
      const fresh = await reader.graphql(STORIES, { locale: 'da' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(fresh.headers.get('x-cache')).toBe('MISS');
      expect(fresh.data!.caseStories.map((s: { title: string }) => s.title)).toContain('Rettet via den anden instans');
    } finally {
      await reader.stop({ keepDatabase: true });
      await editor.stop();
    }
  });

  test('an unreachable REDIS_URL stops the start with a clear message', async () => {
    await expect(startStrapi({ REDIS_URL: 'redis://127.0.0.1:1', SEED_DEMO_CONTENT: 'false' })).rejects.toThrow(
      /the response cache cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(responseCache\.redisUrl\)/
    );
  });
});
