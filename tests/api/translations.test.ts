import { startStrapi, type StrapiInstance } from '../helpers/strapi';
import { FakeDeepL, FakeLibreTranslate } from '../helpers/translation-providers';

const CM = '/content-manager/collection-types';
const STORY = 'api::case-story.case-story';
const DEEPL_KEY = 'test-deepl-key:fx';

type Change = { field: string; before: string | null; after: string | null };
type LocaleState = { locale: string; state: string; publishedState: string | null; machineProvider: string | null; changes: Change[] | null; provider: string | null; editedAt: number | null };
type States = { sourceLocale: string; sourceChangedAt: number | null; locales: LocaleState[] };

const BODY = [
  { type: 'heading', level: 2, children: [{ type: 'text', text: 'Sprogcaféer i Vollsmose' }] },
  {
    type: 'paragraph',
    children: [
      { type: 'text', text: 'Rådet for Etniske Minoriteter og ' },
      { type: 'text', text: 'integrationsrådet', bold: true },
      { type: 'text', text: ' åbner caféer. Se ' },
      { type: 'link', url: 'https://www.odense.dk/sprogcafe', children: [{ type: 'text', text: 'programmet', italic: true }] },
      { type: 'text', text: '.' },
    ],
  },
  {
    type: 'list',
    format: 'ordered',
    children: [
      { type: 'list-item', children: [{ type: 'text', text: 'Hver tirsdag' }] },
      { type: 'list-item', children: [{ type: 'text', text: 'Hver torsdag' }] },
    ],
  },
];

/**
 * The translation workflow (plugins/translation-workflow): every localized version's state
 * against its Danish source, kept on every save and publish and compared by content; what changed
 * in the source since; coverage; the state on GraphQL; machine-translated drafts from DeepL and
 * LibreTranslate (local fakes of their HTTP APIs) that keep rich text's structure and never publish;
 * a service outage changes nothing.
 */
describe('translation workflow', () => {
  let app: StrapiInstance;
  let deepl: FakeDeepL;
  let libre: FakeLibreTranslate;
  let documentId: string;
  let municipality: string;

  const states = async (id = documentId): Promise<States> => {
    const response = await app.admin('GET', `/translation-workflow/documents/${STORY}/${id}`);
    expect(response.status).toBe(200);
    return response.body.data as States;
  };
  const stateOf = async (locale: string, id = documentId) => (await states(id)).locales.find((entry) => entry.locale === locale) as LocaleState;
  const save = async (locale: string, data: Record<string, unknown>, id = documentId) => {
    const saved = await app.admin('PUT', `${CM}/${STORY}/${id}?locale=${locale}`, data);
    expect([200, 201]).toContain(saved.status);
    return saved.body.data;
  };
  const publish = async (locale: string, id = documentId) => {
    const published = await app.admin('POST', `${CM}/${STORY}/${id}/actions/publish?locale=${locale}`, {});
    expect([200, 201]).toContain(published.status);
  };
  const draft = async (locale: string, id = documentId) => (await app.admin('GET', `${CM}/${STORY}/${id}?locale=${locale}`)).body.data;
  const served = async (locale: string, id = documentId) => {
    const answer = await app.graphql(
      `query($id: ID!, $locale: I18NLocaleCode) { caseStory(documentId: $id, locale: $locale) { title summary translation { state sourceLocale sourceChangedAt machineTranslated editedAt } } }`,
      { id, locale }
    );
    expect(answer.errors).toBeUndefined();
    return answer.data?.caseStory;
  };
  const translate = (locale: string, id = documentId) => app.admin('POST', `/translation-workflow/documents/${STORY}/${id}/translate`, { locale });

  beforeAll(async () => {
    deepl = await FakeDeepL.start({ apiKey: DEEPL_KEY });
    libre = await FakeLibreTranslate.start({});
    app = await startStrapi({
      LOCALES: 'da,en,ar,fa,uk',
      DEEPL_API_KEY: DEEPL_KEY,
      DEEPL_API_URL: deepl.url,
      LIBRETRANSLATE_URL: libre.url,
      TRANSLATION_PROVIDERS: 'fa=libretranslate,uk=none',
    });
    const odense = (await app.admin('GET', `${CM}/api::municipality.municipality?filters[name][$eq]=Odense`)).body.results[0];
    const area = (await app.admin('GET', `${CM}/api::focus-area.focus-area?locale=da`)).body.results[0];
    municipality = odense.documentId;
    documentId = await app.createDocument(
      STORY,
      'da',
      {
        title: 'Sprogcaféer i Vollsmose',
        slug: 'sprogcafeer-i-vollsmose',
        summary: 'Biblioteket åbner sprogcaféer.',
        body: BODY,
        quotes: [{ text: 'Det er et godt sted at mødes.', author: 'Amina Hassan', role: 'Frivillig' }],
        municipality: { connect: [{ documentId: odense.documentId }] },
        focusAreas: { connect: [{ documentId: area.documentId, locale: 'da' }] },
      },
      { publish: true }
    );
    for (const locale of ['en', 'ar']) {
      await save(locale, { title: `Language cafés (${locale})`, slug: `language-cafes-${locale}`, summary: `The library opens language cafés (${locale}).` });
      await publish(locale);
    }
  });

  afterAll(async () => {
    await app?.stop();
    await deepl?.close();
    await libre?.close();
  });

  test('every locale has a state: Danish is the source, translations made from it are current, the others missing', async () => {
    const found = await states();
    expect(found.sourceLocale).toBe('da');
    expect(Object.fromEntries(found.locales.map((entry) => [entry.locale, entry.state]))).toEqual({ da: 'source', en: 'current', ar: 'current', fa: 'missing', uk: 'missing' });
    expect(found.locales.find((entry) => entry.locale === 'en')?.publishedState).toBe('current');
    // Which service would translate into each locale: DeepL by default, LibreTranslate for Persian, none for Ukrainian.
    expect(Object.fromEntries(found.locales.map((entry) => [entry.locale, entry.provider]))).toEqual({ da: null, en: 'deepl', ar: 'deepl', fa: 'libretranslate', uk: null });
    expect((await served('en')).translation).toMatchObject({ state: 'CURRENT', sourceLocale: 'da', machineTranslated: false });
    expect((await served('da')).translation).toMatchObject({ state: 'SOURCE', sourceLocale: 'da' });
  });

  test('saving the Danish version unchanged marks nothing; editing its summary marks en and ar outdated with what changed, and GraphQL once it is published', async () => {
    const before = await states();
    const current = await draft('da');
    await save('da', { title: current.title, summary: current.summary });
    const unchanged = await states();
    expect(unchanged.locales.map((entry) => entry.state)).toEqual(before.locales.map((entry) => entry.state));
    expect(unchanged.sourceChangedAt).toBe(before.sourceChangedAt);

    await save('da', { summary: 'Biblioteket og integrationsrådet åbner tre sprogcaféer.' });
    const after = await states();
    expect(after.sourceChangedAt).toBeGreaterThan(before.sourceChangedAt as number);
    for (const locale of ['en', 'ar']) {
      const entry = after.locales.find((candidate) => candidate.locale === locale) as LocaleState;
      expect(entry.state).toBe('outdated');
      expect(entry.changes).toEqual([{ field: 'summary', before: 'Biblioteket åbner sprogcaféer.', after: 'Biblioteket og integrationsrådet åbner tre sprogcaféer.' }]);
      // The published versions still match the Danish text readers see.
      expect(entry.publishedState).toBe('current');
      expect((await served(locale)).translation.state).toBe('CURRENT');
    }
    await publish('da');
    for (const locale of ['en', 'ar']) {
      const translation = (await served(locale)).translation;
      expect(translation.state).toBe('OUTDATED');
      expect(Date.parse(translation.sourceChangedAt)).toBe(after.sourceChangedAt);
      expect((await stateOf(locale)).publishedState).toBe('outdated');
    }
  });

  test('saving the en version makes it current; publishing it makes the served version current; ar stays outdated', async () => {
    await save('en', { summary: 'The library and the integration council open three language cafés.' });
    expect(await stateOf('en')).toMatchObject({ state: 'current', publishedState: 'outdated', changes: null });
    expect((await served('en')).translation.state).toBe('OUTDATED');
    await publish('en');
    expect((await served('en')).translation.state).toBe('CURRENT');
    expect((await stateOf('ar')).state).toBe('outdated');
    expect((await served('ar')).translation.state).toBe('OUTDATED');
  });

  test('an editor can say a translation is still good without saving it', async () => {
    const marked = await app.admin('POST', `/translation-workflow/documents/${STORY}/${documentId}/current`, { locale: 'ar' });
    expect(marked.status).toBe(200);
    expect(marked.body.data.locales.find((entry: LocaleState) => entry.locale === 'ar')).toMatchObject({ state: 'current', publishedState: 'current' });
    expect((await served('ar')).translation.state).toBe('CURRENT');
    const refused = await app.admin('POST', `/translation-workflow/documents/${STORY}/${documentId}/current`, { locale: 'da' });
    expect(refused.status).toBe(400);
  });

  test('a machine-translated ar draft keeps the rich text structure, links and marks, uses the glossary, is marked, and is not published', async () => {
    const publishedBefore = await served('ar');
    deepl.requests.length = 0;
    const response = await translate('ar');
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ locale: 'ar', provider: 'deepl' });
    const translateCall = deepl.translateRequests()[0];
    expect(translateCall?.headers.authorization).toBe(`DeepL-Auth-Key ${DEEPL_KEY}`);
    expect(translateCall?.body).toMatchObject({ source_lang: 'DA', target_lang: 'AR', tag_handling: 'xml' });

    const ar = await draft('ar');
    expect(ar.title).not.toBe('Sprogcaféer i Vollsmose');
    expect(ar.title).toContain('Sprogcaféer');
    // Same blocks, same marks and link address; only the texts changed.
    const shape = (blocks: any[]): unknown =>
      blocks.map((block) => ({
        type: block.type,
        level: block.level,
        format: block.format,
        url: block.url,
        bold: block.bold,
        italic: block.italic,
        children: block.children ? shape(block.children) : undefined,
      }));
    expect(shape(ar.body)).toEqual(shape(BODY));
    expect(ar.body[1].children[3].url).toBe('https://www.odense.dk/sprogcafe');
    const paragraph = (blocks: any[]) => blocks[1].children.map((child: any) => child.text ?? child.children[0].text).join('');
    expect(paragraph(ar.body)).not.toBe(paragraph(BODY));
    expect(ar.quotes).toHaveLength(1);
    expect(ar.quotes[0].author).toBe('Amina Hassan');
    expect(ar.quotes[0].role).not.toBe('Frivillig');
    expect(ar.quotes[0].text).not.toBe('Det er et godt sted at mødes.');
    expect(await stateOf('ar')).toMatchObject({ state: 'current', machineProvider: 'deepl' });
    // The published Arabic version is as it was.
    expect(await served('ar')).toEqual(publishedBefore);

    // An editor's save takes the machine mark away.
    await save('ar', { summary: `${ar.summary} (revideret)` });
    expect((await stateOf('ar')).machineProvider).toBeNull();
  });

  test('the glossary reaches DeepL: fixed translations and names kept', async () => {
    deepl.requests.length = 0;
    expect((await translate('en')).status).toBe(200);
    const glossary = deepl.glossaryRequests()[0];
    expect(glossary?.body.entries).toContain('Rådet for Etniske Minoriteter\tCouncil for Ethnic Minorities');
    expect(glossary?.body.entries).toContain('Gellerup\tGellerup');
    const en = await draft('en');
    expect(JSON.stringify(en.body)).toContain('Council for Ethnic Minorities');
    // A published version keeps its address.
    expect(en.slug).toBe('language-cafes-en');
  });

  test('a new locale version by LibreTranslate gets a slug from its translated title and the source relations it can have', async () => {
    expect((await stateOf('fa')).state).toBe('missing');
    const response = await translate('fa');
    expect(response.status).toBe(200);
    expect(response.body.data.provider).toBe('libretranslate');
    const call = libre.requests.find((request) => request.path === '/translate');
    expect(call?.body).toMatchObject({ source: 'da', target: 'fa', format: 'html' });
    const fa = await draft('fa');
    expect(fa.slug).toMatch(/^[a-z0-9-]+$/);
    expect(fa.slug).not.toBe('sprogcafeer-i-vollsmose');
    expect(fa.publishedAt).toBeNull();
    // The municipality is not localized: related as in Danish. The focus area has no Persian version: not related.
    const related = await app.admin('GET', `${CM}/${STORY}/${documentId}?locale=fa&populate[municipality][fields][0]=name&populate[focusAreas][fields][0]=title`);
    expect(related.body.data.municipality?.documentId ?? related.body.data.municipality).toBe(municipality);
    expect(await stateOf('fa')).toMatchObject({ state: 'current', machineProvider: 'libretranslate' });
  });

  test('a service outage or refusal changes nothing and says so', async () => {
    const before = await draft('en');
    const stateBefore = await stateOf('en');
    deepl.failWith = 503;
    const failed = await translate('en');
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/DeepL/);
    expect(failed.body.error.message).toMatch(/503/);
    expect(failed.body.error.message).toMatch(/not changed/);
    expect(failed.body.error.message).not.toContain(DEEPL_KEY);
    deepl.failWith = 456;
    expect((await translate('en')).body.error.message).toMatch(/quota/i);
    deepl.failWith = null;
    deepl.down = true;
    expect((await translate('en')).status).toBe(502);
    deepl.down = false;
    expect(await draft('en')).toEqual(before);
    expect(await stateOf('en')).toEqual(stateBefore);
    // No service for Ukrainian, the source cannot be translated into itself, unknown locales are refused.
    expect((await translate('uk')).status).toBe(409);
    expect((await translate('da')).status).toBe(400);
    expect((await translate('xx')).status).toBe(400);
    expect((await app.admin('POST', `/translation-workflow/documents/${STORY}/no-such-document/translate`, { locale: 'en' })).status).toBe(404);
  });

  test('coverage per type and locale, the documents needing translation, and another source language', async () => {
    const coverage = await app.admin('GET', '/translation-workflow/coverage');
    expect(coverage.status).toBe(200);
    const stories = coverage.body.data.find((type: { uid: string }) => type.uid === STORY);
    const uk = stories.locales.find((entry: { locale: string }) => entry.locale === 'uk');
    expect(uk.missing).toBe(stories.documents);
    const needing = await app.admin('GET', `/translation-workflow/documents?uid=${STORY}&locale=uk&state=missing`);
    expect(needing.status).toBe(200);
    expect(needing.body.data.documents.map((entry: { documentId: string }) => entry.documentId)).toContain(documentId);
    expect(needing.body.data.documents.find((entry: { documentId: string }) => entry.documentId === documentId).title).toBe('Sprogcaféer i Vollsmose');
    expect((await app.admin('GET', `/translation-workflow/documents?uid=${STORY}&locale=uk&state=bad`)).status).toBe(400);

    // English as the source: Danish is compared with English from now on.
    const moved = await app.admin('PUT', `/translation-workflow/documents/${STORY}/${documentId}/source`, { locale: 'en' });
    expect(moved.status).toBe(200);
    expect(moved.body.data.sourceLocale).toBe('en');
    expect(moved.body.data.locales.find((entry: LocaleState) => entry.locale === 'en').state).toBe('source');
    expect((await served('en')).translation.state).toBe('SOURCE');
    expect((await app.admin('PUT', `/translation-workflow/documents/${STORY}/${documentId}/source`, { locale: 'uk' })).status).toBe(409);
    await app.admin('PUT', `/translation-workflow/documents/${STORY}/${documentId}/source`, { locale: 'da' });
  });

  test('an Author sees the states of their own stories only; types not followed are refused', async () => {
    const author = { authorization: `Bearer ${await app.registerAdminUser('strapi-author', 'oversaetter@example.com', 'Redaktion-Forfatter-2025')}` };
    const created = await app.admin('POST', `${CM}/${STORY}?locale=da`, { title: 'Forfatterens historie', slug: 'forfatterens-historie', summary: 'Egen tekst.' }, author);
    expect(created.status).toBe(201);
    const own = created.body.data.documentId as string;
    expect((await app.admin('GET', `/translation-workflow/documents/${STORY}/${own}`, undefined, author)).status).toBe(200);
    expect((await app.admin('GET', `/translation-workflow/documents/${STORY}/${documentId}`, undefined, author)).status).toBe(403);
    expect((await app.admin('POST', `/translation-workflow/documents/${STORY}/${documentId}/current`, { locale: 'en' }, author)).status).toBe(403);
    const listed = await app.admin('GET', `/translation-workflow/documents?uid=${STORY}&locale=uk`, undefined, author);
    expect(listed.body.data.documents.map((entry: { documentId: string }) => entry.documentId)).toEqual([own]);
    // Press releases are not the Author's: no panel data, no coverage.
    expect((await app.admin('GET', `/translation-workflow/documents/api::press-release.press-release/${documentId}`, undefined, author)).status).toBe(403);
    expect((await app.admin('GET', '/translation-workflow/coverage', undefined, author)).body.data.map((type: { uid: string }) => type.uid)).not.toContain('api::press-release.press-release');
    for (const uid of ['admin::user', 'api::municipality.municipality', 'api::no-such.type']) expect((await app.admin('GET', `/translation-workflow/documents/${uid}/${documentId}`)).status).toBe(404);
  });

  test('deleting a locale version or the document removes its states; anonymous callers get nothing', async () => {
    const deleted = await app.admin('DELETE', `${CM}/${STORY}/${documentId}?locale=fa`);
    expect(deleted.status).toBe(200);
    expect((await stateOf('fa')).state).toBe('missing');
    const anonymous = await fetch(`${app.url}/translation-workflow/coverage`);
    expect(anonymous.status).toBe(401);
    const throwaway = await app.createDocument(STORY, 'da', { title: 'Kortvarig', slug: 'kortvarig', summary: 'Slettes.' });
    expect((await states(throwaway)).locales[0].state).toBe('source');
    for (const locale of ['da']) expect((await app.admin('DELETE', `${CM}/${STORY}/${throwaway}?locale=${locale}`)).status).toBe(200);
    expect((await app.admin('GET', `/translation-workflow/documents/${STORY}/${throwaway}`)).status).toBe(404);
  });
});
