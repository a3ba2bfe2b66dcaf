import { configProblem, defaults } from '../server/src/config';
import { contentChanges, contentHash, contentOf, populateOf, translatableFields, type Schema } from '../server/src/content';
import { glossaryFor, translationPlan } from '../server/src/machine';
import { stateOf, type StateRow } from '../server/src/states';
import { nextRows, noEdits, type Version } from '../server/src/tracker';

const SCHEMAS: Record<string, Schema> = {
  'api::story.story': {
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true } },
    attributes: {
      title: { type: 'string', pluginOptions: { i18n: { localized: true } } },
      slug: { type: 'uid', pluginOptions: { i18n: { localized: true } } },
      summary: { type: 'text', pluginOptions: { i18n: { localized: true } } },
      body: { type: 'blocks', pluginOptions: { i18n: { localized: true } } },
      place: { type: 'string', pluginOptions: { i18n: { localized: false } } },
      publishAt: { type: 'datetime', pluginOptions: { i18n: { localized: true } } },
      quotes: { type: 'component', component: 'shared.quote', repeatable: true, pluginOptions: { i18n: { localized: true } } },
      links: { type: 'component', component: 'shared.link', repeatable: true, pluginOptions: { i18n: { localized: true } } },
      kit: { type: 'component', component: 'press.item', repeatable: false, pluginOptions: { i18n: { localized: true } } },
    },
  },
  'shared.quote': { attributes: { text: { type: 'text' }, author: { type: 'string' } } },
  'shared.link': { attributes: { label: { type: 'string' }, url: { type: 'string' } } },
  'press.item': { attributes: { file: { type: 'media' }, title: { type: 'string' }, kind: { type: 'enumeration' } } },
};
const schemaOf = (uid: string) => SCHEMAS[uid];
const UID = 'api::story.story';

const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

describe('translatable content', () => {
  test('localized text, rich text and components holding text; not slugs, dates or shared fields', () => {
    expect(translatableFields(UID, schemaOf).map((field) => field.name)).toEqual(['title', 'summary', 'body', 'quotes', 'links', 'kit']);
    expect(populateOf(UID, schemaOf)).toEqual({ quotes: true, links: true, kit: true });
  });

  test('the hash follows the text: ids, key order and empty-versus-absent do not count', () => {
    const row = { id: 1, title: 'Lektiecafé', summary: 'Hver tirsdag', body: paragraph('Tekst'), quotes: [{ id: 7, text: 'Godt', author: 'Amina' }], links: [], kit: null, place: 'Aarhus' };
    const same = { title: 'Lektiecafé', body: paragraph('Tekst'), summary: 'Hver tirsdag', quotes: [{ id: 99, author: 'Amina', text: 'Godt' }], links: [], kit: null, place: 'Odense', id: 2 };
    expect(contentHash(contentOf(UID, row, schemaOf))).toBe(contentHash(contentOf(UID, same, schemaOf)));
    expect(contentHash(contentOf(UID, { ...row, summary: '' }, schemaOf))).toBe(contentHash(contentOf(UID, { ...row, summary: null }, schemaOf)));
    expect(contentHash(contentOf(UID, { ...row, summary: 'Hver onsdag' }, schemaOf))).not.toBe(contentHash(contentOf(UID, row, schemaOf)));
    expect(contentHash(contentOf(UID, { ...row, body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Tekst', bold: true }] }] }, schemaOf))).not.toBe(
      contentHash(contentOf(UID, row, schemaOf))
    );
  });

  test('what changed, field by field, with rich text as text and component entries numbered', () => {
    const before = contentOf(UID, { title: 'A', summary: 'Før', body: paragraph('Første'), quotes: [{ text: 'Godt', author: 'Amina' }], links: [], kit: null }, schemaOf);
    const after = contentOf(
      UID,
      {
        title: 'A',
        summary: 'Nu',
        body: paragraph('Anden'),
        quotes: [
          { text: 'Godt', author: 'Amina H.' },
          { text: 'Ny', author: null },
        ],
        links: [],
        kit: null,
      },
      schemaOf
    );
    expect(contentChanges(before, after)).toEqual([
      { field: 'summary', before: 'Før', after: 'Nu' },
      { field: 'body', before: 'Første', after: 'Anden' },
      { field: 'quotes.1.author', before: 'Amina', after: 'Amina H.' },
      { field: 'quotes.2.text', before: null, after: 'Ny' },
    ]);
    expect(contentChanges(after, after)).toEqual([]);
  });
});

describe('states', () => {
  const version = (locale: string, status: 'draft' | 'published', text: string): Version => {
    const content = { title: text };
    return { locale, status, content, hash: contentHash(content) };
  };
  const base = { uid: UID, documentId: 'doc', source: 'da', drafts: true };

  test('a saved translation is based on the source draft; publishing carries that over; the source changing makes it outdated', () => {
    const saved = noEdits();
    saved.saved.set('en', { machine: null });
    let rows = nextRows({ ...base, versions: [version('da', 'draft', 'Hej'), version('da', 'published', 'Hej'), version('en', 'draft', 'Hello')], before: [], edits: saved, now: 1 });
    const en = rows.find((row) => row.locale === 'en') as StateRow;
    expect(en).toMatchObject({ based_on_locale: 'da', based_on_hash: contentHash({ title: 'Hej' }), machine_provider: null, edited_at: 1 });
    expect(
      stateOf(
        rows.filter((row) => row.status === 'draft'),
        'en',
        'da'
      )
    ).toBe('current');

    const published = noEdits();
    published.published.add('en');
    rows = nextRows({
      ...base,
      versions: [version('da', 'draft', 'Hej'), version('da', 'published', 'Hej'), version('en', 'draft', 'Hello'), version('en', 'published', 'Hello')],
      before: rows,
      edits: published,
      now: 2,
    });
    expect(rows.find((row) => row.locale === 'en' && row.status === 'published')).toMatchObject({ based_on_hash: en.based_on_hash, edited_at: 1, content_changed_at: 1 });

    // The Danish draft changes: the English draft is outdated, the published one still matches the published Danish.
    const edited = noEdits();
    edited.saved.set('da', { machine: null });
    rows = nextRows({
      ...base,
      versions: [version('da', 'draft', 'Hej igen'), version('da', 'published', 'Hej'), version('en', 'draft', 'Hello'), version('en', 'published', 'Hello')],
      before: rows,
      edits: edited,
      now: 3,
    });
    const drafts = rows.filter((row) => row.status === 'draft');
    expect(stateOf(drafts, 'en', 'da')).toBe('outdated');
    expect(
      stateOf(
        rows.filter((row) => row.status === 'published'),
        'en',
        'da',
        rows
      )
    ).toBe('current');
    expect(drafts.find((row) => row.locale === 'da')?.content_changed_at).toBe(3);
    expect(stateOf(drafts, 'ar', 'da')).toBe('missing');
    expect(stateOf(drafts, 'da', 'da')).toBe('source');
  });

  test('an unchanged save of the source keeps its time; a version new to the bookkeeping counts as current; a machine save is marked', () => {
    const first = nextRows({ ...base, versions: [version('da', 'draft', 'Hej'), version('en', 'draft', 'Hello')], before: [], edits: noEdits(), now: 5 });
    expect(stateOf(first, 'en', 'da')).toBe('current');
    const again = noEdits();
    again.saved.set('da', { machine: null });
    const rows = nextRows({ ...base, versions: [version('da', 'draft', 'Hej'), version('en', 'draft', 'Hello')], before: first, edits: again, now: 9 });
    expect(rows.find((row) => row.locale === 'da')?.content_changed_at).toBe(5);
    const machine = noEdits();
    machine.saved.set('en', { machine: 'deepl' });
    expect(
      nextRows({ ...base, versions: [version('da', 'draft', 'Hej'), version('en', 'draft', '[EN] Hej')], before: rows, edits: machine, now: 10 }).find((row) => row.locale === 'en')?.machine_provider
    ).toBe('deepl');
  });

  test('a discarded draft takes its basis back from the published version', () => {
    const publishedRows = nextRows({
      ...base,
      versions: [version('da', 'draft', 'Hej'), version('da', 'published', 'Hej'), version('en', 'published', 'Hello'), version('en', 'draft', 'Hello')],
      before: [],
      edits: noEdits(),
      now: 1,
    });
    const changedSource = publishedRows.map((row) => (row.locale === 'en' && row.status === 'draft' ? { ...row, based_on_hash: 'something-else' } : row));
    const discard = noEdits();
    discard.discarded.add('en');
    const rows = nextRows({
      ...base,
      versions: [version('da', 'draft', 'Hej'), version('da', 'published', 'Hej'), version('en', 'published', 'Hello'), version('en', 'draft', 'Hello')],
      before: changedSource,
      edits: discard,
      now: 2,
    });
    expect(rows.find((row) => row.locale === 'en' && row.status === 'draft')?.based_on_hash).toBe(contentHash({ title: 'Hej' }));
  });
});

describe('machine translation plan', () => {
  test('texts and rich text are sent; untranslated texts, media ids and choices are copied; the result keeps the shape', () => {
    const row = {
      title: 'Sprogcafé <ny> & gratis',
      summary: '',
      body: paragraph('Velkommen'),
      quotes: [{ id: 3, text: 'Godt sted', author: 'Amina' }],
      links: [{ id: 4, label: 'Læs mere', url: 'https://odense.dk' }],
      kit: { id: 5, file: { id: 42, url: '/uploads/a.png' }, title: 'Foto', kind: 'photo' },
    };
    const plan = translationPlan(UID, row, schemaOf, { 'shared.link': ['url'], 'shared.quote': ['author'] });
    expect(plan.segments).toEqual(['Sprogcafé &lt;ny&gt; &amp; gratis', 'Velkommen', 'Godt sted', 'Læs mere', 'Foto']);
    const data = plan.build(['Language café &lt;new&gt; &amp; free', 'Welcome', 'Good place', 'Read more', 'Photo']);
    expect(data).toEqual({
      title: 'Language café <new> & free',
      summary: '',
      body: paragraph('Welcome'),
      quotes: [{ text: 'Good place', author: 'Amina' }],
      links: [{ label: 'Read more', url: 'https://odense.dk' }],
      kit: { file: 42, title: 'Photo', kind: 'photo' },
    });
    expect(() => translationPlan(UID, row, schemaOf).build(['one'])).toThrow(/1 translations for 7 texts/);
  });

  test('the glossary per language pair: names kept everywhere, fixed translations where given', () => {
    const glossary = [{ term: 'Rådet for Etniske Minoriteter', translations: { en: 'Council for Ethnic Minorities' } }, { term: 'Gellerup' }];
    expect(glossaryFor(glossary, 'da', 'da', 'en')).toEqual([
      { term: 'Rådet for Etniske Minoriteter', translation: 'Council for Ethnic Minorities' },
      { term: 'Gellerup', translation: 'Gellerup' },
    ]);
    expect(glossaryFor(glossary, 'da', 'da', 'ar')).toEqual([{ term: 'Gellerup', translation: 'Gellerup' }]);
    expect(glossaryFor(glossary, 'da', 'en', 'da')).toEqual([
      { term: 'Council for Ethnic Minorities', translation: 'Rådet for Etniske Minoriteter' },
      { term: 'Gellerup', translation: 'Gellerup' },
    ]);
  });
});

describe('configuration', () => {
  test('the defaults pass; mistakes are named', () => {
    expect(configProblem(defaults)).toBeNull();
    expect(configProblem({ ...defaults, routes: { en: 'deepl' } })).toMatch(/routes.en is deepl, which is not configured/);
    expect(configProblem({ ...defaults, providers: { deepl: { apiKey: '' } } })).toMatch(/DEEPL_API_KEY/);
    expect(configProblem({ ...defaults, providers: { libretranslate: { url: 'ftp://x' } } })).toMatch(/LIBRETRANSLATE_URL/);
    expect(configProblem({ ...defaults, glossary: [{ term: 'a\tb' }] })).toMatch(/glossary\[0\].term/);
    expect(configProblem({ ...defaults, contentTypes: ['case-story'] })).toMatch(/contentTypes/);
    expect(configProblem({ ...defaults, timeoutMs: 10 })).toMatch(/timeoutMs/);
  });
});
