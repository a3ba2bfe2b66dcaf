import path from 'path';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, testClient, type TestDatabase } from '../helpers/database';
import { publicContact, ROOT, runProcess, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PARTNERSHIP = 'api::partnership.partnership';
const PRESS_RELEASE = 'api::press-release.press-release';

const SEARCH = `query Search($query: String!, $locale: I18NLocaleCode, $fallbackLocales: [I18NLocaleCode!], $types: [SearchType!], $pagination: PaginationArg) {
  search(query: $query, locale: $locale, fallbackLocales: $fallbackLocales, types: $types, pagination: $pagination) {
    hits { type documentId slug title locale snippet score }
    pageInfo { total page pageSize pageCount }
  }
}`;

type Hit = { type: string; documentId: string; slug: string; title: string; locale: string; snippet: string; score: number };
type Result = { hits: Hit[]; pageInfo: { total: number; page: number; pageSize: number; pageCount: number } };

const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

/** Search: ranking, stemming or prefixes, snippets, permissions, freshness and bad input, on the database under test. */
describe(`search (${testClient()})`, () => {
  let app: StrapiInstance;
  let pressContact: string;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
    pressContact = await app.createDocument('api::contact.contact', 'da', { name: 'Pressetelefon', phone: '33 73 33 26', ...publicContact() });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function search(query: string, variables: Record<string, unknown> = {}): Promise<Result> {
    return (await app.query<{ search: Result }>(SEARCH, { query, ...variables })).search;
  }
  /** A published press release in Danish (publishing one needs a release date and a press contact). */
  const publishedPressRelease = (data: Record<string, unknown>) =>
    app.createDocument(PRESS_RELEASE, 'da', { releaseDate: thisMinute(), ...data, contacts: { connect: [{ documentId: pressContact, locale: 'da' }] } }, { publish: true });
  const titles = (result: Result) => result.hits.map((hit) => hit.title);

  const cm = (uid: string, documentId: string, locale: string, action = '') => `${CM}/${uid}/${documentId}${action ? `/actions/${action}` : ''}?locale=${locale}`;

  test('a title match ranks above a body match; every word must match, also as the start of a longer word', async () => {
    await app.createDocument(CASE_STORY, 'da', { title: 'Om frivillige i Tingbjerg', body: paragraphs('Her mødes man i sprogcaféen hver tirsdag med frivillige.') }, { publish: true });
    await app.createDocument(CASE_STORY, 'da', { title: 'Sprogcaféen i Tingbjerg', summary: 'Hver tirsdag.', body: paragraphs('Frivillige taler dansk med nye borgere.') }, { publish: true });
    const result = await search('sprogcaféen tingbjerg', { locale: 'da' });
    expect(titles(result)).toEqual(['Sprogcaféen i Tingbjerg', 'Om frivillige i Tingbjerg']);
    expect(result.hits[0].score).toBeGreaterThan(result.hits[1].score);
    expect(result.hits.every((hit) => hit.type === 'case_story' && hit.locale === 'da')).toBe(true);
    // "sprogcafé" is the start of "sprogcaféen": found; a word in neither story: nothing.
    expect(titles(await search('sprogcafé', { locale: 'da' }))).toHaveLength(2);
    expect((await search('sprogcafé Vollsmose', { locale: 'da' })).pageInfo.total).toBe(0);
  });

  test('"lektiehjælp" finds "lektiehjælpen" and "demokrati" finds "demokratiske"', async () => {
    await publishedPressRelease({ title: 'Biblioteket i Vollsmose udvider', lead: 'Lektiehjælpen får flere frivillige.', body: paragraphs('Borgerne deltager i demokratiske fællesskaber.') });
    expect(titles(await search('lektiehjælp', { locale: 'da' }))).toContain('Biblioteket i Vollsmose udvider');
    expect(titles(await search('demokrati', { locale: 'da' }))).toContain('Biblioteket i Vollsmose udvider');
  });

  test('PostgreSQL stems Danish, "bibliotekerne" finds "bibliotek"; SQLite matches word starts only (as documented)', async () => {
    await app.createDocument(PARTNERSHIP, 'da', { title: 'Aftale med Gellerup', summary: 'Et nyt bibliotek i Gellerup.' }, { publish: true });
    const found = titles(await search('bibliotekerne', { locale: 'da' }));
    if (testClient() === 'postgres') expect(found).toContain('Aftale med Gellerup');
    else expect(found).not.toContain('Aftale med Gellerup');
    expect(titles(await search('bibliotek', { locale: 'da' }))).toContain('Aftale med Gellerup');
  });

  test('Danish letters and accents are folded on both sides: "laesecafe" finds "Læsecafé", "åbenrå" finds "Aabenraa"; snippets show the words as written', async () => {
    await app.createDocument(CASE_STORY, 'da', { title: 'Læsecaféen i Brønderslev', body: paragraphs('Hver torsdag mødes læsere i caféen på biblioteket.') }, { publish: true });
    await app.createDocument(PARTNERSHIP, 'da', { title: 'Aftale med Aabenraa', summary: 'Frivillige i Aabenraa og Soenderborg laver faellesspisning.' }, { publish: true });
    for (const query of ['laesecafe', 'læsecafé', 'LÆSECAFÉ', 'Laesecafeen', 'læsecafe', 'laesecafé broenderslev']) {
      expect([query, titles(await search(query, { locale: 'da' }))]).toEqual([query, ['Læsecaféen i Brønderslev']]);
    }
    for (const query of ['åbenrå', 'aabenraa', 'Åbenrå sønderborg', 'fællesspisning']) {
      expect([query, titles(await search(query, { locale: 'da' }))]).toEqual([query, ['Aftale med Aabenraa']]);
    }
    expect(titles(await search('cafe', { locale: 'da' }))).toEqual(['Læsecaféen i Brønderslev']);
    // The snippet is the text as written, the matched word marked, on SQLite and PostgreSQL alike.
    const [hit] = (await search('moedes laesere', { locale: 'da' })).hits;
    expect(hit.snippet).toContain('Hver torsdag <mark>mødes</mark> <mark>læsere</mark> i caféen');
    const [partnership] = (await search('sønderborg', { locale: 'da' })).hits;
    expect(partnership.snippet).toContain('<mark>Soenderborg</mark>');
  });

  test('snippets show the matched words in <mark>, with the text escaped as HTML', async () => {
    await app.createDocument(
      CASE_STORY,
      'da',
      {
        title: 'Kodeklubben',
        body: paragraphs('Børn lærer at skrive <script>alert(1)</script> & programmere i kodeklubben på biblioteket i Aalborg.'),
      },
      { publish: true }
    );
    const [hit] = (await search('programmere', { locale: 'da' })).hits;
    expect(hit.title).toBe('Kodeklubben');
    expect(hit.snippet).toContain('<mark>programmere</mark>');
    // The tag-like text is kept, escaped, on both databases (snippets are cut from the text as written).
    expect(hit.snippet).toContain('&amp; <mark>programmere</mark>');
    expect(hit.snippet).toContain('&lt;script&gt;');
    expect(hit.snippet).not.toContain('<script>');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  test('a document is found at once when published, with its edit at once, and gone at once when unpublished or deleted', async () => {
    const documentId = await app.createDocument(PARTNERSHIP, 'da', { title: 'Læsekreds i Holstebro' });
    expect((await search('læsekreds', { locale: 'da' })).hits).toEqual([]); // a draft is never found
    expect((await app.admin('POST', cm(PARTNERSHIP, documentId, 'da', 'publish'), {})).status).toBe(200);
    expect(titles(await search('læsekreds', { locale: 'da' }))).toEqual(['Læsekreds i Holstebro']);

    // An edited draft changes nothing until it is published.
    expect((await app.admin('PUT', cm(PARTNERSHIP, documentId, 'da'), { title: 'Bogklub i Holstebro' })).status).toBe(200);
    expect(titles(await search('læsekreds', { locale: 'da' }))).toEqual(['Læsekreds i Holstebro']);
    expect((await app.admin('POST', cm(PARTNERSHIP, documentId, 'da', 'publish'), {})).status).toBe(200);
    expect(titles(await search('bogklub', { locale: 'da' }))).toEqual(['Bogklub i Holstebro']);
    expect((await search('læsekreds', { locale: 'da' })).hits).toEqual([]);

    expect((await app.admin('POST', cm(PARTNERSHIP, documentId, 'da', 'unpublish'), {})).status).toBe(200);
    expect((await search('bogklub', { locale: 'da' })).hits).toEqual([]);
    expect((await app.admin('POST', cm(PARTNERSHIP, documentId, 'da', 'publish'), {})).status).toBe(200);
    expect(titles(await search('bogklub', { locale: 'da' }))).toEqual(['Bogklub i Holstebro']);
    expect((await app.admin('DELETE', cm(PARTNERSHIP, documentId, 'da'))).status).toBe(200);
    expect((await search('bogklub', { locale: 'da' })).hits).toEqual([]);
  });

  test("the admin's bulk publish and unpublish (one transaction for many documents) update the index with them", async () => {
    const ids = [];
    for (const place of ['Skive', 'Viborg']) ids.push(await app.createDocument(CASE_STORY, 'da', { title: `Fortællecafé i ${place}` }));
    const published = await app.admin('POST', `${CM}/${CASE_STORY}/actions/bulkPublish?locale=da`, { documentIds: ids });
    expect(published.status).toBe(200);
    expect(titles(await search('fortællecafé', { locale: 'da' })).sort()).toEqual(['Fortællecafé i Skive', 'Fortællecafé i Viborg']);
    const unpublished = await app.admin('POST', `${CM}/${CASE_STORY}/actions/bulkUnpublish?locale=da`, { documentIds: ids });
    expect(unpublished.status).toBe(200);
    expect((await search('fortællecafé', { locale: 'da' })).hits).toEqual([]);
  });

  test('each locale is searched in its own language; the fallback chain finds a document once, in its first locale', async () => {
    const both = await app.createDocument(CASE_STORY, 'da', { title: 'Cykelværksted i Odense' }, { publish: true });
    await app.admin('PUT', cm(CASE_STORY, both, 'en'), { title: 'Bicycle workshop in Odense' });
    expect((await app.admin('POST', cm(CASE_STORY, both, 'en', 'publish'), {})).status).toBe(200);
    const danishOnly = await app.createDocument(CASE_STORY, 'da', { title: 'Strikkecafé i Odense' }, { publish: true });

    expect(titles(await search('odense', { locale: 'en' }))).toEqual(['Bicycle workshop in Odense']);
    const chained = await search('odense', { locale: 'en', fallbackLocales: ['da'] });
    expect(chained.hits.map((hit) => [hit.documentId, hit.locale]).sort()).toEqual(
      [
        [both, 'en'],
        [danishOnly, 'da'],
      ].sort()
    );
    expect(chained.pageInfo.total).toBe(2);
  });

  test('types and pagination narrow the answer; the total counts every hit', async () => {
    for (const place of ['Ishøj', 'Ishøj Strand', 'Ishøj Landsby']) {
      await publishedPressRelease({ title: `Nyt fra ${place}`, lead: 'Integrationsrådet i Ishøj mødes.' });
    }
    await app.createDocument(CASE_STORY, 'da', { title: 'Ishøj læser' }, { publish: true });
    const page = await search('ishøj', { locale: 'da', types: ['press_release'], pagination: { page: 2, pageSize: 2 } });
    expect(page.pageInfo).toEqual({ total: 3, page: 2, pageSize: 2, pageCount: 2 });
    expect(page.hits).toHaveLength(1);
    expect(page.hits[0].type).toBe('press_release');
    expect((await search('ishøj', { locale: 'da' })).pageInfo.total).toBe(4);
  });

  test('only what the public role may read is searched', async () => {
    await publishedPressRelease({ title: 'Fælles pressemøde i Herning' });
    await app.createDocument(CASE_STORY, 'da', { title: 'Herning fortæller' }, { publish: true });
    const roles = await app.admin('GET', '/users-permissions/roles');
    const publicRole = roles.body.roles.find((role: { type: string }) => role.type === 'public');
    const role = (await app.admin('GET', `/users-permissions/roles/${publicRole.id}`)).body.role;
    const setFind = async (enabled: boolean) => {
      role.permissions['api::press-release'].controllers['press-release'].find.enabled = enabled;
      const saved = await app.admin('PUT', `/users-permissions/roles/${publicRole.id}`, { name: role.name, description: role.description, permissions: role.permissions });
      expect(saved.status).toBe(200);
    };
    try {
      await setFind(false);
      expect(titles(await search('herning', { locale: 'da' }))).toEqual(['Herning fortæller']);
    } finally {
      await setFind(true);
    }
    expect(titles(await search('herning', { locale: 'da' })).sort()).toEqual(['Fælles pressemøde i Herning', 'Herning fortæller']);
  });

  test('bad input gives a clear GraphQL error or an empty answer, never a server error', async () => {
    const errorFor = async (query: string, variables: Record<string, unknown> = {}) => {
      const result = await app.graphql<{ search: Result }>(SEARCH, { query, ...variables });
      expect(result.status).toBeLessThan(500);
      return result;
    };
    for (const blank of ['', '   ', '\n\t']) {
      const result = await errorFor(blank);
      expect(result.errors?.[0]).toMatchObject({ message: 'query: type at least one word to search for', extensions: { code: 'BAD_USER_INPUT' } });
    }
    const long = await errorFor('bibliotek '.repeat(1000));
    expect(long.errors?.[0].message).toMatch(/^query: at most 200 characters/);
    const unknownLocale = await errorFor('bibliotek', { locale: 'xx' });
    expect(unknownLocale.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    const badPage = await errorFor('bibliotek', { pagination: { page: 0 } });
    expect(badPage.errors?.[0].message).toMatch(/^pagination:/);

    for (const odd of ['"', '""', "'", '&', '|', '!', ':*', '& | ! :*', 'NEAR(', '*', '-', "'; DROP TABLE search_entries; --", 'x" OR 1=1 --', '(((']) {
      const result = await errorFor(odd, { locale: 'da' });
      expect(result.errors).toBeUndefined();
      expect(result.data?.search.hits).toEqual([]);
    }
    // A NUL character is refused before the search runs (PostgreSQL's text cannot hold one).
    const nul = await errorFor('\u0000', { locale: 'da' });
    expect(nul.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^NUL characters/), extensions: { code: 'BAD_USER_INPUT' } });
    // Operators inside a query are read as spaces: the words still count.
    await app.createDocument(CASE_STORY, 'da', { title: 'Sprogstøtte i Brabrand' }, { publish: true });
    expect(titles(await search('"sprogstøtte" & !brabrand:*', { locale: 'da' }))).toEqual(['Sprogstøtte i Brabrand']);
    expect(titles(await search("brabrand'; DROP TABLE search_entries; --", { locale: 'da' }))).toEqual([]);
    expect(titles(await search('brabrand', { locale: 'da' }))).toEqual(['Sprogstøtte i Brabrand']);
  });

  test('`npm run search:reindex` rebuilds the index with progress, dropping entries of documents that are gone', async () => {
    await app.createDocument(CASE_STORY, 'da', { title: 'Genopbygget i Randers' }, { publish: true });
    // An index out of step with the content, as after restoring the content tables alone.
    await app.database.execute(`DELETE FROM search_entries;
      INSERT INTO search_entries (content_type, document_id, locale, slug, title, summary, body, indexed_at)
      VALUES ('${CASE_STORY}', 'gone00000000000000000000', 'da', 'slettet', 'Slettet i Randers', '', '', ${testClient() === 'sqlite' ? '0' : "'2020-01-01T00:00:00Z'"});`);
    const result = await runProcess(['scripts/search-reindex.js'], app.env, 120000);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/\[search\] api::case-story\.case-story: 0\/\d+ published versions/);
    expect(result.output).toMatch(/\[search\] api::case-story\.case-story: (\d+)\/\1 published versions/);
    expect(result.output).toMatch(/\[search\] index rebuilt: \d+ entries written, 1 stale removed/);
    expect(titles(await search('randers', { locale: 'da' }))).toEqual(['Genopbygget i Randers']);
  });
});

/** The upgrade of an index built before folding (database/migrations/2026.12.04T00.00.00.search-folding.js). */
describe(`search index upgrade (${testClient()})`, () => {
  const MIGRATION = path.join(ROOT, 'database', 'migrations', '2026.12.04T00.00.00.search-folding.js');

  /** Runs `work` with knex on the test database, as Strapi's migration runner does. */
  async function withKnex(database: TestDatabase, work: (knex: Knex) => Promise<void>) {
    const { env } = database;
    const knex = knexFactory(
      env.DATABASE_CLIENT === 'sqlite'
        ? { client: 'better-sqlite3', connection: { filename: env.DATABASE_FILENAME }, useNullAsDefault: true }
        : { client: 'pg', connection: { host: env.DATABASE_HOST, port: Number(env.DATABASE_PORT), user: env.DATABASE_USERNAME, password: env.DATABASE_PASSWORD, database: env.DATABASE_NAME } }
    );
    try {
      await work(knex);
    } finally {
      await knex.destroy();
    }
  }

  test('an index written before folding is rebuilt, folded, at the next start: nothing to do by hand, nothing lost', async () => {
    const database = await createTestDatabase();
    let app = await startStrapi({}, { database });
    try {
      await app.stop({ keepDatabase: true });
      // Back to the index as it was: built from the original text, entries without a folded copy.
      const migration = (await import(MIGRATION)) as { down(knex: Knex): Promise<void> };
      await withKnex(database, async (knex) => {
        await migration.down(knex);
        await knex('strapi_migrations').where('name', 'like', '%search-folding%').delete();
        await knex('search_entries').insert({
          content_type: 'api::case-story.case-story',
          document_id: 'old0000000000000000000000',
          locale: 'da',
          slug: 'gammel',
          title: 'Gammel post',
          summary: '',
          body: '',
          indexed_at: new Date(0),
        });
      });
      app = await startStrapi({}, { database });
      const search = async (query: string) =>
        (await app.query<{ search: { hits: Array<{ title: string; snippet: string }> } }>('query S($q: String!) { search(query: $q, locale: "da") { hits { title snippet } } }', { q: query })).search
          .hits;
      // The demo's Vollsmose story: "… for det nye læringscenter".
      const vollsmose = (await search('laeringscenter')).find((hit) => hit.title.startsWith('Vollsmose'));
      expect(vollsmose?.snippet).toMatch(/<mark>læringscenter<\/mark>/);
      // The entry written before the upgrade is gone with the old index.
      expect(await search('gammel')).toEqual([]);
      const [{ count }] = await database.rows<{ count: number | string }>('SELECT count(*) AS count FROM search_entries WHERE title_folded IS NULL');
      expect(Number(count)).toBe(0);
    } finally {
      await app.stop();
    }
  });
});
