import { configProblem, defaults, type SearchTypeConfig } from '../server/src/config';
import { blocksText, populateOf, toSearchEntry, typesProblem } from '../server/src/documents';
import { pageOf, searchChain } from '../server/src/graphql';
import { textSearchConfig } from '../server/src/store';

const story: SearchTypeConfig = {
  contentType: 'api::story.story',
  name: 'story',
  title: 'title',
  slug: 'slug',
  summary: ['summary'],
  body: ['body', { component: 'quotes', fields: ['text', 'author'] }, 'place'],
};
const paragraph = (text: string) => ({ type: 'paragraph', children: [{ type: 'text', text }] });

describe('what the index reads of a document', () => {
  test('title over summary over body: blocks as plain text, each component entry its fields in order, empty parts left out', () => {
    const row = {
      documentId: 'd1',
      locale: 'da',
      slug: 'laesefaellesskab',
      title: 'Læsefællesskab',
      summary: '  Et fællesskab  ',
      body: [
        paragraph('Første afsnit.'),
        {
          type: 'list',
          children: [
            { type: 'list-item', children: [{ type: 'text', text: 'et' }] },
            { type: 'list-item', children: [{ type: 'text', text: 'to' }] },
          ],
        },
      ],
      quotes: [
        { text: 'Vi læser sammen.', author: 'Amira' },
        { text: '', author: 'Ingen tekst' },
      ],
      place: null,
    };
    expect(toSearchEntry(story, row)).toEqual({
      contentType: 'api::story.story',
      documentId: 'd1',
      locale: 'da',
      slug: 'laesefaellesskab',
      title: 'Læsefællesskab',
      summary: 'Et fællesskab',
      body: 'Første afsnit.\net\nto\nVi læser sammen.\nAmira\nIngen tekst',
    });
    expect(populateOf(story)).toEqual({ quotes: true });
  });

  test('a single component, a Markdown text, a missing slug and control characters', () => {
    const type: SearchTypeConfig = { contentType: 'api::page.page', name: 'page', title: 'name', summary: [{ component: 'intro', fields: ['lead'] }], body: ['markdown'] };
    const entry = toSearchEntry(type, { documentId: 'd2', locale: 'en', name: 'A\u0000name', intro: { lead: 'Lead' }, markdown: '# Heading\n\nText' });
    expect(entry).toMatchObject({ slug: null, title: 'A name', summary: 'Lead', body: '# Heading\n\nText' });
  });

  test('blocks: a block a line, inline nodes joined, nothing for other values', () => {
    expect(blocksText([paragraph('a'), paragraph(' '), { type: 'heading', children: [{ text: 'b' }, { type: 'link', children: [{ text: 'c' }] }] }])).toBe('a\nbc');
    expect(blocksText(null)).toBe('');
    expect(blocksText(42)).toBe('');
  });
});

describe('the configuration', () => {
  test('the defaults and a full configuration pass', () => {
    expect(configProblem(defaults)).toBeNull();
    expect(configProblem({ ...defaults, types: [story], textSearchConfigs: { da: 'danish' } })).toBeNull();
  });

  test.each([
    [{ ...defaults, types: [{ ...story, contentType: 'story' }] }, 'types[0].contentType must be a content type UID'],
    [{ ...defaults, types: [story, { ...story, name: 'other' }] }, 'is listed twice'],
    [{ ...defaults, types: [story, { ...story, contentType: 'api::b.b' }] }, 'types[1].name story is used twice'],
    [{ ...defaults, types: [{ ...story, name: 'Case-Story' }] }, 'GraphQL enum member'],
    [{ ...defaults, types: [{ ...story, body: ['body; DROP'] }] }, 'types[0].body[0] must be an attribute name'],
    [{ ...defaults, types: [{ ...story, summary: [{ component: 'quotes', fields: [] }] }] }, 'types[0].summary[0]'],
    [{ ...defaults, types: [{ ...story, summary: 'summary' }] }, 'types[0].summary must be a list'],
    [{ ...defaults, textSearchConfigs: { da: "danish'); DROP" } }, 'textSearchConfigs.da must name'],
    [{ ...defaults, textSearchConfigs: { Danish: 'danish' } }, 'is no locale code'],
    [{ ...defaults, maxPageSize: 0 }, 'maxPageSize'],
    [{ ...defaults, defaultPageSize: 500 }, 'defaultPageSize'],
    [{ ...defaults, maxQueryLength: 1.5 }, 'maxQueryLength'],
    ['types', 'must be an object'],
  ])('refused: %j', (config, message) => {
    expect(configProblem(config)).toContain(message);
  });

  test('the types are checked against the content model at the start', () => {
    const models: Record<string, { attributes: Record<string, { type: string; component?: string }>; options?: { draftAndPublish?: boolean } }> = {
      'api::story.story': {
        attributes: {
          title: { type: 'string' },
          slug: { type: 'uid' },
          summary: { type: 'text' },
          body: { type: 'blocks' },
          quotes: { type: 'component', component: 'shared.quote' },
          place: { type: 'string' },
          views: { type: 'integer' },
        },
      },
      'api::plain.plain': { attributes: { title: { type: 'string' } }, options: { draftAndPublish: false } },
    };
    const components = { 'shared.quote': { attributes: { text: { type: 'text' }, author: { type: 'string' } } } };
    const check = (type: SearchTypeConfig) =>
      typesProblem(
        [type],
        (uid) => models[uid],
        (uid) => components[uid as keyof typeof components]
      );
    expect(check(story)).toBeNull();
    expect(check({ ...story, contentType: 'api::gone.gone' })).toBe('api::gone.gone is no content type of this app');
    expect(check({ ...story, contentType: 'api::plain.plain', summary: [], body: [], slug: undefined })).toContain('has no draft and publish');
    expect(check({ ...story, body: ['lessons'] })).toBe('api::story.story has no attribute lessons');
    expect(check({ ...story, body: ['views'] })).toBe('api::story.story.views is integer, not text');
    expect(check({ ...story, body: [{ component: 'place', fields: ['text'] }] })).toBe('api::story.story.place is no component attribute');
    expect(check({ ...story, body: [{ component: 'quotes', fields: ['year'] }] })).toBe('shared.quote has no attribute year');
  });
});

describe('the query', () => {
  test('the locale chain: the locale or the default, then the fallbacks, each once', () => {
    expect(searchChain('en', ['da', 'en'], 'da')).toEqual(['en', 'da']);
    expect(searchChain(null, null, 'da')).toEqual(['da']);
    expect(searchChain('*', ['en'], 'da')).toEqual(['da', 'en']);
  });

  test("a locale's text search configuration: the configured one, else simple; names of Object's own members are no locales", () => {
    const config = { ...defaults, textSearchConfigs: { da: 'danish' } };
    expect(textSearchConfig(config, 'da')).toBe('danish');
    for (const locale of ['en', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(textSearchConfig(config, locale)).toBe('simple');
  });

  test('pages: page and pageSize or start and limit, within the configured sizes', () => {
    expect(pageOf(null, defaults)).toEqual({ offset: 0, limit: 10, page: 1 });
    expect(pageOf({ page: 3, pageSize: 20 }, defaults)).toEqual({ offset: 40, limit: 20, page: 3 });
    expect(pageOf({ start: 30, limit: 15 }, defaults)).toEqual({ offset: 30, limit: 15, page: 3 });
    expect(() => pageOf({ pageSize: 101 }, defaults)).toThrow('pageSize between 1 and 100');
    expect(() => pageOf({ pageSize: 30 }, { ...defaults, maxPageSize: 25 })).toThrow('between 1 and 25');
    expect(() => pageOf({ page: 1, limit: 5 }, defaults)).toThrow('not both');
    expect(() => pageOf({ start: -1 }, defaults)).toThrow('start must be 0 or more');
  });
});
