import { buildSchema, parse } from 'graphql';
import { ANY_WRITE_TAG, documentDependencies, GLOBAL_TAG, TagDeclarations, writeTags, type TypeTable } from '../server/src/cache/tags';
import { MemoryStore } from '../server/src/cache/memory-store';

const STORY = 'api::case-story.case-story';
const MUNICIPALITY = 'api::municipality.municipality';
const PRESS = 'api::press-release.press-release';

/** The shapes Strapi gives the app's schema, cut down to what the walk looks at. */
const schema = buildSchema(`
  type Query {
    caseStories(filters: CaseStoryFiltersInput, sort: [String]): [CaseStory]!
    caseStories_connection(filters: CaseStoryFiltersInput): CaseStoryEntityResponseCollection
    caseStoryBySlug(slug: String!, locale: String): CaseStory
    pressReleases: [PressRelease]!
    search(query: String!): SearchResult!
    me: UsersPermissionsMe
  }
  type CaseStory { title: String slug: String municipality: Municipality quotes: [ComponentSharedQuote] related: [CaseStory] }
  type CaseStoryEntityResponseCollection { nodes: [CaseStory!]! pageInfo: Pagination! }
  type Pagination { total: Int! }
  type Municipality { name: String caseStories: [CaseStory] }
  type ComponentSharedQuote { text: String }
  type PressRelease { title: String }
  type SearchResult { hits: [SearchHit!]! pageInfo: Pagination! }
  type SearchHit { title: String }
  type UsersPermissionsMe { username: String }
  input StringFilterInput { eq: String }
  input CaseStoryFiltersInput { title: StringFilterInput municipality: MunicipalityFiltersInput and: [CaseStoryFiltersInput] }
  input MunicipalityFiltersInput { name: StringFilterInput }
`);

const table: TypeTable = new Map<string, string[]>([
  ['CaseStory', [STORY]],
  ['CaseStoryEntityResponseCollection', [STORY]],
  ['CaseStoryFiltersInput', [STORY]],
  ['Municipality', [MUNICIPALITY]],
  ['MunicipalityFiltersInput', [MUNICIPALITY]],
  ['PressRelease', [PRESS]],
  ['ComponentSharedQuote', []],
  ['Pagination', []],
  ['SearchResult', ['search']],
  ['SearchHit', ['search']],
]);

const declarations = new TagDeclarations();
declarations.declareSlugLookup('caseStoryBySlug', STORY);

const dependencies = (query: string, variables?: Record<string, unknown>) => {
  const found = documentDependencies(schema, table, declarations.slugLookups, parse(query), variables);
  return { tags: [...found.tags].sort(), lookup: found.lookup };
};

describe('what a cached answer depends on', () => {
  test('the content types it selects, through relations; components count as their owner', () => {
    expect(dependencies('{ caseStories { title municipality { name } quotes { text } } }')).toEqual({ tags: [STORY, MUNICIPALITY].sort(), lookup: null });
    expect(dependencies('{ pressReleases { title } }')).toEqual({ tags: [PRESS], lookup: null });
    expect(dependencies('{ caseStories_connection { pageInfo { total } } }').tags).toEqual([STORY]);
    expect(dependencies('{ search(query: "x") { hits { title } pageInfo { total } } }').tags).toEqual(['search']);
  });

  test('fragments are followed', () => {
    expect(dependencies('{ caseStories { ...F } } fragment F on CaseStory { municipality { name } }').tags).toEqual([STORY, MUNICIPALITY].sort());
  });

  test('the content types its filters reach, written inline or passed as variables', () => {
    expect(dependencies('{ caseStories(filters: { municipality: { name: { eq: "Aarhus" } } }) { title } }').tags).toEqual([STORY, MUNICIPALITY].sort());
    const query = 'query Q($f: CaseStoryFiltersInput) { caseStories(filters: $f) { title } }';
    expect(dependencies(query, { f: { and: [{ municipality: { name: { eq: 'Odense' } } }] } }).tags).toEqual([STORY, MUNICIPALITY].sort());
    expect(dependencies(query, { f: { title: { eq: 'x' } } }).tags).toEqual([STORY]);
  });

  test('variables left out count with the defaults the operation declares', () => {
    expect(dependencies('query Q($f: CaseStoryFiltersInput = { municipality: { name: { eq: "Aarhus" } } }) { caseStories(filters: $f) { title } }').tags).toEqual([STORY, MUNICIPALITY].sort());
    expect(dependencies('query Q($s: [String] = ["municipality.name"]) { caseStories(sort: $s) { title } }').tags).toContain(ANY_WRITE_TAG);
    expect(dependencies('query Q($f: CaseStoryFiltersInput = { municipality: { name: { eq: "Aarhus" } } }) { caseStories(filters: $f) { title } }', { f: { title: { eq: 'x' } } }).tags).toEqual([
      STORY,
    ]);
  });

  test('a sort along a relation, or a type it does not know, makes it depend on every write', () => {
    expect(dependencies('{ caseStories(sort: ["municipality.name:asc"]) { title } }').tags).toContain(ANY_WRITE_TAG);
    expect(dependencies('{ caseStories(sort: ["title:asc"]) { title } }').tags).not.toContain(ANY_WRITE_TAG);
    expect(dependencies('{ me { username } }').tags).toEqual([ANY_WRITE_TAG]);
  });

  test('a slug look-up alone depends on the document it finds, not on its whole type', () => {
    expect(dependencies('{ caseStoryBySlug(slug: "gellerup") { title municipality { name } } }')).toEqual({ tags: [MUNICIPALITY], lookup: { uid: STORY, slug: 'gellerup' } });
    expect(dependencies('query P($s: String!) { caseStoryBySlug(slug: $s) { title } }', { s: 'vollsmose' }).lookup).toEqual({ uid: STORY, slug: 'vollsmose' });
  });

  test('a look-up whose type also appears elsewhere in the operation depends on the whole type', () => {
    for (const query of [
      '{ caseStoryBySlug(slug: "a") { related { title } } }',
      '{ caseStoryBySlug(slug: "a") { municipality { caseStories { title } } } }',
      '{ caseStoryBySlug(slug: "a") { title } caseStories { title } }',
      '{ a: caseStoryBySlug(slug: "a") { title } b: caseStoryBySlug(slug: "b") { title } }',
    ]) {
      const found = dependencies(query);
      expect(found.lookup).toBeNull();
      expect(found.tags).toContain(STORY);
    }
  });
});

describe('what a write bumps', () => {
  const caseStory = { uid: STORY, attributes: { title: {}, slug: {} } };

  test('a write of one document: its type, its document and its slug', () => {
    expect(writeTags({ action: 'afterUpdate', model: caseStory, result: { id: 1, documentId: 'abc', slug: 'gellerup' } })).toEqual([STORY, `${STORY}#doc:abc`, `${STORY}#slug:gellerup`]);
    expect(writeTags({ action: 'afterCreate', model: { uid: MUNICIPALITY, attributes: { name: {} } }, result: { documentId: 'm1' } })).toEqual([MUNICIPALITY, `${MUNICIPALITY}#doc:m1`]);
  });

  test('a write of several rows, or of a row without its document or slug, bumps the bulk tag', () => {
    expect(writeTags({ action: 'afterUpdateMany', model: caseStory, result: { count: 3 } })).toEqual([STORY, `${STORY}#bulk`]);
    expect(writeTags({ action: 'afterUpdate', model: caseStory, result: { id: 1, documentId: 'abc' } })).toEqual([STORY, `${STORY}#bulk`]);
    expect(writeTags({ action: 'afterDelete', model: caseStory, result: null })).toEqual([STORY, `${STORY}#bulk`]);
    const byDocument = { where: { documentId: 'abc', publishAt: { $notNull: true } }, data: { publishAt: null } };
    expect(writeTags({ action: 'afterUpdateMany', model: caseStory, params: { ...byDocument, data: { slug: 'ny' } }, result: { count: 1 } })).toEqual([STORY, `${STORY}#bulk`]);
  });

  test("a write of several rows of one document that leaves the slug alone bumps that document's tags; one that changed nothing, none", () => {
    const params = { where: { documentId: 'abc', publishAt: { $notNull: true } }, data: { publishAt: null } };
    expect(writeTags({ action: 'afterUpdateMany', model: caseStory, params, result: { count: 2 } })).toEqual([STORY, `${STORY}#doc:abc`]);
    expect(writeTags({ action: 'afterUpdateMany', model: caseStory, params, result: { count: 0 } })).toBeNull();
  });

  test('permissions, roles, locales and stored settings change every answer; reads change nothing', () => {
    for (const uid of ['plugin::users-permissions.permission', 'plugin::users-permissions.role', 'plugin::i18n.locale', 'strapi::core-store']) {
      expect(writeTags({ action: 'afterCreate', model: { uid }, result: { id: 1 } })).toEqual([GLOBAL_TAG]);
    }
    expect(writeTags({ action: 'afterFindMany', model: caseStory, result: [] })).toBeNull();
  });

  test("stored settings no public answer reads (Strapi's weekly metrics, the admin's views) leave the cache alone; any other key drops everything", () => {
    const store = { uid: 'strapi::core-store' };
    const write = (key: unknown, action = 'afterUpdate') => writeTags({ action, model: store, result: { id: 7, key, value: '{}' } });
    // The media library records its metrics 15 s after the first start, then weekly: no flush.
    for (const key of [
      'plugin_upload_metrics',
      'plugin_ee_metrics',
      'plugin_content_manager_configuration_content_types::api::case-story.case-story',
      'core_admin_project-settings',
      'plugin_upload_view_configuration',
      'plugin_upload_media_library_default_notice',
    ]) {
      expect(write(key)).toBeNull();
      expect(write(key, 'afterCreate')).toBeNull();
    }
    for (const key of [
      'plugin_users-permissions_advanced',
      'plugin_users-permissions_grant',
      'plugin_i18n_default_locale',
      'plugin_upload_settings',
      'plugin_upload_metrics_extra',
      'app_site_settings',
      undefined,
    ]) {
      expect(write(key)).toEqual([GLOBAL_TAG]);
    }
    // Rows not known one by one: everything.
    expect(writeTags({ action: 'afterDeleteMany', model: store, params: { where: { key: 'plugin_upload_metrics' } }, result: { count: 1 } })).toEqual([GLOBAL_TAG]);
  });
});

describe('the in-memory store', () => {
  test('a bump moves the tag and the any-write tag; a global bump empties the store', async () => {
    const store = new MemoryStore(10, 60);
    await store.invalidate([STORY]);
    expect(await store.generations([STORY, PRESS, ANY_WRITE_TAG])).toEqual([1, 0, 1]);
    await store.set('k', { body: '{}', deps: { [STORY]: 1 } });
    expect((await store.read('k')).entry?.body).toBe('{}');
    await store.invalidate([GLOBAL_TAG]);
    expect(await store.read('k')).toEqual({ entry: undefined, writes: 2, global: 1 });
    await store.close();
  });
});
