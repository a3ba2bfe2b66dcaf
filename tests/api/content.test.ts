import { graphqlExamples } from '../helpers/docs';
import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const README_QUERIES = graphqlExamples('README.md');

/** Anonymous GraphQL readers see the demo content of every type, in Danish and English, with its relations. */
describe('published content over anonymous GraphQL', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi();
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('all 98 municipalities, with codes, regions, coordinates and the two integration councils', async () => {
    const data = await app.query(`{
      municipalities(pagination: { pageSize: 100 }, sort: "code") { code name region hasIntegrationCouncil latitude longitude }
      municipalities_connection { pageInfo { total } }
    }`);
    expect(data.municipalities_connection.pageInfo.total).toBe(98);
    expect(data.municipalities).toHaveLength(98);
    expect(new Set(data.municipalities.map((m: { code: string }) => m.code)).size).toBe(98);
    for (const m of data.municipalities) {
      expect(m.code).toMatch(/^\d{3}$/);
      expect(['hovedstaden', 'sjaelland', 'syddanmark', 'midtjylland', 'nordjylland']).toContain(m.region);
      expect(m.latitude).toBeGreaterThan(54);
      expect(m.longitude).toBeGreaterThan(8);
    }
    const withCouncil = data.municipalities.filter((m: { hasIntegrationCouncil: boolean }) => m.hasIntegrationCouncil);
    expect(withCouncil.map((m: { name: string }) => m.name).sort()).toEqual(['Aarhus', 'Odense']);
    expect(data.municipalities.find((m: { code: string }) => m.code === '751')).toMatchObject({ name: 'Aarhus', region: 'midtjylland' });
    // Coordinates keep the source's four decimals on every database.
    expect(data.municipalities.find((m: { code: string }) => m.code === '461')).toMatchObject({ name: 'Odense', region: 'syddanmark', latitude: 55.3959, longitude: 10.3883 });
  });

  test('Danish is the default locale, and all nine configured locales exist', async () => {
    const data = await app.query(`{ caseStories { locale } pressReleases { locale } i18NLocales { code } }`);
    expect(data.caseStories.length).toBe(2);
    expect(data.caseStories.every((s: { locale: string }) => s.locale === 'da')).toBe(true);
    expect(data.pressReleases.every((s: { locale: string }) => s.locale === 'da')).toBe(true);
    expect(data.i18NLocales.map((l: { code: string }) => l.code).sort()).toEqual(['ar', 'da', 'en', 'fa', 'pl', 'so', 'tr', 'uk', 'ur']);
    const rest = await fetch(`${app.url}/api/i18n/locales`);
    const locales = (await rest.json()) as Array<{ code: string; isDefault: boolean }>;
    expect(locales.filter((l) => l.isDefault).map((l) => l.code)).toEqual(['da']);
  });

  test.each([
    ['da', 'Gellerup: Integrationsrådet var med til at udvikle bibliotekets nye hjemmeside', 'Gellerup Bibliotek og Århus Integrationsråd'],
    ['en', "Gellerup: the integration council helped develop the library's new website", 'Gellerup Library and the Aarhus Integration Council'],
  ])('case stories in %s with municipality, partnership, partners, organisations, focus areas and lessons', async (locale, title, partnershipTitle) => {
    const data = await app.query(
      `query($locale: I18NLocaleCode, $place: String) {
        caseStories(locale: $locale, filters: { place: { eq: $place } }) {
          title slug locale place summary body lessonsLearned
          municipality { code name }
          partnership { title locale partners { name kind locale } }
          organisations { name }
          focusAreas { title }
        }
      }`,
      { locale, place: 'Gellerup' }
    );
    expect(data.caseStories).toHaveLength(1);
    const story = data.caseStories[0];
    expect(story).toMatchObject({ title, locale, place: 'Gellerup', municipality: { code: '751', name: 'Aarhus' } });
    expect(story.partnership).toMatchObject({ title: partnershipTitle, locale });
    expect(story.partnership.partners.map((p: { name: string }) => p.name).sort()).toEqual(['Gellerup Bibliotek', 'Århus Integrationsråd']);
    expect(story.partnership.partners.every((p: { locale: string }) => p.locale === locale)).toBe(true);
    expect(story.organisations).toHaveLength(2);
    expect(story.body[0].type).toBe('paragraph');
    expect(JSON.stringify(story.lessonsLearned)).toMatch(locale === 'da' ? /en vane at høre integrationsrådene/ : /habit to consult/);
  });

  test('the Vollsmose case story belongs to the learning-centre focus area in both languages', async () => {
    const data = await app.query(`{
      da: caseStories(locale: "da", filters: { place: { eq: "Vollsmose" } }) { municipality { name } focusAreas { title slug } }
      en: caseStories(locale: "en", filters: { place: { eq: "Vollsmose" } }) { focusAreas { title slug } }
    }`);
    expect(data.da[0].municipality.name).toBe('Odense');
    expect(data.da[0].focusAreas).toEqual([{ title: 'Bibliotekerne som læringscentre', slug: 'bibliotekerne-som-laeringscentre' }]);
    expect(data.en[0].focusAreas).toEqual([{ title: 'Libraries as learning centres', slug: 'libraries-as-learning-centres' }]);
  });

  test.each(['da', 'en'])('partnerships in %s: the national agreement and the two local ones, with status, partners and activities', async (locale) => {
    const data = await app.query(
      `query($locale: I18NLocaleCode) {
        partnerships(locale: $locale, sort: "title") {
          title level status partnershipStatus
          municipality { name }
          partners { name }
          focusAreas { slug }
          contacts { name email }
          activities { title kind }
          caseStories { place }
        }
      }`,
      { locale }
    );
    expect(data.partnerships).toHaveLength(3);
    const national = data.partnerships.find((p: { level: string }) => p.level === 'national');
    expect(national.municipality).toBeNull();
    expect(national.partners.map((p: { name: string }) => p.name).sort()).toEqual(['Rådet for Etniske Minoriteter', 'Styrelsen for Bibliotek og Medier']);
    expect(national.focusAreas).toHaveLength(3);
    expect(national.contacts).toEqual([{ name: 'Inger Frydendahl', email: 'ifr@bs.dk' }]);
    for (const partnership of data.partnerships) {
      expect(partnership.status).toBe('active');
      expect(partnership.partnershipStatus).toBe('active');
    }
    const local = data.partnerships.filter((p: { level: string }) => p.level === 'local');
    expect(local.map((p: { municipality: { name: string } }) => p.municipality.name).sort()).toEqual(['Aarhus', 'Odense']);
    expect(local.flatMap((p: { caseStories: Array<{ place: string }> }) => p.caseStories.map((s) => s.place)).sort()).toEqual(['Gellerup', 'Vollsmose']);
    expect(local[0].activities.length).toBeGreaterThan(0);
    expect(local[0].activities[0].title).toMatch(locale === 'da' ? /Integrationsrådet/ : /integration council/);
  });

  test.each(['da', 'en'])('the press release in %s with lead, body, contacts, links, senders, partnerships and case stories', async (locale) => {
    const data = await app.query(
      `query($locale: I18NLocaleCode) {
        pressReleases(locale: $locale) {
          title slug lead body releaseDate
          contacts { name phone email jobTitle organisation { name } }
          relatedLinks { label url }
          organisations { name kind }
          partnerships { title }
          caseStories { place }
        }
      }`,
      { locale }
    );
    expect(data.pressReleases).toHaveLength(1);
    const release = data.pressReleases[0];
    expect(release.title).toBe(locale === 'da' ? 'Biblioteker og integrationsråd samarbejder om bedre integration' : 'Libraries and integration councils work together for better integration');
    expect(release.lead).toMatch(locale === 'da' ? /^Indvandrere og flygtninge har taget de danske folkebiblioteker til sig/ : /^Immigrants and refugees/);
    expect(Number.isNaN(Date.parse(release.releaseDate))).toBe(false);
    expect(release.contacts).toEqual([{ name: 'Inger Frydendahl', phone: '+45 33 73 33 26', email: 'ifr@bs.dk', jobTitle: null, organisation: { name: 'Styrelsen for Bibliotek og Medier' } }]);
    expect(release.relatedLinks.map((l: { url: string }) => l.url)).toEqual(['http://www.bibliotekogmedier.dk', 'http://www.rem.dk', 'http://www.rem.dk']);
    expect(release.organisations.every((o: { kind: string }) => o.kind === 'national_body')).toBe(true);
    expect(release.partnerships).toHaveLength(3);
    expect(release.caseStories.map((s: { place: string }) => s.place).sort()).toEqual(['Gellerup', 'Vollsmose']);
    const list = release.body.find((block: { type: string }) => block.type === 'list');
    expect(list.children).toHaveLength(3);
  });

  test.each(['da', 'en'])('organisations, focus areas and contacts in %s', async (locale) => {
    const data = await app.query(
      `query($locale: I18NLocaleCode) {
        organisations(locale: $locale, sort: "name") { name slug kind website description municipality { name } partnerships { level } }
        focusAreas(locale: $locale, sort: "sortOrder") { title slug description sortOrder }
        contacts(locale: $locale) { name phone organisation { slug } }
      }`,
      { locale }
    );
    expect(data.organisations.map((o: { name: string }) => o.name)).toEqual([
      'Gellerup Bibliotek',
      'Odense Integrationsråd',
      'Rådet for Etniske Minoriteter',
      'Styrelsen for Bibliotek og Medier',
      'Vollsmose Bibliotek',
      'Århus Integrationsråd',
    ]);
    const rem = data.organisations.find((o: { slug: string }) => o.slug === 'raadet-for-etniske-minoriteter');
    expect(rem).toMatchObject({ kind: 'national_body', website: 'http://www.rem.dk', municipality: null });
    expect(rem.partnerships).toEqual([{ level: 'national' }]);
    const gellerup = data.organisations.find((o: { slug: string }) => o.slug === 'gellerup-bibliotek');
    expect(gellerup.municipality).toEqual({ name: 'Aarhus' });
    expect(gellerup.description).toMatch(locale === 'da' ? /Folkebibliotek i Gellerup/ : /Public library in Gellerup/);
    expect(data.focusAreas.map((f: { sortOrder: number }) => f.sortOrder)).toEqual([1, 2, 3]);
    expect(data.focusAreas[1].title).toBe(locale === 'da' ? 'Bibliotekerne som demokratiske væksthuse' : 'Libraries as democratic greenhouses');
    expect(data.contacts).toEqual([{ name: 'Inger Frydendahl', phone: '+45 33 73 33 26', organisation: { slug: 'styrelsen-for-bibliotek-og-medier' } }]);
  });

  test('a municipality lists its organisations, partnerships and case stories (one entry per locale)', async () => {
    const data = await app.query(`{
      municipalities(filters: { code: { eq: "461" } }) {
        name
        organisations(filters: { locale: { eq: "da" } }) { name locale }
        partnerships { title locale }
        caseStories(filters: { locale: { eq: "en" } }) { place locale }
      }
    }`);
    const odense = data.municipalities[0];
    expect(odense.organisations.map((o: { name: string }) => o.name).sort()).toEqual(['Odense Integrationsråd', 'Vollsmose Bibliotek']);
    expect(odense.partnerships.map((p: { locale: string }) => p.locale).sort()).toEqual(['da', 'en']);
    expect(odense.caseStories).toEqual([{ place: 'Vollsmose', locale: 'en' }]);
  });

  test('the README has its GraphQL examples', () => {
    expect(README_QUERIES.map(([name]) => name)).toEqual(['CaseStoriesInEnglish', 'PressReleaseBySlug', 'IntegrationCouncilMap', 'SearchLektiehjaelp', 'TranslationStates']);
  });

  test.each(README_QUERIES)('the README example %s runs and returns the demo content', async (name, query) => {
    const data = await app.query(query);
    if (name === 'SearchLektiehjaelp') {
      expect(data.search.hits.map((hit: { type: string }) => hit.type)).toEqual(['press_release']);
      expect(data.search.hits[0].snippet).toContain('<mark>lektiehjælp</mark>');
      return;
    }
    const [list] = Object.values(data) as Array<Array<Record<string, any>>>;
    expect(list.length).toBeGreaterThan(0);
    if (name === 'TranslationStates')
      expect(list.map((story) => story.translation)).toEqual(list.map(() => expect.objectContaining({ state: 'CURRENT', sourceLocale: 'da', machineTranslated: false })));
    if (name === 'CaseStoriesInEnglish') {
      expect(list.map((s) => s.place)).toEqual(['Gellerup', 'Vollsmose']);
      expect(list[0].partnership.partners.length).toBe(2);
    }
    if (name === 'PressReleaseBySlug') expect(list[0].contacts[0].phone).toBe('+45 33 73 33 26');
    if (name === 'IntegrationCouncilMap') {
      expect(list.map((m) => m.name).sort()).toEqual(['Aarhus', 'Odense']);
      expect(list.every((m) => m.caseStories.length === 1)).toBe(true);
    }
  });
});
