import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { buildSchema, isObjectType, print, type DocumentNode } from 'graphql';
import { createClient, LOCALIZED_TYPES, SHARED_TYPES } from '../../docs/examples/apollo-client';
import { baseEnv, ROOT, runProcess, startStrapi, type StrapiInstance } from '../helpers/strapi';

const EXAMPLES = path.join(ROOT, 'docs', 'examples');
const OPERATIONS = fs.readFileSync(path.join(EXAMPLES, 'case-stories.graphql'), 'utf8');
/** One operation of docs/examples/case-stories.graphql (Apollo Client takes one per document). */
const operation = (name: string): DocumentNode => {
  const document = gql(OPERATIONS);
  return { ...document, definitions: document.definitions.filter((definition) => definition.kind !== 'OperationDefinition' || definition.name?.value === name) };
};
const CASE_STORIES = operation('CaseStories');
const CASE_STORY_BY_SLUG = operation('CaseStoryBySlug');

type Story = { documentId: string; locale: string; title: string };

/** The recipes of docs/graphql.md (*Web clients*), run as a web team would: Apollo Client, graphql-codegen, persisted queries. */
describe('web clients', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi();
  });
  afterAll(async () => {
    await app?.stop();
  });

  test("the recipe's type lists cover every content type of the schema: localized (with `locale`) or shared", () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
    const contentTypes = Object.values(schema.getTypeMap()).filter((type) => {
      const fields = isObjectType(type) ? (type.getFields() as Record<string, unknown>) : {};
      return 'documentId' in fields && 'createdAt' in fields && !type.name.startsWith('UsersPermissions') && !type.name.startsWith('ReviewWorkflows');
    });
    const localized = contentTypes.filter((type) => 'locale' in (type as { getFields(): Record<string, unknown> }).getFields()).map((type) => type.name);
    expect(localized.sort()).toEqual([...LOCALIZED_TYPES].sort());
    expect(
      contentTypes
        .map((type) => type.name)
        .filter((name) => !localized.includes(name))
        .sort()
    ).toEqual([...SHARED_TYPES].sort());
  });

  test("Apollo Client: the recipe's cache keeps the Danish and English versions apart, where keying by documentId mixes them", async () => {
    const query = (client: ApolloClient, locale: string) => client.query<{ caseStories: Story[] }>({ query: CASE_STORIES, variables: { locale } });
    const uri = `${app.url}/graphql`;

    // The trap: documentId alone (the same in every locale) as the key.
    const naive = new ApolloClient({ link: new HttpLink({ uri }), cache: new InMemoryCache({ typePolicies: { CaseStory: { keyFields: ['documentId'] } } }) });
    const danish = (await query(naive, 'da')).data!.caseStories;
    const english = (await query(naive, 'en')).data!.caseStories;
    expect(danish.map((story) => story.locale)).toEqual(['da', 'da']);
    expect(english.map((story) => story.locale)).toEqual(['en', 'en']);
    const mixed = naive.readQuery<{ caseStories: Story[] }>({ query: CASE_STORIES, variables: { locale: 'da' } })!.caseStories;
    expect(mixed.map((story) => story.locale)).toEqual(['en', 'en']); // the Danish list now shows English stories

    // The recipe: documentId and locale.
    const client = createClient(uri);
    const da = (await query(client, 'da')).data!.caseStories;
    const en = (await query(client, 'en')).data!.caseStories;
    expect(client.readQuery<{ caseStories: Story[] }>({ query: CASE_STORIES, variables: { locale: 'da' } })!.caseStories).toEqual(da);
    expect(client.readQuery<{ caseStories: Story[] }>({ query: CASE_STORIES, variables: { locale: 'en' } })!.caseStories).toEqual(en);
    expect(da.map((story) => story.title)).not.toEqual(en.map((story) => story.title));
    // One object per language version, shared by the list and the detail page.
    const cache = client.cache.extract() as Record<string, { title?: string; name?: string }>;
    for (const story of [...da, ...en]) expect(cache[client.cache.identify(story as never)!]?.title).toBe(story.title);
    expect(Object.keys(cache).filter((key) => key.startsWith('CaseStory:'))).toHaveLength(4);
    expect(Object.keys(cache).filter((key) => key.startsWith('Municipality:')).length).toBeGreaterThan(0);
    const detail = await client.query<{ caseStoryBySlug: Story }>({ query: CASE_STORY_BY_SLUG, variables: { slug: (da[0] as Story & { slug: string }).slug, locale: 'da' } });
    expect(detail.data!.caseStoryBySlug.documentId).toBe(da[0].documentId);
    expect(Object.keys(client.cache.extract() as object).filter((key) => key.startsWith('CaseStory:'))).toHaveLength(4);
    // A query that does not select `locale` is answered, not normalized, never mixed.
    const withoutLocale = gql`
      query Titles($locale: I18NLocaleCode) {
        caseStories(locale: $locale) {
          documentId
          title
        }
      }
    `;
    const titles = async (locale: string) => (await client.query<{ caseStories: Story[] }>({ query: withoutLocale, variables: { locale } })).data!.caseStories.map((story) => story.title).sort();
    expect(await titles('da')).toEqual(da.map((story) => story.title).sort());
    expect(await titles('en')).toEqual(en.map((story) => story.title).sort());
    expect(await titles('da')).toEqual(da.map((story) => story.title).sort());
  });

  test("graphql-codegen with the recipe's config: the scalars are typed, the output compiles with strict on, and its queries run", async () => {
    const out = path.join(ROOT, 'tests', '.artifacts', 'codegen');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    // The recipe's config as is, pointed at the CMS's schema file, the example operations and this folder.
    fs.writeFileSync(
      path.join(out, 'codegen.ts'),
      `import recipe from ${JSON.stringify(path.join(EXAMPLES, 'codegen'))};
const [target] = Object.values(recipe.generates);
export default { ...recipe, schema: ${JSON.stringify(path.join(ROOT, 'schema.graphql'))}, documents: [${JSON.stringify(path.join(EXAMPLES, 'case-stories.graphql'))}], generates: { ${JSON.stringify(path.join(out, 'graphql.ts'))}: target } };
`
    );
    const codegen = await runProcess([path.join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js'), '--config', path.join(out, 'codegen.ts')], baseEnv());
    expect([codegen.code, codegen.timedOut]).toEqual([0, false]);
    fs.copyFileSync(path.join(EXAMPLES, 'json.ts'), path.join(out, 'json.ts'));
    const generated = fs.readFileSync(path.join(out, 'graphql.ts'), 'utf8');
    expect(generated).toMatch(/I18NLocaleCode: \{ input: string; output: string; \}/);
    expect(generated).toMatch(/DateTime: \{ input: string; output: string; \}/);
    expect(generated).toMatch(/JSON: \{ input: import\('\.\/json'\)\.JsonValue; output: import\('\.\/json'\)\.JsonValue; \}/);
    // A site's code using the generated types: it compiles only if the scalars are what they should be.
    fs.writeFileSync(
      path.join(out, 'site.ts'),
      `import type { CaseStoriesQuery, CaseStoriesQueryVariables, CaseStoryBySlugQuery, Scalars } from './graphql';
import type { JsonValue } from './json';
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const scalars: [Exactly<Scalars['I18NLocaleCode']['input'], string>, Exactly<Scalars['DateTime']['output'], string>, Exactly<Scalars['JSON']['output'], JsonValue>] = [true, true, true];
export const variables: CaseStoriesQueryVariables = { locale: 'da', fallbackLocales: ['en'] };
export const firstTitle = (data: CaseStoriesQuery): string | undefined => data.caseStories[0]?.title;
export const published = (data: CaseStoriesQuery): string | null | undefined => data.caseStories[0]?.publishedAt;
export const body = (data: CaseStoryBySlugQuery): JsonValue | null | undefined => data.caseStoryBySlug?.body;
`
    );
    const program = ts.createProgram([path.join(out, 'site.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
    // The generated operations answer as typed.
    const data = await app.query(print(CASE_STORIES), { locale: 'en', fallbackLocales: ['da'] });
    expect(data.caseStories.every((story: { locale: unknown; publishedAt: unknown }) => typeof story.locale === 'string' && typeof story.publishedAt === 'string')).toBe(true);
  });

  test('automatic persisted queries: a hash alone after the query was sent once, by POST and by GET (for CDNs)', async () => {
    const query = '{ municipalities(filters: { code: { eq: "751" } }) { name } }';
    const sha256Hash = crypto.createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: Record<string, unknown>) =>
      fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (response) => response.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>
      );
    expect((await post({ extensions })).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions })).data).toEqual({ municipalities: [{ name: 'Aarhus' }] });
    expect((await post({ extensions })).data).toEqual({ municipalities: [{ name: 'Aarhus' }] });
    const get = await fetch(`${app.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { municipalities: [{ name: 'Aarhus' }] } });
    // A hash that does not match the query is the client's error, and says so (Apollo sends no code for it).
    const wrong = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ municipalities { name } }', extensions }) });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: unknown[] }).errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
  });
});
