import { PostgresCluster } from '../helpers/postgres-cluster';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startStrapi, type StrapiInstance } from '../helpers/strapi';

/*
 * Database outages on a PostgreSQL cluster of the test's own (initdb and pg_ctl of the installed
 * server, its own folder and port): the database is stopped for ten seconds under load, and saves
 * are made to fail midway.
 */

const OUTAGE_MS = 10000;
/** Each 503 must come at once; generous, the machine is shared. */
const MAX_503_MS = 1500;
/** From the database accepting connections again to the first answer made with it. */
const MAX_RECOVERY_MS = 5000;

const CASE_STORY = 'api::case-story.case-story';
const CM = `/content-manager/collection-types/${CASE_STORY}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};

type Kind = 'graphql' | 'cached-graphql' | 'rest' | 'admin';
type Sample = { kind: Kind; started: number; ended: number; status: number; body: string; retryAfter: string | null };

/** A cacheable anonymous query, asked before the outage so that its answer is in the response cache. */
const CACHED_QUERY = 'query CachedStories { caseStories(locale: "da", sort: "title") { documentId title slug } }';
/** A different page each time: the response cache never has it, so each one needs the database. */
const UNCACHED_QUERY = 'query StoryPage($page: Int!) { caseStories(locale: "da", sort: "title", pagination: { page: $page, pageSize: 1 }) { documentId title } }';

describe('database outages', () => {
  let cluster: PostgresCluster | undefined;
  let database: TestDatabase;
  let app: StrapiInstance | undefined;

  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    database = await createTestDatabase(cluster.server);
    app = await startStrapi({}, { database });
  });

  afterAll(async () => {
    try {
      await app?.stop({ keepDatabase: true }); // the database goes with the cluster
    } finally {
      await cluster?.destroy();
    }
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await database.rows<{ n: string }>(sql, params))[0].n);

  async function ready(): Promise<{ status: number; body: { database?: string } }> {
    const response = await fetch(`${app!.url}/_ready`);
    return { status: response.status, body: (await response.json()) as { database?: string } };
  }

  /** A case story as an editor saves it in the Content Manager: a quote (component) and two partners (relation). */
  async function caseStoryDraft(title: string) {
    const organisations = await database.rows<{ document_id: string }>(`SELECT DISTINCT document_id FROM organisations WHERE locale = 'da' ORDER BY document_id LIMIT 2`);
    expect(organisations).toHaveLength(2);
    return {
      title,
      place: 'Testby',
      quotes: [{ text: `${title}: quote`, author: 'Test' }],
      organisations: { connect: organisations.map((row) => ({ documentId: row.document_id, locale: 'da' })) },
    };
  }

  /** What of a case story with this title is stored: its rows, its quote, its partner links. */
  async function stored(title: string) {
    return {
      rows: await count(`SELECT count(*) AS n FROM case_stories WHERE title = $1`, [title]),
      quotes: await count(`SELECT count(*) AS n FROM components_shared_quotes WHERE text = $1`, [`${title}: quote`]),
      links: await count(`SELECT count(*) AS n FROM case_stories_organisations_lnk l JOIN case_stories c ON c.id = l.case_story_id WHERE c.title = $1`, [title]),
      componentLinks: await count(`SELECT count(*) AS n FROM case_stories_cmps WHERE entity_id NOT IN (SELECT id FROM case_stories)`),
      orphanQuotes: await count(
        `SELECT count(*) AS n FROM components_shared_quotes q WHERE NOT EXISTS (SELECT 1 FROM case_stories_cmps m WHERE m.cmp_id = q.id AND m.component_type = 'shared.quote')`
      ),
    };
  }
  const NOTHING = { rows: 0, quotes: 0, links: 0, componentLinks: 0, orphanQuotes: 0 };

  /** The last id a sequence handed out (0 before the first), rolled back or not. */
  const sequence = (name: string) => count(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS n FROM ${name}`);

  test('a ten-second outage under load: 503 at once, the process stays up, serving again within 5 s', async () => {
    const url = app!.url;
    const token = await app!.token();

    // The cached answer, as readers got it before the outage.
    const cachedBefore = await app!.graphql(CACHED_QUERY);
    expect(cachedBefore.errors).toBeUndefined();
    const cachedBody = JSON.stringify({ data: cachedBefore.data });

    const samples: Sample[] = [];
    let running = true;
    let page = 0;
    const requests: Record<Kind, () => Promise<Response>> = {
      graphql: () => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: UNCACHED_QUERY, variables: { page: ++page } }) }),
      'cached-graphql': () => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CACHED_QUERY }) }),
      rest: () => fetch(`${url}/api/case-stories?locale=da&pagination[page]=${++page}`),
      admin: () => fetch(`${url}${CM}?page=${++page}&pageSize=1&locale=da`, { headers: { authorization: `Bearer ${token}` } }),
    };
    const loop = async (kind: Kind) => {
      while (running) {
        const started = Date.now();
        try {
          const response = await requests[kind]();
          const body = await response.text();
          samples.push({ kind, started, ended: Date.now(), status: response.status, body, retryAfter: response.headers.get('retry-after') });
        } catch (error) {
          // No answer at all (the process gone, the connection reset): status 0 fails the test below.
          samples.push({ kind, started, ended: Date.now(), status: 0, body: String(error), retryAfter: null });
        }
        await sleep(40);
      }
    };
    const loops = [loop('graphql'), loop('graphql'), loop('cached-graphql'), loop('rest'), loop('admin')];
    await sleep(2000);

    // Stop the database; pg_ctl returns once it is down.
    const stopIssued = Date.now();
    await cluster!.stop('fast');
    const stopped = Date.now();

    // During the outage: liveness, readiness, and an editor's save.
    await sleep(1000);
    expect(app!.running()).toBe(true);
    expect((await fetch(`${url}/_health`)).status).toBe(204);
    const readyDuring = await ready();
    const saveTitle = `Gemt under nedbrud ${Date.now()}`;
    const saveStarted = Date.now();
    const save = await app!.admin('POST', `${CM}?locale=da`, { title: saveTitle, place: 'Testby' });
    const saveMs = Date.now() - saveStarted;
    await sleep(Math.max(0, stopped + OUTAGE_MS - Date.now()));
    expect(app!.running()).toBe(true);

    // Start it again and note when it accepts connections (pg_isready).
    const startIssued = Date.now();
    const starting = cluster!.start();
    let accepting = 0;
    while (!accepting) {
      if (await cluster!.isReady()) accepting = Date.now();
      else await sleep(50);
    }
    await starting;

    // The first answer made with the database again, from the uncached loops.
    const uncached = (sample: Sample) => sample.kind !== 'cached-graphql';
    const succeeded = (sample: Sample) => sample.status === 200 && !sample.body.includes('"errors"');
    const deadline = accepting + 15000;
    while (!samples.some((sample) => uncached(sample) && succeeded(sample) && sample.ended >= accepting) && Date.now() < deadline) await sleep(20);
    const firstServed = samples.find((sample) => uncached(sample) && succeeded(sample) && sample.ended >= accepting);
    let readyAfter = await ready();
    while (readyAfter.status !== 200 && Date.now() < deadline) {
      await sleep(100);
      readyAfter = await ready();
    }
    await sleep(2000);
    running = false;
    await Promise.all(loops);

    const outage = samples.filter((sample) => sample.started >= stopped && sample.ended <= startIssued);
    const unavailable = outage.filter((sample) => sample.status === 503);
    const latencies = unavailable.map((sample) => sample.ended - sample.started);
    const recoveryMs = firstServed ? firstServed.ended - accepting : NaN;
    const servedFromCache = outage.filter((sample) => sample.kind === 'cached-graphql' && sample.status === 200).length;
    console.log(
      [
        `[faults] outage: pg_ctl stop took ${stopped - stopIssued} ms; database down ${startIssued - stopped} ms; pg_ctl start to pg_isready ${accepting - startIssued} ms`,
        `[faults] requests during the outage: ${outage.length} (${unavailable.length} answered 503, ${servedFromCache} from the response cache, ${outage.length - unavailable.length - servedFromCache} otherwise)`,
        `[faults] 503 latency: median ${median(latencies)} ms, max ${Math.max(...latencies)} ms; the save during the outage: HTTP ${save.status} in ${saveMs} ms`,
        `[faults] first uncached answer ${recoveryMs} ms after pg_isready (${firstServed?.kind}); /_ready during: ${readyDuring.status} ${JSON.stringify(readyDuring.body)}, after: ${readyAfter.status}`,
        `[faults] requests in all: ${samples.length}; statuses: ${JSON.stringify(samples.reduce<Record<string, number>>((all, s) => ({ ...all, [s.status]: (all[s.status] ?? 0) + 1 }), {}))}`,
      ].join('\n')
    );

    // Before, during and after: only answers or 503s, never a 500 nor GraphQL's "Internal Server Error".
    expect(samples.filter((sample) => sample.status !== 200 && sample.status !== 503).map((s) => `${s.kind} ${s.status} ${s.body.slice(0, 200)}`)).toEqual([]);
    expect(samples.filter((sample) => sample.body.includes('INTERNAL_SERVER_ERROR')).map((s) => `${s.kind} ${s.body.slice(0, 200)}`)).toEqual([]);
    // Every 503 is quick, says when to come back, and explains itself in JSON.
    const all503 = samples.filter((sample) => sample.status === 503);
    for (const sample of all503) {
      expect(sample.ended - sample.started).toBeLessThan(MAX_503_MS);
      expect(sample.retryAfter).toBe('5');
      const body = JSON.parse(sample.body);
      const message = sample.kind === 'rest' || sample.kind === 'admin' ? body.error.message : body.errors[0].message;
      expect(message).toMatch(/database cannot be reached/);
    }
    // During the outage: every uncached request a 503; the cached query its unchanged answer.
    expect(outage.filter(uncached).length).toBeGreaterThan(20);
    expect(outage.filter((sample) => uncached(sample) && sample.status !== 503)).toEqual([]);
    const cachedDuring = outage.filter((sample) => !uncached(sample));
    expect(cachedDuring.length).toBeGreaterThan(5);
    for (const sample of cachedDuring) {
      expect(sample.status).toBe(200);
      expect(JSON.stringify(JSON.parse(sample.body))).toBe(cachedBody);
    }
    // Readiness names the database while it is down; the process stays up throughout.
    expect(readyDuring).toEqual({ status: 503, body: expect.objectContaining({ status: 'unavailable', database: 'down' }) });
    expect(readyAfter).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', database: 'up' }) });
    expect(app!.running()).toBe(true);
    // Serving again within 5 s of the database's return, and every request after that served.
    expect(firstServed).toBeDefined();
    expect(recoveryMs).toBeLessThan(MAX_RECOVERY_MS);
    const settled = samples.filter((sample) => sample.started >= firstServed!.ended + 1000);
    expect(settled.length).toBeGreaterThan(10);
    expect(settled.filter((sample) => !succeeded(sample))).toEqual([]);
    // The save during the outage: a 503 at once, and nothing of it stored.
    expect(save.status).toBe(503);
    expect(save.body.error).toMatchObject({ status: 503, name: 'ServiceUnavailableError' });
    expect(saveMs).toBeLessThan(MAX_503_MS);
    expect(await count(`SELECT count(*) AS n FROM case_stories WHERE title = $1`, [saveTitle])).toBe(0);
  });

  test('a new case story whose save fails after its first statements leaves nothing; the same save succeeds once the fault is gone', async () => {
    const title = `Halvt gemt ${Date.now()}`;
    const body = await caseStoryDraft(title);
    const before = { stories: await sequence('case_stories_id_seq'), quotes: await sequence('components_shared_quotes_id_seq') };
    // The fault: the partner links, written after the story's row and its quote, are refused.
    await database.execute(`
      CREATE FUNCTION lpc_injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault on %', TG_TABLE_NAME; END $$;
      CREATE TRIGGER lpc_injected_fault BEFORE INSERT ON case_stories_organisations_lnk FOR EACH ROW EXECUTE FUNCTION lpc_injected_fault();`);
    let failed: { status: number; body: any };
    try {
      failed = await app!.admin('POST', `${CM}?locale=da`, body);
    } finally {
      await database.execute(`DROP TRIGGER lpc_injected_fault ON case_stories_organisations_lnk; DROP FUNCTION lpc_injected_fault();`);
    }
    expect(failed.status).toBe(500);
    // The story's row and its quote were written (their sequences moved on) and rolled back with the rest.
    expect(await sequence('case_stories_id_seq')).toBeGreaterThan(before.stories);
    expect(await sequence('components_shared_quotes_id_seq')).toBeGreaterThan(before.quotes);
    expect(await stored(title)).toEqual(NOTHING);

    const saved = await app!.admin('POST', `${CM}?locale=da`, body);
    expect(saved.status).toBe(201);
    expect(await stored(title)).toEqual({ rows: 1, quotes: 1, links: 2, componentLinks: 0, orphanQuotes: 0 });
  });

  test("an edit whose copy to the document's other locales fails leaves every locale as it was; the same edit succeeds once the fault is gone", async () => {
    // A case story with a Danish and an English draft; `place` is not localized, so an edit in
    // Danish is copied to the English version too.
    const [story] = await database.rows<{ document_id: string }>(
      `SELECT document_id FROM case_stories WHERE published_at IS NULL GROUP BY document_id HAVING count(DISTINCT locale) >= 2 ORDER BY document_id LIMIT 1`
    );
    expect(story).toBeDefined();
    const versions = () =>
      database.rows<{ locale: string; title: string; place: string | null }>(`SELECT locale, title, place FROM case_stories WHERE document_id = $1 AND published_at IS NULL ORDER BY locale`, [
        story.document_id,
      ]);
    const original = await versions();
    expect(original.map((version) => version.locale)).toEqual(expect.arrayContaining(['da', 'en']));
    const edit = { title: `Redigeret ${Date.now()}`, place: `Nyt sted ${Date.now()}` };

    await database.execute(`
      CREATE FUNCTION lpc_injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault on %', TG_TABLE_NAME; END $$;
      CREATE TRIGGER lpc_injected_fault BEFORE UPDATE ON case_stories FOR EACH ROW
        WHEN (NEW.locale <> 'da' AND NEW.place IS DISTINCT FROM OLD.place) EXECUTE FUNCTION lpc_injected_fault();`);
    let failed: { status: number; body: any };
    try {
      failed = await app!.admin('PUT', `${CM}/${story.document_id}?locale=da`, edit);
    } finally {
      await database.execute(`DROP TRIGGER lpc_injected_fault ON case_stories; DROP FUNCTION lpc_injected_fault();`);
    }
    expect(failed.status).toBe(500);
    expect(await versions()).toEqual(original);

    const saved = await app!.admin('PUT', `${CM}/${story.document_id}?locale=da`, edit);
    expect(saved.status).toBe(200);
    for (const version of await versions()) {
      expect(version.place).toBe(edit.place);
      expect(version.title).toBe(version.locale === 'da' ? edit.title : original.find((o) => o.locale === version.locale)!.title);
    }
  });

  test('a save whose database session is ended midway answers 503 and leaves nothing; the same save succeeds right after', async () => {
    const title = `Afbrudt ${Date.now()}`;
    const body = await caseStoryDraft(title);
    // The partner links wait, so that the session can be ended in the middle of the save.
    await database.execute(`
      CREATE FUNCTION lpc_slow_link() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(5); RETURN NEW; END $$;
      CREATE TRIGGER lpc_slow_link BEFORE INSERT ON case_stories_organisations_lnk FOR EACH ROW EXECUTE FUNCTION lpc_slow_link();`);
    let cut: { status: number; body: any };
    let terminated = 0;
    try {
      const pending = app!.admin('POST', `${CM}?locale=da`, body);
      const deadline = Date.now() + 10000;
      while (!terminated && Date.now() < deadline) {
        await sleep(100);
        terminated = await count(
          `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE '%case_stories_organisations_lnk%' AND state = 'active'`
        );
      }
      cut = await pending;
    } finally {
      await database.execute(`DROP TRIGGER lpc_slow_link ON case_stories_organisations_lnk; DROP FUNCTION lpc_slow_link();`);
    }
    expect(terminated).toBe(1);
    expect(cut.status).toBe(503);
    expect(await stored(title)).toEqual(NOTHING);

    // The pool replaces the ended session; the editor saves again.
    const started = Date.now();
    let saved = await app!.admin('POST', `${CM}?locale=da`, body);
    while (saved.status === 503 && Date.now() - started < MAX_RECOVERY_MS) {
      await sleep(250);
      saved = await app!.admin('POST', `${CM}?locale=da`, body);
    }
    console.log(`[faults] ended session: HTTP ${cut.status}; saved again after ${Date.now() - started} ms`);
    expect(saved.status).toBe(201);
    expect(await stored(title)).toEqual({ rows: 1, quotes: 1, links: 2, componentLinks: 0, orphanQuotes: 0 });
  });
});
