import fs from 'fs';
import path from 'path';
import { graphqlExamples } from '../helpers/docs';
import { ROOT, startStrapi, type StrapiInstance } from '../helpers/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fetchSdl } = require('../../scripts/lib/schema.js') as { fetchSdl(url: string): Promise<string> };

const CASE_STORY = 'api::case-story.case-story';
const CM = '/content-manager/collection-types';
const VOLLSMOSE_DA = 'vollsmose-integrationsraadet-var-sparringspartner-for-det-nye-laeringscenter';

const DOC_QUERIES = graphqlExamples('docs/graphql.md');

type Story = { documentId: string; title: string; locale: string; availableLocales: string[] };

/** Language fallback, availableLocales, text direction, slug look-ups and the municipality map. */
describe('the GraphQL API for web teams', () => {
  let app: StrapiInstance;
  let vollsmose: string;
  let gellerup: string;

  beforeAll(async () => {
    // The lowest filter size allowed: the fallback chain's own conditions (one per document) must not count against it.
    app = await startStrapi({ FILTER_MAX_SIZE: '10' });
    const stories = await app.query(`{ caseStories { documentId place } municipalities(filters: { code: { eq: "461" } }) { documentId } }`);
    const odense = stories.municipalities[0].documentId;
    vollsmose = stories.caseStories.find((s: { place: string }) => s.place === 'Vollsmose').documentId;
    gellerup = stories.caseStories.find((s: { place: string }) => s.place === 'Gellerup').documentId;
    // A published Somali translation of Vollsmose, and an Arabic draft of Gellerup that is never published.
    const somali = await app.admin('PUT', `${CM}/${CASE_STORY}/${vollsmose}?locale=so`, {
      title: 'Vollsmose (so)',
      slug: 'vollsmose-so',
      place: 'Vollsmose',
      municipality: { connect: [{ documentId: odense }] }, // relations are per locale
    });
    expect(somali.status).toBe(200);
    const published = await app.admin('POST', `${CM}/${CASE_STORY}/${vollsmose}/actions/publish?locale=so`, {});
    expect(published.status).toBe(200);
    const arabic = await app.admin('PUT', `${CM}/${CASE_STORY}/${gellerup}?locale=ar`, { title: 'Gellerup (ar, kladde)', slug: 'gellerup-ar', place: 'Gellerup' });
    expect(arabic.status).toBe(200);
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('each document comes back once, in the first locale of the chain it exists in', async () => {
    const data = await app.query<{ caseStories: Story[] }>(`{
      caseStories(locale: "so", fallbackLocales: ["en", "da"], sort: "title") { documentId title locale availableLocales }
    }`);
    expect(data.caseStories).toHaveLength(2);
    const byId = new Map(data.caseStories.map((s) => [s.documentId, s]));
    expect(byId.get(vollsmose)).toMatchObject({ title: 'Vollsmose (so)', locale: 'so', availableLocales: ['da', 'en', 'so'] });
    expect(byId.get(gellerup)).toMatchObject({ locale: 'en', availableLocales: ['da', 'en'] });
  });

  test('without a fallback chain only the requested locale is served, as in stock Strapi', async () => {
    const data = await app.query(`{ caseStories(locale: "so") { documentId } ar: caseStories(locale: "ar") { documentId } }`);
    expect(data.caseStories).toEqual([{ documentId: vollsmose }]);
    expect(data.ar).toEqual([]);
  });

  test("a locale the site does not have is refused with the site's locales, inline or as a variable, in GraphQL, search and REST; one added is accepted at once", async () => {
    const SITE = /is not one of this site's locales \(en, da, ar, fa, pl, so, tr, uk, ur\)$/;
    const refused = async (query: string, variables?: Record<string, unknown>) => {
      const answer = await app.graphql(query, variables);
      expect([answer.status, answer.data ?? null, answer.errors?.[0]?.extensions?.code]).toEqual([400, null, 'BAD_USER_INPUT']);
      return answer.errors![0].message;
    };
    const STORIES = 'query Stories($l: I18NLocaleCode, $f: [I18NLocaleCode!]) { caseStories(locale: $l, fallbackLocales: $f) { title } }';
    // A variable: i18n's scalar lets any string through, and the answer was [].
    expect(await refused(STORIES, { l: 'dk' })).toMatch(new RegExp(`^caseStories\\(locale\\): "dk" ${SITE.source}`));
    expect(await refused(STORIES, { l: 'da', f: ['en', 'zz'] })).toMatch(/^caseStories\(fallbackLocales\): "zz" is not one/);
    // Inline, a real ISO code that is not one of the site's (i18n's scalar accepts every ISO code).
    expect(await refused('{ caseStories(locale: "fr") { title } }')).toMatch(SITE);
    expect(await refused('query Page($slug: String!, $l: I18NLocaleCode) { caseStoryBySlug(slug: $slug, locale: $l) { title } }', { slug: 'x', l: 'de' })).toMatch(SITE);
    expect(await refused('query Find($l: I18NLocaleCode) { search(query: "bibliotek", locale: $l) { hits { title } } }', { l: 'dk' })).toMatch(/^search\(locale\): "dk"/);
    // A fragment that another operation of the document uses is not this operation's.
    const twoOperations = 'query A { caseStories(locale: "da") { title } } query B { ...French } fragment French on Query { caseStories(locale: "fr") { title } }';
    const run = (operationName: string) =>
      fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: twoOperations, operationName }) });
    expect((await run('A')).status).toBe(200);
    expect(((await (await run('B')).json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/^caseStories\(locale\): "fr" is not one/);
    // Known codes, * and an empty code (the default locale) still answer.
    expect((await app.query(STORIES, { l: '' })).caseStories.length).toBeGreaterThan(0);
    expect((await fetch(`${app.url}/api/case-stories?locale=`)).status).toBe(200);
    expect((await app.query(STORIES, { l: 'da', f: ['en'] })).caseStories.length).toBeGreaterThan(0);
    expect((await app.query(STORIES, { l: '*' })).caseStories.length).toBeGreaterThan(2);
    // REST: a 400 with the same words instead of an empty list.
    const rest = await fetch(`${app.url}/api/case-stories?locale=dk`);
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`^locale: "dk" ${SITE.source}`));
    for (const locale of ['da', '*']) expect((await fetch(`${app.url}/api/case-stories?locale=${encodeURIComponent(locale)}`)).status).toBe(200);
    // A locale added in the admin is accepted at once, and refused again once deleted.
    const added = await app.admin('POST', '/i18n/locales', { code: 'de', name: 'German (de)', isDefault: false });
    expect(added.status).toBe(200);
    try {
      expect((await app.graphql(STORIES, { l: 'de' })).data).toEqual({ caseStories: [] });
      expect((await fetch(`${app.url}/api/case-stories?locale=de`)).status).toBe(200);
    } finally {
      expect((await app.admin('DELETE', `/i18n/locales/${added.body.id}`)).status).toBe(200);
    }
    expect(await refused(STORIES, { l: 'de' })).toMatch(SITE);
  });

  test('pagination with fallback pages through distinct documents, and the total counts documents', async () => {
    const data = await app.query(`{
      first: caseStories_connection(locale: "so", fallbackLocales: ["en"], pagination: { page: 1, pageSize: 1 }, sort: "documentId") { nodes { documentId locale } pageInfo { total pageCount } }
      second: caseStories_connection(locale: "so", fallbackLocales: ["en"], pagination: { page: 2, pageSize: 1 }, sort: "documentId") { nodes { documentId locale } }
    }`);
    expect(data.first.pageInfo).toEqual({ total: 2, pageCount: 2 });
    const ids = [data.first.nodes[0].documentId, data.second.nodes[0].documentId];
    expect(new Set(ids).size).toBe(2);
    expect(ids.sort()).toEqual([vollsmose, gellerup].sort());
  });

  test('filters apply to the version that is served', async () => {
    const data = await app.query(`{
      somali: caseStories(locale: "so", fallbackLocales: ["en", "da"], filters: { title: { containsi: "(so)" } }) { locale }
      english: caseStories(locale: "so", fallbackLocales: ["en", "da"], filters: { title: { containsi: "library's new website" } }) { locale }
      danishOnlyText: caseStories(locale: "so", fallbackLocales: ["en", "da"], filters: { title: { containsi: "bibliotekets nye hjemmeside" } }) { locale }
      inOdense: caseStories(locale: "so", fallbackLocales: ["da"], filters: { municipality: { code: { eq: "461" } } }) { locale }
    }`);
    expect(data.somali).toEqual([{ locale: 'so' }]);
    expect(data.english).toEqual([{ locale: 'en' }]);
    expect(data.danishOnlyText).toEqual([]); // Gellerup is served in English, so its Danish title does not match
    expect(data.inOdense).toEqual([{ locale: 'so' }]);
  });

  test("the filter limits count the caller's filters, not the chosen versions the fallback chain adds", async () => {
    // The chain's filter names every document it serves: with more documents than FILTER_MAX_SIZE
    // (10 here, 300 by default) a list with a fallback chain was refused.
    const organisations = await app.query(`{ all: organisations(locale: "da", pagination: { pageSize: 100 }) { documentId } }`);
    expect(organisations.all.length).toBeGreaterThan(5);
    const data = await app.query(`{
      organisations(locale: "so", fallbackLocales: ["en", "da"], pagination: { pageSize: 100 }) { documentId }
      organisations_connection(locale: "so", fallbackLocales: ["en", "da"], pagination: { pageSize: 2 }) { pageInfo { total } }
      filtered: caseStories(locale: "so", fallbackLocales: ["en", "da"], filters: { municipality: { code: { eq: "461" } } }) { locale }
    }`);
    expect(data.organisations).toHaveLength(organisations.all.length);
    expect(data.organisations_connection.pageInfo.total).toBe(organisations.all.length);
    expect(data.filtered).toEqual([{ locale: 'so' }]);
    // The caller's own filters still meet the limit, with a chain as without one.
    const codes = Array.from({ length: 12 }, (_, i) => String(100 + i));
    for (const chain of ['fallbackLocales: ["da"]', '']) {
      const refused = await app.graphql(`{ caseStories(locale: "so", ${chain}, filters: { municipality: { code: { in: ${JSON.stringify(codes)} } } }) { locale } }`);
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/hold more than 10 conditions/), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  test('a single document follows the chain; an unpublished translation is skipped', async () => {
    const data = await app.query(
      `query($g: ID!) {
        inEnglish: caseStory(documentId: $g, locale: "so", fallbackLocales: ["en", "da"]) { locale }
        arabicDraftSkipped: caseStory(documentId: $g, locale: "ar", fallbackLocales: ["da"]) { locale title }
        noFallback: caseStory(documentId: $g, locale: "so") { locale }
      }`,
      { g: gellerup }
    );
    expect(data.inEnglish).toEqual({ locale: 'en' });
    expect(data.arabicDraftSkipped.locale).toBe('da');
    expect(data.arabicDraftSkipped.title).not.toMatch(/kladde/);
    expect(data.noFallback).toBeNull();
  });

  test('locales tell their writing direction', async () => {
    const data = await app.query(`{ i18NLocales { code direction } }`);
    const direction = Object.fromEntries(data.i18NLocales.map((l: { code: string; direction: string }) => [l.code, l.direction]));
    expect(direction).toEqual({ da: 'ltr', en: 'ltr', ar: 'rtl', fa: 'rtl', pl: 'ltr', so: 'ltr', tr: 'ltr', uk: 'ltr', ur: 'rtl' });
  });

  test('availableLocales is on every localized type', async () => {
    const data = await app.query(`{
      partnerships { availableLocales } pressReleases { availableLocales } organisations { availableLocales }
      focusAreas { availableLocales } contacts { availableLocales }
    }`);
    for (const list of Object.values(data) as Array<Array<{ availableLocales: string[] }>>) {
      expect(list.length).toBeGreaterThan(0);
      for (const item of list) expect(item.availableLocales).toEqual(['da', 'en']);
    }
  });

  test('slug look-ups return one published document in the best locale, or null', async () => {
    const data = await app.query(`{
      bySomaliSlug: caseStoryBySlug(slug: "vollsmose-so", locale: "so") { documentId locale }
      byDanishSlugInSomali: caseStoryBySlug(slug: "${VOLLSMOSE_DA}", locale: "so", fallbackLocales: ["da"]) { locale title }
      danishSlugWithoutChain: caseStoryBySlug(slug: "${VOLLSMOSE_DA}", locale: "so") { locale }
      danishByDefault: caseStoryBySlug(slug: "${VOLLSMOSE_DA}") { locale }
      arabicDraft: caseStoryBySlug(slug: "gellerup-ar", locale: "ar") { title }
      partnership: partnershipBySlug(slug: "gellerup-library-and-the-aarhus-integration-council", locale: "en") { title status locale }
      pressRelease: pressReleaseBySlug(slug: "biblioteker-og-integrationsraad-samarbejder-om-bedre-integration") { title contacts { name } }
      missing: pressReleaseBySlug(slug: "findes-ikke") { title }
    }`);
    expect(data.bySomaliSlug).toEqual({ documentId: vollsmose, locale: 'so' });
    expect(data.byDanishSlugInSomali).toEqual({ locale: 'so', title: 'Vollsmose (so)' });
    expect(data.danishSlugWithoutChain).toBeNull();
    expect(data.danishByDefault).toEqual({ locale: 'da' });
    expect(data.arabicDraft).toBeNull();
    expect(data.partnership).toEqual({ title: 'Gellerup Library and the Aarhus Integration Council', status: 'active', locale: 'en' });
    expect(data.pressRelease.contacts).toEqual([{ name: 'Inger Frydendahl' }]);
    expect(data.missing).toBeNull();
  });

  test('the municipality map: 98 municipalities, integration councils, and counts of published documents', async () => {
    await app.createDocument(CASE_STORY, 'da', { title: 'Kladde i Aarhus', slug: 'kladde-i-aarhus', municipality: { connect: [{ documentId: await municipalityId('751') }] } });
    const copenhagen = await municipalityId('101');
    await app.createDocument(CASE_STORY, 'da', { title: 'Historie i København', slug: 'historie-i-koebenhavn', municipality: { connect: [{ documentId: copenhagen }] } }, { publish: true });
    const data = await app.query(`{ municipalityMap { code name region latitude longitude hasIntegrationCouncil partnershipCount caseStoryCount } }`);
    expect(data.municipalityMap).toHaveLength(98);
    const byCode = new Map(data.municipalityMap.map((m: { code: string }) => [m.code, m]));
    expect(byCode.get('751')).toMatchObject({ name: 'Aarhus', region: 'midtjylland', hasIntegrationCouncil: true, partnershipCount: 1, caseStoryCount: 1 });
    expect(byCode.get('461')).toMatchObject({ name: 'Odense', hasIntegrationCouncil: true, partnershipCount: 1, caseStoryCount: 1 }); // three locales, one document
    expect(byCode.get('101')).toMatchObject({ name: 'København', hasIntegrationCouncil: false, partnershipCount: 0, caseStoryCount: 1 });
    expect((byCode.get('461') as { latitude: number }).latitude).toBeCloseTo(55.3959, 3);
    const others = data.municipalityMap.filter((m: { code: string }) => !['751', '461', '101'].includes(m.code));
    expect(others.every((m: { partnershipCount: number; caseStoryCount: number }) => m.partnershipCount === 0 && m.caseStoryCount === 0)).toBe(true);
  });

  async function municipalityId(code: string): Promise<string> {
    const data = await app.query(`query($code: String) { municipalities(filters: { code: { eq: $code } }) { documentId } }`, { code });
    return data.municipalities[0].documentId;
  }

  test('docs/graphql.md has an example for each use case', () => {
    expect(DOC_QUERIES.map(([name]) => name)).toEqual([
      'CaseStoriesWithFallback',
      'TranslationNotice',
      'CaseStoryPage',
      'Danmarkskort',
      'MunicipalityContent',
      'PressRoom',
      'PressReleaseHead',
      'MunicipalitiesPage',
      'LearningCentresInOdense',
      'ActivePartnerships',
    ]);
  });

  test.each(DOC_QUERIES)('the documented query %s runs and returns content', async (_name, query) => {
    const data = await app.query(query);
    for (const value of Object.values(data)) {
      const items = Array.isArray(value) ? value : ((value as { nodes?: unknown[] })?.nodes ?? [value]);
      expect(items.length).toBeGreaterThan(0);
      expect(items[0]).not.toBeNull();
    }
  });

  test('schema.graphql is the schema the app serves (run npm run schema:generate after a change)', async () => {
    const committed = fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8');
    expect(await fetchSdl(app.url)).toBe(committed);
  });
});
