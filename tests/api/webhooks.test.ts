import http from 'http';
import type { AddressInfo } from 'net';
import { publicContact, startStrapi, freePort, type StrapiInstance } from '../helpers/strapi';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';
import { revalidationHandler } from '../../docs/examples/next-revalidate';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';
const MUNICIPALITY = 'api::municipality.municipality';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, read: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Change events (plugins/change-events): one signed event per document and action after the
 * commit, from an outbox written with the change, retried with backoff, in order per document,
 * to a receiver that verifies signatures with the maintained `standardwebhooks` library.
 */
describe('change events to webhooks', () => {
  let app: StrapiInstance;
  let site: WebhookReceiver;
  let search: WebhookReceiver | null = null;
  let searchPort: number;
  const searchSecret = webhookSecret();
  // The Next.js receiver recipe (docs/examples/next-revalidate.ts), served as Next.js serves a route handler.
  const nextSecret = webhookSecret();
  const revalidated: { tags: string[]; paths: string[] } = { tags: [], paths: [] };
  const nextRoute = revalidationHandler({
    secret: nextSecret,
    revalidateTag: (tag) => revalidated.tags.push(tag),
    pathsOf: (event) => event.data.locales.flatMap(({ locale, slug, previousSlug }) => [slug, previousSlug].filter(Boolean).map((s) => `/${locale}/historier/${s}`)),
    revalidatePath: (path) => revalidated.paths.push(path),
  });
  let nextSite: http.Server;

  /** The accepted events of one document at the site receiver, in arrival order. */
  const eventsOf = (documentId: string, receiver = site) => receiver.accepted().filter((entry) => entry.body.data.documentId === documentId);
  const nextEvent = (documentId: string, count: number) => until(`event ${count} of ${documentId}`, () => eventsOf(documentId)[count - 1]);

  const publish = (uid: string, documentId: string, locale = 'da') => app.admin('POST', `${CM}/${uid}/${documentId}/actions/publish?locale=${locale}`, {});
  const unpublish = (uid: string, documentId: string, locale = 'da') => app.admin('POST', `${CM}/${uid}/${documentId}/actions/unpublish?locale=${locale}`, {});
  const save = (uid: string, documentId: string, data: Record<string, unknown>, locale = 'da') => app.admin('PUT', `${CM}/${uid}/${documentId}?locale=${locale}`, data);

  beforeAll(async () => {
    site = await WebhookReceiver.start(webhookSecret());
    searchPort = await freePort();
    nextSite = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        const response = await nextRoute(request);
        res.writeHead(response.status).end(await response.text());
      });
    });
    await new Promise<void>((resolve) => nextSite.listen(0, '127.0.0.1', resolve));
    app = await startStrapi({
      SEED_DEMO_CONTENT: 'false',
      WEBHOOK_URL: site.url,
      WEBHOOK_SECRET: site.secret,
      // A second receiver (a search indexer) that is down at first, for press releases only.
      WEBHOOK_ENDPOINTS: JSON.stringify([
        { name: 'search-indexer', url: `http://127.0.0.1:${searchPort}/hooks/cms`, secret: searchSecret, contentTypes: [PRESS_RELEASE], events: ['document.published', 'document.updated'] },
        { name: 'next-site', url: `http://127.0.0.1:${(nextSite.address() as AddressInfo).port}/api/revalidate`, secret: nextSecret, contentTypes: [CASE_STORY] },
      ]),
      WEBHOOK_POLL_MS: '200',
      WEBHOOK_BACKOFF_INITIAL_MS: '200',
      WEBHOOK_BACKOFF_MAX_MS: '800',
      WEBHOOK_RETRY_SECONDS: '6',
      SCHEDULED_PUBLISHING_RULE: '* * * * * *',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await site?.stop();
    await search?.stop();
    nextSite?.close();
  });

  test('a publish is one signed event with the content type, locales, slugs and cache tags, and no draft content', async () => {
    const started = Date.now();
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Læsecafé i Gellerup', slug: 'laesecafe-i-gellerup', place: 'Gellerup', summary: 'Kladdetekst' }, { publish: true });
    const event = await nextEvent(documentId, 1);
    expect(event.verified).toBe(true);
    expect(event.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(event.timestamp * 1000 - Date.now())).toBeLessThan(60000);
    expect(event.body).toEqual({
      type: 'document.published',
      timestamp: expect.any(String),
      data: {
        contentType: { uid: CASE_STORY, graphqlType: 'CaseStory' },
        documentId,
        locales: [{ locale: 'da', slug: 'laesecafe-i-gellerup', previousSlug: null }],
        tags: ['case-story', `case-story:${documentId}`, 'case-story/laesecafe-i-gellerup', 'any'],
      },
    });
    expect(new Date(event.body.timestamp).getTime()).toBeGreaterThanOrEqual(started - 1000);
    // The event says what changed, never the content itself.
    expect(JSON.stringify(event.body)).not.toContain('Kladdetekst');
    // Creating the draft before the publish was not an event; neither is saving a draft.
    const saved = await save(CASE_STORY, documentId, { summary: 'Ny kladde, ikke udgivet' });
    expect(saved.status).toBe(200);
    await sleep(800);
    expect(eventsOf(documentId)).toHaveLength(1);
  });

  test('publishing changes is document.updated with the previous slug; unpublish, then delete', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Sprogcafé', slug: 'sprogcafe', place: 'Vollsmose' }, { publish: true });
    await nextEvent(documentId, 1);
    expect((await save(CASE_STORY, documentId, { slug: 'sprogcafe-i-vollsmose' })).status).toBe(200);
    expect((await publish(CASE_STORY, documentId)).status).toBe(200);
    const updated = await nextEvent(documentId, 2);
    expect(updated.body.type).toBe('document.updated');
    expect(updated.body.data.locales).toEqual([{ locale: 'da', slug: 'sprogcafe-i-vollsmose', previousSlug: 'sprogcafe' }]);
    expect(updated.body.data.tags).toEqual(expect.arrayContaining(['case-story/sprogcafe-i-vollsmose', 'case-story/sprogcafe']));

    // An English version published is the document published in another locale.
    const english = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=en`, { title: 'Language café', slug: 'language-cafe', place: 'Vollsmose' });
    expect(english.status).toBe(200);
    expect((await publish(CASE_STORY, documentId, 'en')).status).toBe(200);
    const inEnglish = await nextEvent(documentId, 3);
    expect(inEnglish.body.type).toBe('document.published');
    expect(inEnglish.body.data.locales).toEqual([{ locale: 'en', slug: 'language-cafe', previousSlug: null }]);

    expect((await unpublish(CASE_STORY, documentId, 'en')).status).toBe(200);
    const unpublished = await nextEvent(documentId, 4);
    expect(unpublished.body.type).toBe('document.unpublished');
    expect(unpublished.body.data.locales).toEqual([{ locale: 'en', slug: null, previousSlug: 'language-cafe' }]);

    const deleted = await app.admin('DELETE', `${CM}/${CASE_STORY}/${documentId}?locale=*`);
    expect(deleted.status).toBe(200);
    const gone = await nextEvent(documentId, 5);
    expect(gone.body.type).toBe('document.deleted');
    expect(gone.body.data.locales).toEqual([{ locale: 'da', slug: null, previousSlug: 'sprogcafe-i-vollsmose' }]);
    // Each event once, each with an id of its own.
    expect(new Set(eventsOf(documentId).map((event) => event.id)).size).toBe(5);
  });

  test('a type without drafts: every save of it is public, an event each', async () => {
    const created = await app.admin('POST', `${CM}/${MUNICIPALITY}`, { name: 'Prøvekommune', code: '999', hasIntegrationCouncil: false });
    expect(created.status).toBe(201);
    const documentId: string = created.body.data.documentId;
    const first = await nextEvent(documentId, 1);
    expect(first.body.type).toBe('document.published');
    expect(first.body.data.contentType).toEqual({ uid: MUNICIPALITY, graphqlType: 'Municipality' });
    expect((await app.admin('PUT', `${CM}/${MUNICIPALITY}/${documentId}`, { name: 'Prøvekommune 2' })).status).toBe(200);
    expect((await nextEvent(documentId, 2)).body.type).toBe('document.updated');
    expect((await app.admin('DELETE', `${CM}/${MUNICIPALITY}/${documentId}`)).status).toBe(200);
    expect((await nextEvent(documentId, 3)).body.type).toBe('document.deleted');
  });

  test('bulk actions and the scheduler emit an event per document', async () => {
    const ids = [];
    for (const title of ['Bogbus i Bispehaven', 'Bogbus i Skovgårdsparken']) ids.push(await app.createDocument(CASE_STORY, 'da', { title, place: 'Aarhus' }));
    const bulk = await app.admin('POST', `${CM}/${CASE_STORY}/actions/bulkPublish?locale=da`, { documentIds: ids });
    expect(bulk.status).toBe(200);
    for (const documentId of ids) expect((await nextEvent(documentId, 1)).body.type).toBe('document.published');
    const off = await app.admin('POST', `${CM}/${CASE_STORY}/actions/bulkUnpublish?locale=da`, { documentIds: ids });
    expect(off.status).toBe(200);
    for (const documentId of ids) expect((await nextEvent(documentId, 2)).body.type).toBe('document.unpublished');

    // Scheduled publishing (the scheduler runs every second here): published at its time, by nobody's request.
    const scheduled = await app.createDocument(CASE_STORY, 'da', { title: 'Planlagt historie', place: 'Vollsmose', publishAt: new Date(Date.now() + 1500).toISOString() });
    const event = await nextEvent(scheduled, 1);
    expect(event.body.type).toBe('document.published');
    expect(event.body.data.locales).toEqual([{ locale: 'da', slug: 'planlagt-historie', previousSlug: null }]);
  });

  test('a change that is refused (rolled back) is no event', async () => {
    const before = (await app.admin('GET', '/change-events/deliveries?limit=200')).body.data.length;
    // The embargo: a press release is not published before its release date.
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Under embargo',
      releaseDate: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString(),
    });
    expect((await publish(PRESS_RELEASE, documentId)).status).toBe(400);
    await sleep(600);
    expect(eventsOf(documentId)).toHaveLength(0);
    expect((await app.admin('GET', '/change-events/deliveries?limit=200')).body.data.length).toBe(before);
  });

  test('a receiver that fails gets the same event again, with backoff, until it accepts; later events of the document wait for it', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Lektiecafé', slug: 'lektiecafe', place: 'Gellerup' }, { publish: true });
    await nextEvent(documentId, 1);
    site.failWith = 503;
    // Three changes while the receiver fails: each must arrive, in this order.
    for (const slug of ['lektiecafe-2', 'lektiecafe-3', 'lektiecafe-4']) {
      expect((await save(CASE_STORY, documentId, { slug })).status).toBe(200);
      expect((await publish(CASE_STORY, documentId)).status).toBe(200);
    }
    await until('three refused attempts', () => site.received.filter((entry) => entry.body.data.documentId === documentId && entry.status === 503).length >= 3);
    site.failWith = null;
    const events = await until('the three events accepted', () => (eventsOf(documentId).length === 4 ? eventsOf(documentId) : undefined), 20000);
    expect(events.slice(1).map((event) => event.body.data.locales[0].slug)).toEqual(['lektiecafe-2', 'lektiecafe-3', 'lektiecafe-4']);
    // The refused attempts were of the first of them only (the others waited), with its id, re-signed each time.
    const attempts = site.received.filter((entry) => entry.body.data.documentId === documentId && entry.status === 503);
    expect(new Set(attempts.map((entry) => entry.id))).toEqual(new Set([events[1].id]));
    expect(attempts.every((entry) => entry.verified)).toBe(true);
    // Waits grew: the gaps between attempts are not all equal to the poll interval.
    const log = await app.admin('GET', `/change-events/deliveries?endpoint=site&limit=10`);
    const first = (log.body.data as Array<{ webhookId: string; attempts: number; status: string; lastStatus: number }>).find((row) => row.webhookId === events[1].id)!;
    expect(first).toMatchObject({ status: 'delivered', lastStatus: 204 });
    expect(first.attempts).toBe(attempts.length + 1);
  });

  test('an endpoint gets only its events; one down past the retry window is marked failed, and a replay delivers', async () => {
    const contact = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', email: 'presse@example.dk', ...publicContact() });
    const documentId = await app.createDocument(
      PRESS_RELEASE,
      'da',
      { title: 'Ny samarbejdsaftale', releaseDate: new Date().toISOString(), contacts: { connect: [{ documentId: contact, locale: 'da' }] } },
      { publish: true }
    );
    await nextEvent(documentId, 1);
    // The search indexer is down: its delivery is retried for 6 s (WEBHOOK_RETRY_SECONDS), then failed.
    const failed = await until(
      'the search indexer delivery to fail',
      async () => {
        const rows = (await app.admin('GET', '/change-events/deliveries?endpoint=search-indexer&status=failed')).body.data as Array<{
          id: number;
          documentId: string;
          lastError: string;
          attempts: number;
        }>;
        return rows.find((row) => row.documentId === documentId);
      },
      20000
    );
    expect(failed.attempts).toBeGreaterThan(2);
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
    const endpoints = await app.admin('GET', '/change-events/endpoints');
    expect(endpoints.status).toBe(200);
    expect(endpoints.body.data).toEqual([
      expect.objectContaining({ name: 'site', url: site.url, events: 'all', contentTypes: 'all' }),
      expect.objectContaining({ name: 'search-indexer', events: ['document.published', 'document.updated'], contentTypes: [PRESS_RELEASE] }),
      expect.objectContaining({ name: 'next-site', kind: 'webhook', contentTypes: [CASE_STORY] }),
    ]);
    expect(endpoints.body.data[1].counts.failed).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(endpoints.body.data)).not.toContain('whsec_');

    // Case stories never went to the search indexer.
    const all = (await app.admin('GET', '/change-events/deliveries?endpoint=search-indexer&limit=200')).body.data as Array<{ contentType: string }>;
    expect(all.every((row) => row.contentType === PRESS_RELEASE)).toBe(true);

    // Replaying a delivery that is not failed is refused; replaying the failed one delivers it.
    search = await WebhookReceiver.start(searchSecret, searchPort);
    const delivered = (await app.admin('GET', '/change-events/deliveries?endpoint=site&status=delivered&limit=1')).body.data[0];
    expect((await app.admin('POST', `/change-events/deliveries/${delivered.id}/replay`)).status).toBe(400);
    const replayed = await app.admin('POST', `/change-events/deliveries/${failed.id}/replay`);
    expect(replayed.body).toEqual({ data: { replayed: 1 } });
    const event = await until('the replayed event', () => search!.accepted().find((entry) => entry.body.data.documentId === documentId));
    expect(event.body.type).toBe('document.published');
    expect(event.id).toBe(eventsOf(documentId)[0].id);
  });

  test('the Next.js receiver recipe verifies the signature and revalidates the tags and paths of a change', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Fortællecafé', slug: 'fortaellecafe', place: 'Gellerup' }, { publish: true });
    await until('the revalidation', () => revalidated.tags.includes(`case-story:${documentId}`));
    expect(revalidated.tags).toEqual(expect.arrayContaining(['case-story', `case-story:${documentId}`, 'case-story/fortaellecafe']));
    expect(revalidated.paths).toContain('/da/historier/fortaellecafe');
    // A request that is not the CMS's: refused, nothing revalidated.
    const before = revalidated.tags.length;
    const forged = await fetch(`http://127.0.0.1:${(nextSite.address() as AddressInfo).port}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: JSON.stringify({ type: 'document.updated', timestamp: new Date().toISOString(), data: { tags: ['case-story'], locales: [] } }),
    });
    expect(forged.status).toBe(401);
    expect(revalidated.tags.length).toBe(before);
  });

  test('the delivery log is for users with its permission', async () => {
    const editor = await app.registerAdminUser('strapi-editor', 'webhooks-editor@example.com', 'Redaktion-Test-2025');
    for (const route of ['/change-events/deliveries', '/change-events/endpoints']) {
      const response = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${editor}` } });
      expect(response.status).toBe(403);
    }
    expect((await fetch(`${app.url}/change-events/deliveries`)).status).toBe(401);
    expect((await app.admin('GET', '/change-events/deliveries?status=lost')).status).toBe(400);
    expect((await app.admin('GET', '/change-events/deliveries/999999')).status).toBe(404);
  });
});

/** The outbox is written with the change: an instance killed after the commit, before sending, loses nothing. */
describe('change events across a crash', () => {
  test('events recorded before a SIGKILL are delivered by the next start, in order', async () => {
    const receiver = await WebhookReceiver.start(webhookSecret());
    const env = {
      SEED_DEMO_CONTENT: 'false',
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: receiver.secret,
      WEBHOOK_POLL_MS: '200',
      WEBHOOK_BACKOFF_INITIAL_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '300',
      WEBHOOK_TIMEOUT_MS: '500',
    };
    let first: StrapiInstance | undefined;
    let second: StrapiInstance | undefined;
    try {
      first = await startStrapi(env);
      receiver.down = true;
      const documentId = await first.createDocument(CASE_STORY, 'da', { title: 'Før nedbruddet', slug: 'foer-nedbruddet', place: 'Odense' }, { publish: true });
      const save = await first.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { slug: 'efter-nedbruddet' });
      expect(save.status).toBe(200);
      expect((await first.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {})).status).toBe(200);
      await until('a dropped attempt', () => receiver.dropped > 0);
      await first.kill();
      receiver.down = false;
      second = await startStrapi(env, { database: first.database });
      // At least once: a retry after a timeout may deliver an event again (same webhook-id); counted once.
      const distinct = () => [...new Map(receiver.accepted().map((event) => [event.id, event])).values()];
      const events = await until('both events', () => (distinct().length === 2 ? distinct() : undefined), 20000);
      expect(events.map((event) => event.body.type)).toEqual(['document.published', 'document.updated']);
      expect(events[1].body.data.locales).toEqual([{ locale: 'da', slug: 'efter-nedbruddet', previousSlug: 'foer-nedbruddet' }]);
    } finally {
      await second?.stop({ keepDatabase: true });
      await first?.stop();
      await receiver.stop();
    }
  });
});

/** Addresses a webhook must not reach in production (SSRF) unless allowed. */
describe('webhook addresses in production', () => {
  test('loopback is refused and logged as such; the event stays in the log as failed', async () => {
    const receiver = await WebhookReceiver.start(webhookSecret());
    let app: StrapiInstance | undefined;
    try {
      app = await startStrapi({
        NODE_ENV: 'production',
        SEED_DEMO_CONTENT: 'false',
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET: receiver.secret,
        WEBHOOK_POLL_MS: '200',
        WEBHOOK_BACKOFF_INITIAL_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '200',
        WEBHOOK_RETRY_SECONDS: '1',
      });
      const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Intern', slug: 'intern', place: 'Aarhus' }, { publish: true });
      const row = await until('the delivery to fail', async () => {
        const rows = (await app!.admin('GET', '/change-events/deliveries?status=failed')).body.data as Array<{ documentId: string; lastError: string }>;
        return rows.find((candidate) => candidate.documentId === documentId);
      });
      expect(row.lastError).toMatch(/127\.0\.0\.1 is not a public address/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await app?.stop();
      await receiver.stop();
    }
  });
});

/** Cache tags on public answers (Cache-Tag, Surrogate-Key) and the CDN purged by the same tags on every change. */
describe('CDN cache tags and purge', () => {
  let app: StrapiInstance;
  let cdn: http.Server;
  const purges: Array<{ authorization?: string; tags: string[] }> = [];

  beforeAll(async () => {
    // A fake Cloudflare API: purge_cache by tags.
    cdn = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/client/v4/zones/zone-1/purge_cache') return res.writeHead(404).end();
        purges.push({ authorization: req.headers.authorization, tags: JSON.parse(body).tags });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, errors: [], messages: [], result: { id: 'zone-1' } }));
      });
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    app = await startStrapi({
      SEED_DEMO_CONTENT: 'false',
      CDN_TAG_PREFIX: 'lpc:',
      DIAGNOSTIC_HEADERS: 'true',
      CDN_PURGE: 'cloudflare',
      CLOUDFLARE_ZONE_ID: 'zone-1',
      CLOUDFLARE_API_TOKEN: 'cf-test-token',
      CDN_PURGE_API_URL: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/client/v4`,
      WEBHOOK_POLL_MS: '200',
    });
  });
  afterAll(async () => {
    await app?.stop();
    cdn?.close();
  });

  const tagsOf = (headers: Headers) => ({ cacheTag: headers.get('cache-tag')?.split(','), surrogateKey: headers.get('surrogate-key')?.split(' ') });

  test('GraphQL answers carry the tags they depend on, on a miss and on every kind of hit; REST answers too', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Bogstart', slug: 'bogstart', place: 'Gellerup' }, { publish: true });
    const LIST = '{ caseStories(locale: "da") { title } }';
    const answers = [];
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://site.example' }, body: JSON.stringify({ query: LIST }) });
      answers.push({ cache: response.headers.get('x-cache'), path: response.headers.get('x-cache-path'), ...tagsOf(response.headers) });
    }
    // A miss (Apollo), a hit answered in Koa, a hit answered before Koa.
    expect(answers.map((answer) => [answer.cache, answer.path])).toEqual([
      ['MISS', null],
      ['HIT', 'early'],
      ['HIT', 'listener'],
    ]);
    for (const answer of answers) {
      expect(answer.cacheTag).toEqual(['lpc:case-story']);
      expect(answer.surrogateKey).toEqual(['lpc:case-story']);
    }
    // GET, as a CDN forwards it (Apollo's CSRF prevention wants a preflight header), and its 304.
    const url = `${app.url}/graphql?query=${encodeURIComponent(LIST)}`;
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(tagsOf(get.headers).cacheTag).toEqual(['lpc:case-story']);
    const revalidated = await fetch(url, { headers: { 'apollo-require-preflight': 'true', 'if-none-match': get.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
    expect(tagsOf(revalidated.headers).surrogateKey).toEqual(['lpc:case-story']);

    // A page found by its slug depends on that document, its slug and bulk writes: not on the whole type.
    const PAGE = 'query($slug: String!) { caseStoryBySlug(slug: $slug, locale: "da") { title municipality { name } } }';
    const page = await app.graphql(PAGE, { slug: 'bogstart' });
    expect(page.data).toEqual({ caseStoryBySlug: { title: 'Bogstart', municipality: null } });
    expect(new Set(tagsOf(page.headers).cacheTag)).toEqual(new Set([`lpc:case-story:${documentId}`, 'lpc:case-story/bogstart', 'lpc:case-story:bulk', 'lpc:municipality']));

    const rest = await fetch(`${app.url}/api/case-stories?locale=da`);
    expect(rest.status).toBe(200);
    expect(tagsOf(rest.headers).cacheTag).toEqual(['lpc:case-story']);
    const one = await fetch(`${app.url}/api/case-stories/${documentId}?locale=da`);
    expect(tagsOf(one.headers).cacheTag).toEqual(['lpc:case-story', `lpc:case-story:${documentId}`]);
    const populated = await fetch(`${app.url}/api/case-stories?locale=da&populate=municipality`);
    expect(tagsOf(populated.headers).cacheTag).toEqual(['lpc:case-story', 'lpc:any']);
    // Answers no CDN may keep have no tags: a draft read with a token, a refusal.
    expect((await fetch(`${app.url}/api/case-stories?locale=dk`)).headers.get('cache-tag')).toBeNull();
  });

  test('a change purges the tags of every answer it made stale', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Sprogleg', slug: 'sprogleg', place: 'Vollsmose' }, { publish: true });
    const page = await app.graphql('query($slug: String!) { caseStoryBySlug(slug: $slug, locale: "da") { title } }', { slug: 'sprogleg' });
    const list = await app.graphql('{ caseStories(locale: "da") { title } }');
    expect((await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Sproglege' })).status).toBe(200);
    purges.length = 0;
    expect((await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {})).status).toBe(200);
    const purge = await until('the purge', () => purges.find((entry) => entry.tags.includes(`lpc:case-story:${documentId}`)));
    expect(purge.authorization).toBe('Bearer cf-test-token');
    const stale = [...tagsOf(page.headers).cacheTag!, ...tagsOf(list.headers).cacheTag!].filter((tag) => tag !== 'lpc:case-story:bulk');
    expect(purge.tags).toEqual(expect.arrayContaining(stale));
    const endpoints = (await app.admin('GET', '/change-events/endpoints')).body.data;
    expect(endpoints).toEqual([expect.objectContaining({ name: 'cdn-purge', kind: 'cloudflare', url: expect.stringMatching(/\/client\/v4\/zones\/zone-1\/purge_cache$/) })]);
  });
});

describe('CDN cache tags switched off', () => {
  test('CDN_TAG_HEADERS=none: public answers carry neither Cache-Tag nor Surrogate-Key', async () => {
    const app = await startStrapi({ SEED_DEMO_CONTENT: 'false', CDN_TAG_HEADERS: 'none' });
    try {
      await app.createDocument(CASE_STORY, 'da', { title: 'Uden mærker', slug: 'uden-maerker', place: 'Aarhus' }, { publish: true });
      const LIST = '{ caseStories(locale: "da") { title } }';
      for (let index = 0; index < 2; index++) {
        const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LIST }) });
        expect(response.status).toBe(200);
        expect([response.headers.get('x-cache'), response.headers.get('cache-tag'), response.headers.get('surrogate-key')]).toEqual([index === 0 ? 'MISS' : 'HIT', null, null]);
      }
      const rest = await fetch(`${app.url}/api/case-stories?locale=da`);
      expect([rest.status, rest.headers.get('cache-tag'), rest.headers.get('surrogate-key')]).toEqual([200, null, null]);
    } finally {
      await app.stop();
    }
  });
});
