import { checkFilterShape, checkPublicationParams, checkSortThroughDrafts, jsonShape, publishedOnly, sortPaths, valueProblem, type Schema } from '../../src/content-api/query-rules';
import { textNestingDepth } from '../../plugins/production-guards/server/src/graphql/nesting';

const models: Record<string, Schema> = {
  'api::story.story': {
    uid: 'api::story.story',
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      place: { type: 'relation', relation: 'manyToOne', target: 'api::place.place' },
      localizations: { type: 'relation', relation: 'oneToMany', target: 'api::story.story' },
      image: { type: 'media' },
      quote: { type: 'component', component: 'shared.quote' },
    },
  },
  'api::place.place': { uid: 'api::place.place', attributes: { name: { type: 'string' }, stories: { type: 'relation', relation: 'oneToMany', target: 'api::story.story' } } },
  'plugin::upload.file': { uid: 'plugin::upload.file', attributes: { url: { type: 'string' }, related: { type: 'relation', relation: 'morphToMany' } } },
  'shared.quote': { uid: 'shared.quote', attributes: { author: { type: 'relation', relation: 'manyToOne', target: 'api::story.story' } } },
};
const getModel = (uid: string) => models[uid];
const PUBLISHED = { publishedAt: { $notNull: true } };

describe('query rules', () => {
  test('relation filters into draft-and-publish types see published rows only, at every depth', () => {
    const query = publishedOnly(
      { filters: { stories: { title: { $eq: 'x' } }, $or: [{ name: 'a' }, { stories: { place: { stories: { title: 'y' } } } }] } },
      models['api::place.place'],
      getModel,
      () => Object.keys(models)
    );
    expect(query.filters).toEqual({
      stories: { $and: [{ title: { $eq: 'x' } }, PUBLISHED] },
      $or: [{ name: 'a' }, { stories: { $and: [{ place: { stories: { $and: [{ title: 'y' }, PUBLISHED] } } }, PUBLISHED] } }],
    });
  });

  test('populated relations, localizations, components and morph relations are restricted too', () => {
    const query = publishedOnly({ populate: { localizations: true, image: { populate: '*' }, quote: { populate: { author: { fields: ['title'] } } } } }, models['api::story.story'], getModel, () => [
      'api::story.story',
      'api::place.place',
    ]);
    expect(query.populate).toEqual({
      localizations: { filters: PUBLISHED },
      image: { populate: { related: { on: { 'api::story.story': { filters: PUBLISHED }, 'api::place.place': {} } } } },
      quote: { populate: { author: { fields: ['title'], filters: PUBLISHED } } },
    });
    expect(publishedOnly({ populate: '*' }, models['api::place.place'], getModel, () => [])).toEqual({ populate: { stories: { filters: PUBLISHED } } });
  });

  test('a type with a row rule (contacts shown publicly): its own queries, relation filters, populates and sorts through it see matching rows only', () => {
    const rules = { 'api::place.place': { visible: true } };
    const all = () => Object.keys(models);
    // The type's own query, with or without the caller's filters.
    expect(publishedOnly({}, models['api::place.place'], getModel, all, rules)).toEqual({ filters: { visible: true } });
    expect(publishedOnly({ filters: { name: 'a' } }, models['api::place.place'], getModel, all, rules).filters).toEqual({ $and: [{ name: 'a' }, { visible: true }] });
    // Through a relation: filters, populate (with the caller's own filters kept), a morph relation.
    expect(publishedOnly({ filters: { place: { name: { $startsWith: 'S' } } } }, models['api::story.story'], getModel, all, rules).filters).toEqual({
      place: { $and: [{ name: { $startsWith: 'S' } }, { visible: true }] },
    });
    expect(publishedOnly({ populate: { place: { filters: { name: 'x' } } } }, models['api::story.story'], getModel, all, rules).populate).toEqual({
      place: { filters: { $and: [{ name: 'x' }, { visible: true }] } },
    });
    expect(publishedOnly({ populate: { image: { populate: { related: true } } } }, models['api::story.story'], getModel, all, rules).populate).toEqual({
      image: { populate: { related: { on: { 'api::story.story': { filters: PUBLISHED }, 'api::place.place': { filters: { visible: true } }, 'plugin::upload.file': {}, 'shared.quote': {} } } } },
    });
    // Ordering by it would tell the hidden rows' text letter by letter.
    expect(() => checkSortThroughDrafts({ sort: 'place.name' }, models['api::story.story'], getModel, rules)).toThrow(/related documents that are not public/);
    expect(() => checkSortThroughDrafts({ sort: 'place.name' }, models['api::story.story'], getModel)).not.toThrow();
  });

  test('status other than published, publicationFilter and hasPublishedVersion are refused', () => {
    for (const status of ['draft', 'DRAFT', '', 'Published', ['draft'], { $eq: 'draft' }]) expect(() => checkPublicationParams({ status })).toThrow(/Only published content/);
    expect(() => checkPublicationParams({ publicationFilter: 'modified' })).toThrow();
    expect(() => checkPublicationParams({ hasPublishedVersion: false })).toThrow();
    expect(() => checkPublicationParams({ status: 'published' })).not.toThrow();
    expect(() => checkPublicationParams({})).not.toThrow();
  });

  test('sorting through a relation to a draft-and-publish type is refused, elsewhere allowed', () => {
    expect(sortPaths(['title:asc,place.name:desc', { place: { stories: { title: 'asc' } } }])).toEqual([['title'], ['place', 'name'], ['place', 'stories', 'title']]);
    const place = models['api::place.place'];
    const story = models['api::story.story'];
    expect(() => checkSortThroughDrafts({ sort: 'stories.title:asc' }, place, getModel)).toThrow(/Sorting by stories.title/);
    expect(() => checkSortThroughDrafts({ sort: ['name', 'localizations.title'] }, story, getModel)).toThrow(/localizations.title/);
    expect(() => checkSortThroughDrafts({ populate: { place: { sort: 'stories.title' } } }, story, getModel)).toThrow(/populate.place.sort/);
    expect(() => checkSortThroughDrafts({ sort: { quote: { author: { title: 'asc' } } } }, story, getModel)).toThrow(/quote.author.title/);
    expect(() => checkSortThroughDrafts({ sort: ['title:asc', 'place.name:desc'] }, story, getModel)).not.toThrow();
  });

  test('filter shape: depth and size', () => {
    let deep: unknown = { title: 'x' };
    for (let i = 0; i < 600; i += 1) deep = { $and: [deep] };
    expect(() => checkFilterShape({ filters: deep }, { maxDepth: 16, maxSize: 300 })).toThrow(/nested deeper than 16/);
    expect(() => checkFilterShape({ populate: { stories: { filters: deep } } }, { maxDepth: 16, maxSize: 300 })).toThrow(/populate.stories.filters/);
    const wide = { $or: Array.from({ length: 400 }, (_, i) => ({ title: `x${i}` })) };
    expect(() => checkFilterShape({ filters: wide }, { maxDepth: 16, maxSize: 300 })).toThrow(/more than 300/);
    expect(() => checkFilterShape({ filters: { $or: [{ title: 'a' }, { place: { name: { $eq: 'b' } } }] } }, { maxDepth: 16, maxSize: 300 })).not.toThrow();
  });

  test('values of typed attributes', () => {
    expect(valueProblem('float', 'abc')).toBe('is not a number');
    expect(valueProblem('float', '1e400')).toBe('is not a number');
    expect(valueProblem('integer', '99999999999999999999')).toMatch(/whole number/);
    expect(valueProblem('integer', '42')).toBeNull();
    expect(valueProblem('biginteger', '9223372036854775808')).toMatch(/64-bit/);
    expect(valueProblem('datetime', 'tomorrow')).toMatch(/not a date/);
    expect(valueProblem('datetime', '2026-12-03T09:17:00Z')).toBeNull();
    expect(valueProblem('boolean', 'maybe')).toBe('is not true or false');
    expect(valueProblem('string', 'anything')).toBeNull();
  });

  test('nesting of GraphQL text and variables', () => {
    expect(textNestingDepth('{ a(f: { and: [{ b: "}}}{{{" }] }) { c } } # {{{{', 100)).toBe(5);
    expect(textNestingDepth(`{ a(f: ${'{ and: ['.repeat(600)} }`, 30)).toBe(31);
    expect(textNestingDepth('{ a(s: """ {{{ \\""" """) }', 10)).toBe(2);
    expect(jsonShape({ a: [{ b: 1 }] }, { maxDepth: 10, maxSize: 10 }).depth).toBe(3);
  });
});
