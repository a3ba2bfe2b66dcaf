import { PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
/** Text that exists only in a draft and a user's record: no answer may ever contain it. */
const DRAFT_CANARY = 'HEMMELIGT-UDKAST-7f3a';
const USER_CANARY = 'hemmelig-bruger-7f3a@example.com';

type Expectation = 'refused' | 'harmless';
type Attempt = { name: string; expect: Expectation; request: () => Promise<Response> };
type Outcome = { name: string; status: number; text: string };

/**
 * At least 60 malformed or malicious requests. Each answers a 4xx or a GraphQL error ("refused"),
 * or, where the input is merely odd (a huge page size, an injection string as a filter value), a
 * normal answer that leaks nothing ("harmless"); none answers 500. Afterwards the content is what
 * it was, and no answer contained a draft's text or a user's data.
 */
describe('hostile input', () => {
  let app: StrapiInstance;
  let before: string;
  const outcomes: Outcome[] = [];

  const gql =
    (query: string, variables?: unknown, headers: Record<string, string> = {}) =>
    () =>
      fetch(`${app?.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const raw =
    (path: string, init: RequestInit = {}) =>
    () =>
      fetch(`${app?.url}${path}`, init);
  const rawGraphql = (body: string, contentType = 'application/json') => raw('/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });

  /** Every document of the editorial types, drafts and published, in every locale: the content. */
  async function snapshot(): Promise<string> {
    const parts: unknown[] = [];
    for (const uid of [
      CASE_STORY,
      'api::partnership.partnership',
      'api::press-release.press-release',
      'api::organisation.organisation',
      'api::contact.contact',
      'api::municipality.municipality',
      'plugin::users-permissions.user',
    ]) {
      for (const locale of ['da', 'en']) {
        const listed = await app.admin('GET', `${CM}/${uid}?page=1&pageSize=100&locale=${locale}&sort=id:asc`);
        parts.push([uid, locale, listed.body.results]);
      }
    }
    return JSON.stringify(parts);
  }

  beforeAll(async () => {
    app = await startStrapi(); // with the demo content
    await app.createDocument(CASE_STORY, 'da', { title: `Kladde ${DRAFT_CANARY}`, summary: DRAFT_CANARY });
    const roles = await app.admin('GET', '/users-permissions/roles');
    const authenticated = roles.body.roles.find((role: { type: string }) => role.type === 'authenticated');
    const user = await app.admin('POST', `${CM}/plugin::users-permissions.user`, {
      username: 'hemmelig',
      email: USER_CANARY,
      password: 'Hemmelig-Adgang-2025',
      confirmed: true,
      role: { connect: [{ id: authenticated.id }] },
    });
    expect([user.status, user.body?.error?.message]).toEqual([201, undefined]);
    before = await snapshot();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const deep = (levels: number) => `{ caseStories { ${'partnership { caseStories { '.repeat(levels)} title ${'} } '.repeat(levels)} } }`;
  const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: caseStories { title }`).join(' ')} }`;
  const wide = `{ ${Array.from({ length: 12 }, (_, i) => `w${i}: caseStories(pagination: { pageSize: 100 }) { title partnership { title partners { name municipality { name } } } organisations { name } focusAreas { title } }`).join(' ')} }`;
  const tokens = `{ caseStories { ${Array.from({ length: 1500 }, () => 'title').join(' ')} } }`;
  const forgedJwt = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', Buffer.from(JSON.stringify({ id: 1, iat: 1700000000 })).toString('base64url'), 'c2lnbmF0dXJl'].join('.');
  const noneJwt = ['eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0', Buffer.from(JSON.stringify({ id: 1 })).toString('base64url'), ''].join('.');

  const attempts: Attempt[] = [
    // The transport
    { name: 'broken JSON', expect: 'refused', request: rawGraphql('{"query": "{ caseStories { title } }"') },
    { name: 'empty body', expect: 'refused', request: rawGraphql('') },
    { name: 'JSON null', expect: 'refused', request: rawGraphql('null') },
    { name: 'a batch of operations', expect: 'refused', request: rawGraphql(JSON.stringify([{ query: '{ caseStories { title } }' }, { query: '{ partnerships { title } }' }])) },
    { name: 'query is a number', expect: 'refused', request: rawGraphql(JSON.stringify({ query: 42 })) },
    { name: 'variables are a string', expect: 'refused', request: rawGraphql(JSON.stringify({ query: 'query($l: I18NLocaleCode) { caseStories(locale: $l) { title } }', variables: 'da' })) },
    { name: 'text/plain body (CSRF)', expect: 'refused', request: rawGraphql(JSON.stringify({ query: '{ caseStories { title } }' }), 'text/plain') },
    { name: 'a 2 MB body', expect: 'refused', request: rawGraphql(JSON.stringify({ query: `{ caseStories { title } } # ${'x'.repeat(2 * 1024 * 1024)}` })) },
    { name: 'GET with a broken query', expect: 'refused', request: raw(`/graphql?query=${encodeURIComponent('{ caseStories { title ')}`, { headers: { 'apollo-require-preflight': 'true' } }) },
    {
      name: 'a mutation over GET',
      expect: 'refused',
      request: raw(`/graphql?query=${encodeURIComponent('mutation { deleteCaseStory(documentId: "x") { documentId } }')}`, { headers: { 'apollo-require-preflight': 'true' } }),
    },
    // GraphQL documents
    { name: 'syntax error', expect: 'refused', request: gql('{ caseStories { title }') },
    { name: 'unknown field', expect: 'refused', request: gql('{ caseStories { title doesNotExist } }') },
    { name: 'unknown argument', expect: 'refused', request: gql('{ caseStories(where: "1=1") { title } }') },
    { name: 'missing required argument', expect: 'refused', request: gql('{ caseStoryBySlug { title } }') },
    { name: 'fragment cycle', expect: 'refused', request: gql('query { caseStories { ...A } } fragment A on CaseStory { ...B } fragment B on CaseStory { ...A }') },
    { name: 'an unknown fragment', expect: 'refused', request: gql('{ caseStories { ...Missing } }') },
    { name: 'unknown directive', expect: 'refused', request: gql('{ caseStories @exploit { title } }') },
    { name: 'aliases x1000', expect: 'refused', request: gql(aliases(1000)) },
    { name: 'aliases x20', expect: 'refused', request: gql(aliases(20)) },
    { name: 'depth 12 through relations', expect: 'refused', request: gql(deep(6)) },
    { name: 'wide and expensive', expect: 'refused', request: gql(wide) },
    { name: '1,500 tokens', expect: 'refused', request: gql(tokens) },
    { name: '30 directives', expect: 'refused', request: gql(`{ caseStories { title ${Array.from({ length: 30 }, () => '@include(if: true)').join(' ')} } }`) },
    { name: 'two operations without a name', expect: 'refused', request: gql('query A { caseStories { title } } query B { partnerships { title } }') },
    { name: 'variable of the wrong type', expect: 'refused', request: gql('query($p: PaginationArg) { caseStories(pagination: $p) { title } }', { p: { pageSize: 'all' } }) },
    // Pagination
    { name: 'pageSize 100000', expect: 'harmless', request: gql('{ caseStories(pagination: { pageSize: 100000 }) { title } }') },
    { name: 'limit -1', expect: 'harmless', request: gql('{ caseStories(pagination: { limit: -1 }) { title } }') },
    { name: 'page 0', expect: 'harmless', request: gql('{ caseStories(pagination: { page: 0, pageSize: 10 }) { title } }') },
    { name: 'start -5', expect: 'harmless', request: gql('{ caseStories(pagination: { start: -5, limit: 10 }) { title } }') },
    { name: 'page and start together', expect: 'refused', request: gql('{ caseStories(pagination: { page: 1, start: 0 }) { title } }') },
    // Locales
    { name: 'unknown locale', expect: 'refused', request: gql('{ caseStories(locale: "xx") { title } }') },
    { name: 'locale with SQL', expect: 'refused', request: gql(`{ caseStories(locale: "da' OR '1'='1") { title } }`) },
    { name: 'unknown fallback locale', expect: 'refused', request: gql('{ caseStories(locale: "so", fallbackLocales: ["zz"]) { title } }') },
    // Filters and sorting
    { name: 'SQL in an eq filter', expect: 'harmless', request: gql(`{ caseStories(filters: { title: { eq: "x' OR '1'='1" } }) { title } }`) },
    { name: 'SQL in containsi', expect: 'harmless', request: gql(`{ caseStories(filters: { title: { containsi: "%' OR 1=1 --" } }) { title } }`) },
    { name: 'SQL in a relation filter', expect: 'harmless', request: gql(`{ caseStories(filters: { municipality: { code: { eq: "751'; DROP TABLE case_stories; --" } } }) { title } }`) },
    { name: 'unknown operator', expect: 'refused', request: gql('{ caseStories(filters: { title: { $where: "1=1" } }) { title } }') },
    { name: 'filter on a private field', expect: 'refused', request: gql('{ caseStories(filters: { publishAt: { notNull: true } }) { title } }') },
    { name: 'filter on createdBy', expect: 'refused', request: gql('{ caseStories(filters: { createdBy: { email: { notNull: true } } }) { title } }') },
    { name: 'sort with SQL', expect: 'refused', request: gql('{ caseStories(sort: "title; DROP TABLE case_stories") { title } }') },
    { name: 'sort on a private field', expect: 'refused', request: gql('{ caseStories(sort: "publishAt:asc") { title } }') },
    { name: '40 nested ors', expect: 'refused', request: gql(`{ caseStories(filters: ${'{ or: ['.repeat(40)}{ title: { eq: "x" } }${'] }'.repeat(40)}) { title } }`) },
    { name: 'search with operators', expect: 'harmless', request: gql(`{ search(query: "') OR 1=1 -- & | ! :*", locale: "da") { hits { title } } }`) },
    // Private data
    { name: 'users with passwords', expect: 'refused', request: gql('{ usersPermissionsUsers { username email password } }') },
    { name: 'users, anonymously', expect: 'refused', request: gql('{ usersPermissionsUsers { username email } }') },
    { name: 'users through a filter on resetPasswordToken', expect: 'refused', request: gql('{ usersPermissionsUsers(filters: { resetPasswordToken: { notNull: true } }) { username } }') },
    { name: 'a private field of a case story', expect: 'refused', request: gql('{ caseStories { title publishAt } }') },
    { name: 'the author of a case story', expect: 'refused', request: gql('{ caseStories { title createdBy { email } } }') },
    { name: 'admin users', expect: 'refused', request: gql('{ adminUsers { email } }') },
    { name: 'the media library, anonymously', expect: 'refused', request: gql('{ uploadFiles { url } }') },
    { name: 'roles and permissions', expect: 'refused', request: gql('{ usersPermissionsRoles { name permissions { action } } }') },
    // Drafts
    { name: 'status DRAFT', expect: 'refused', request: gql('{ caseStories(status: DRAFT) { title summary } }') },
    { name: 'status DRAFT in a variable default', expect: 'refused', request: gql('query($s: PublicationStatus = DRAFT) { caseStories(status: $s) { title } }') },
    { name: 'status DRAFT on a connection', expect: 'refused', request: gql('{ caseStories_connection(status: DRAFT) { nodes { title } } }') },
    { name: 'drafts through a relation', expect: 'harmless', request: gql('{ partnerships { title caseStories { title summary } } }') },
    { name: 'never-published filter', expect: 'refused', request: gql('{ caseStories(publicationFilter: NEVER_PUBLISHED) { title summary } }') },
    { name: 'a draft by documentId', expect: 'harmless', request: gql('{ caseStories(filters: { title: { containsi: "HEMMELIGT" } }) { title } }') },
    // Mutations, anonymously
    { name: 'create a case story', expect: 'refused', request: gql('mutation { createCaseStory(data: { title: "x" }, locale: "da") { documentId } }') },
    { name: 'delete a case story', expect: 'refused', request: gql('mutation { deleteCaseStory(documentId: "abc") { documentId } }') },
    { name: 'register a user', expect: 'refused', request: gql('mutation { register(input: { username: "x", email: "x@example.com", password: "Password-123" }) { jwt } }') },
    { name: 'update a user', expect: 'refused', request: gql('mutation { updateUsersPermissionsUser(id: "1", data: { email: "x@example.com" }) { data { id } } }') },
    // Tokens
    { name: 'a forged JWT', expect: 'refused', request: gql('{ caseStories { title } }', undefined, { authorization: `Bearer ${forgedJwt}` }) },
    { name: 'an alg:none JWT', expect: 'refused', request: gql('{ caseStories { title } }', undefined, { authorization: `Bearer ${noneJwt}` }) },
    { name: 'garbage bearer', expect: 'refused', request: gql('{ caseStories { title } }', undefined, { authorization: 'Bearer ../../etc/passwd' }) },
    { name: 'a forged admin JWT on the admin API', expect: 'refused', request: raw('/admin/users', { headers: { authorization: `Bearer ${forgedJwt}` } }) },
    { name: 'basic auth on the admin API', expect: 'refused', request: raw('/admin/users', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }) },
    // REST, admin and files
    { name: 'REST users', expect: 'refused', request: raw('/api/users') },
    { name: 'REST case stories with a $where', expect: 'refused', request: raw('/api/case-stories?filters[$where]=1%3D1') },
    { name: 'REST drafts', expect: 'refused', request: raw('/api/case-stories?status=draft') },
    {
      name: 'admin login with SQL',
      expect: 'refused',
      request: raw('/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: "' OR 1=1 --", password: 'x' }) }),
    },
    { name: 'admin users without a token', expect: 'refused', request: raw('/admin/users') },
    {
      name: 'anonymous upload',
      expect: 'refused',
      request: () => {
        const form = new FormData();
        form.append('files', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'x.png');
        return fetch(`${app.url}/api/upload`, { method: 'POST', body: form });
      },
    },
    { name: 'path traversal to .env', expect: 'refused', request: raw('/uploads/..%2F..%2F.env') },
    { name: 'path traversal from the site', expect: 'refused', request: raw('/site/..%2F..%2Fpackage.json') },
  ];

  test(`at least 60 attempts (${attempts.length}): none answers 500; the refused ones answer 4xx or a GraphQL error`, async () => {
    expect(attempts.length).toBeGreaterThanOrEqual(60);
    const wrong: string[] = [];
    for (const attempt of attempts) {
      const response = await attempt.request();
      const text = await response.text();
      outcomes.push({ name: attempt.name, status: response.status, text });
      let errors = false;
      try {
        errors = Boolean(JSON.parse(text)?.errors?.length);
      } catch {
        // not JSON
      }
      const refused = response.status >= 400 || errors;
      if (response.status >= 500) wrong.push(`${attempt.name}: HTTP ${response.status} ${text.slice(0, 200)}`);
      else if (attempt.expect === 'refused' && !refused) wrong.push(`${attempt.name}: answered HTTP ${response.status} without an error: ${text.slice(0, 200)}`);
      else if (attempt.expect === 'harmless' && response.status !== 200) wrong.push(`${attempt.name}: expected a normal answer, got HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    console.log(
      `[hostile] ${attempts.length} attempts: ${outcomes.filter((o) => o.status >= 400).length} answered 4xx, ${outcomes.filter((o) => o.status < 400).length} answered 2xx/3xx (GraphQL errors or harmless), ${outcomes.filter((o) => o.status >= 500).length} answered 5xx`
    );
    expect(wrong).toEqual([]);
  });

  test('no answer contained a draft or a user', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    const leaks = outcomes.filter((outcome) => outcome.text.includes(DRAFT_CANARY) || outcome.text.includes(USER_CANARY) || /\$2[aby]\$\d\d\$/.test(outcome.text));
    expect(leaks.map((leak) => leak.name)).toEqual([]);
  });

  test('afterwards the content is exactly what it was', async () => {
    expect(await snapshot()).toBe(before);
  });
});
