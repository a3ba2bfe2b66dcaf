import { describeAccelerated, PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const PARTNERSHIP = 'api::partnership.partnership';
const ORGANISATION = 'api::organisation.organisation';

const PAGE_QUERY = `query($size: Int) {
  caseStories(locale: "da", pagination: { pageSize: $size }, sort: "title") {
    title slug
    municipality { name }
    partnership { title partners { name } }
    focusAreas { title }
    organisations { name }
    heroImage { url alternativeText }
  }
}`;

/** Runs `work` with at most `width` promises in flight. */
async function inParallel<T>(items: T[], width: number, work: (item: T, index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    })
  );
}

/**
 * Relations, components and media are loaded in batches: the SQL statements of a request do not
 * grow with the page size, and every answer is the one stock Strapi gives (a second instance with
 * GRAPHQL_BATCHING=false on the same database is the reference).
 */
describeAccelerated('batched relations', () => {
  let app: StrapiInstance;
  let stock: StrapiInstance;
  let apiToken: string;
  let crowdedPartnership: string;

  /** The POST's data and the number of SQL statements it ran (X-SQL-Statements). */
  async function measured(instance: StrapiInstance, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const result = await instance.graphql(query, variables, headers);
    if (result.status !== 200 || result.errors?.length) throw new Error(`HTTP ${result.status}: ${JSON.stringify(result.errors)}`);
    return { data: result.data, statements: Number(result.headers.get('x-sql-statements')), cache: result.headers.get('x-cache') };
  }

  beforeAll(async () => {
    // The response cache stays on (the default): each measured request is a miss (first of its kind).
    const env = { DIAGNOSTIC_HEADERS: 'true' };
    app = await startStrapi(env);
    const demo = await app.query(`{
      municipalities(pagination: { pageSize: 100 }) { documentId }
      partnerships(locale: "da") { documentId }
      organisations(locale: "da", pagination: { pageSize: 100 }) { documentId }
      focusAreas(locale: "da", pagination: { pageSize: 100 }) { documentId }
    }`);
    const pick = <T>(list: T[], i: number) => list[i % list.length];
    const image = await app.uploadFile('gellerup.png', PNG, 'image/png', 'Børn læser på biblioteket');

    // A partnership with more partners than a page (25) holds: pagination applies per parent.
    // (Organisations have no draft/publish.)
    const extraPartners: string[] = [];
    await inParallel(Array.from({ length: 27 }), 3, async (_, i) => {
      extraPartners[i] = await app.createDocument(ORGANISATION, 'da', { name: `Partner ${String(i).padStart(2, '0')}`, slug: `partner-${i}`, kind: 'association' });
    });
    crowdedPartnership = await app.createDocument(
      PARTNERSHIP,
      'da',
      { title: 'Mange partnere', slug: 'mange-partnere', partners: { connect: extraPartners.map((documentId) => ({ documentId, locale: 'da' })) } },
      { publish: true }
    );
    const partnerships = [...demo.partnerships.map((p: { documentId: string }) => p.documentId), crowdedPartnership];
    // A draft-only partnership behind a published story: invisible through the relation.
    const draftPartnership = await app.createDocument(PARTNERSHIP, 'da', { title: 'Kladdepartnerskab', slug: 'kladdepartnerskab' });

    await inParallel(Array.from({ length: 105 }), 3, async (_, i) => {
      const documentId = (list: Array<{ documentId: string }>, n: number) => pick(list, n).documentId;
      await app.createDocument(
        CASE_STORY,
        'da',
        {
          title: `Historie ${String(i).padStart(3, '0')}`,
          slug: `historie-${i}`,
          place: `Sted ${i}`,
          municipality: { connect: [{ documentId: documentId(demo.municipalities, i * 7) }] },
          partnership: { connect: [{ documentId: i === 3 ? draftPartnership : pick(partnerships, i), locale: 'da' }] },
          organisations: {
            connect: [
              { documentId: documentId(demo.organisations, i), locale: 'da' },
              { documentId: documentId(demo.organisations, i + 1), locale: 'da' },
            ],
          },
          focusAreas: { connect: [{ documentId: documentId(demo.focusAreas, i), locale: 'da' }] },
          heroImage: i % 3 === 0 ? null : image,
        },
        { publish: i % 20 !== 19 }
      );
    });
    const token = await app.admin('POST', '/admin/api-tokens', { name: 'batching-preview', type: 'read-only', lifespan: null });
    apiToken = token.body.data.accessKey;
    // Same salt, so the reference instance accepts the same API token.
    stock = await startStrapi({ ...env, GRAPHQL_BATCHING: 'false', API_TOKEN_SALT: app.env.API_TOKEN_SALT! }, { database: app.database });
  });
  afterAll(async () => {
    await stock?.stop({ keepDatabase: true });
    await app?.stop();
  });

  test('a page of case stories with five relations costs the same few statements at 5, 25 and 100', async () => {
    const counts: number[] = [];
    // What a request reads once per cache generation or per half minute, not per request (the
    // public role's permissions after a write; the site's locales, for a query that names one) is
    // paid by this first one: the same query, another page size (so the pages below still miss).
    await measured(app, PAGE_QUERY, { size: 1 });
    for (const size of [5, 25, 100]) {
      const { data, statements, cache } = await measured(app, PAGE_QUERY, { size });
      expect(cache).toBe('MISS');
      expect(data!.caseStories).toHaveLength(size);
      expect(data!.caseStories.some((story: { partnership: { partners: unknown[] } | null }) => (story.partnership?.partners.length ?? 0) > 0)).toBe(true);
      counts.push(statements);
    }
    console.log(`page of 5/25/100: ${counts.join('/')} statements batched`);
    expect(counts[0]).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    expect(new Set(counts).size).toBe(1);
    // The reference instance pays per document, which is what the batching removes.
    const stockFive = await measured(stock, PAGE_QUERY, { size: 5 });
    const stockHundred = await measured(stock, PAGE_QUERY, { size: 100 });
    expect(stockHundred.statements).toBeGreaterThan(stockFive.statements + 300);
  });

  test.each([
    ['a page of 90 with every relation', PAGE_QUERY, { size: 90 }],
    [
      'connections, relation connections and a relation with arguments',
      `{ partnerships_connection(locale: "da", sort: "title", pagination: { pageSize: 50 }) {
          nodes { title partners_connection { nodes { name } } partners(sort: "name:desc", pagination: { limit: 2 }) { name } caseStories(sort: "title") { title } municipality { name } }
          pageInfo { total pageSize }
        } }`,
      {},
    ],
    [
      'per-parent pagination of a partnership with 27 partners, and its case stories',
      `query($id: ID!) { partnership(documentId: $id, locale: "da") { title partners { name } caseStories { title } } }`,
      'crowded',
    ],
    [
      'components and media of press releases, partnerships and case stories',
      `{ pressReleases(locale: "da", sort: "releaseDate:desc") { title contacts { name organisation { name } } relatedLinks { label url } }
         partnerships(locale: "da", sort: "title", pagination: { pageSize: 50 }) { title activities { title } seo { metaTitle } }
         caseStories(locale: "da", sort: "title", pagination: { pageSize: 100 }) { title quotes { text author } outcomes { label value } heroImage { url } gallery { url } seo { metaTitle shareImage { url } } } }`,
      {},
    ],
    [
      'the fallback chain, and the same type reached from two roots',
      `{ caseStories(locale: "so", fallbackLocales: ["en", "da"], sort: "title", pagination: { pageSize: 30 }) { locale title municipality { name } organisations { name availableLocales } }
         organisations(locale: "da", sort: "name", pagination: { pageSize: 100 }) { name partnerships { title } } }`,
      {},
    ],
    [
      'relations read with only the columns their selection needs: fragments, aliases, __typename, the same field twice; localizations as stock loads them',
      `fragment Place on Municipality { __typename name code }
       query { caseStories(locale: "da", sort: "title", pagination: { pageSize: 40 }) {
         title municipality { ...Place region } place: municipality { ... on Municipality { latitude longitude } }
         partnership { documentId locale title startDate partners { name website } municipality { name } }
         plain: partnership { title partners { name } municipality { name partnerships { title } } }
         focusAreas { title slug } organisations { __typename name partnerships { title } }
         localizations { locale title municipality { name } }
       } }`,
      {},
    ],
    [
      'root queries read only the columns their selection needs: sorted and filtered through relations, by document, and with a field of this app',
      `query($id: ID!) {
         bySort: caseStories(locale: "da", sort: ["place:desc", "title"], filters: { municipality: { name: { ne: "Ingen" } }, focusAreas: { title: { ne: "Ingen" } } }, pagination: { pageSize: 30 }) { slug }
         byPublication: caseStories(locale: "da", sort: "publishedAt:desc", pagination: { pageSize: 10 }) { __typename title }
         withLocales: caseStories(locale: "da", sort: "title", pagination: { pageSize: 10 }) { title availableLocales locale }
         one: partnership(documentId: $id, locale: "da") { slug partners { name } }
       }`,
      'crowded',
    ],
  ])('%s: the same answer as stock Strapi', async (_name, query, variables) => {
    const vars = variables === 'crowded' ? { id: crowdedPartnership } : variables;
    const batched = await measured(app, query, vars as Record<string, unknown>);
    const reference = await measured(stock, query, vars as Record<string, unknown>);
    expect(batched.data).toEqual(reference.data);
    console.log(`${_name}: ${batched.statements} statements batched, ${reference.statements} stock`);
    expect(batched.statements).toBeLessThanOrEqual(reference.statements);
  });

  test('a partnership with 27 partners shows the default page of 25, in the order the editor set', async () => {
    const data = await app.query(`query($id: ID!) { partnership(documentId: $id, locale: "da") { partners { name } partners_connection { nodes { name } } } }`, {
      id: crowdedPartnership,
    });
    expect(data.partnership.partners).toHaveLength(25);
    expect(data.partnership.partners_connection.nodes).toEqual(data.partnership.partners);
  });

  test('a draft-only partnership stays invisible through a published story, and drafts read drafts with a token', async () => {
    const published = await measured(app, `{ caseStories(locale: "da", filters: { slug: { eq: "historie-3" } }) { title partnership { title } } }`);
    expect(published.data!.caseStories).toEqual([{ title: 'Historie 003', partnership: null }]);

    const draftQuery = `{ caseStories(locale: "da", status: DRAFT, sort: "title", pagination: { pageSize: 100 }) { title publishedAt partnership { title publishedAt } organisations { name publishedAt } } }`;
    const auth = { authorization: `Bearer ${apiToken}` };
    const batched = await measured(app, draftQuery, {}, auth);
    const reference = await measured(stock, draftQuery, {}, auth);
    expect(batched.data).toEqual(reference.data);
    const stories = batched.data!.caseStories as Array<{ title: string; publishedAt: string | null; partnership: { title: string; publishedAt: string | null } | null }>;
    expect(stories).toHaveLength(100);
    expect(stories.every((story) => story.publishedAt === null && (story.partnership === null || story.partnership.publishedAt === null))).toBe(true);
    expect(stories.find((story) => story.title === 'Historie 003')!.partnership!.title).toBe('Kladdepartnerskab');

    const anonymousDraft = await app.graphql(draftQuery);
    expect(anonymousDraft.errors?.length).toBeGreaterThan(0);
  });
});
