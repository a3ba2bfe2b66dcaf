import { PLAIN_PATHS, PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const MUNICIPALITY = 'api::municipality.municipality';

type Answer = { status: number; body: any; headers: Headers };

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** A refusal in Strapi's error shape: 400, ValidationError, and a message that says what is wrong. */
function expectRefused({ status, body }: Answer, message: RegExp) {
  expect({ status, name: body?.error?.name, data: body?.data }).toEqual({ status: 400, name: 'ValidationError', data: null });
  expect(body.error.message).toMatch(message);
}

/** A refusal on the GraphQL endpoint: HTTP 400 and one error with the code BAD_USER_INPUT. */
function expectGraphqlRefused({ status, body }: Answer, message: RegExp) {
  expect({ status, codes: (body?.errors ?? []).map((error: any) => error.extensions?.code) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
  expect(body.errors[0].message).toMatch(message);
}

const NUL_MESSAGE = /NUL characters \(U\+0000\) are not allowed/;

/**
 * Input that made the app answer 500 (or GraphQL's INTERNAL_SERVER_ERROR) on PostgreSQL or SQLite
 * answers a 400 or BAD_USER_INPUT that says what is wrong; an internal error that is no one's
 * input is logged with its operation.
 */
describe('bad input', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => answer(await fetch(`${app.url}${path}`, { headers }));
  const graphql = async (query: string, variables?: unknown) =>
    answer(await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }));
  const admin = async (method: string, path: string, body?: string) =>
    answer(await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token()}` }, body }));

  test('a NUL in a REST path, query string key or value answers 400', async () => {
    for (const path of [
      '/api/case-stories?filters[title][$eq]=a%00b',
      '/api/case-stories?locale=da%00',
      '/api/case-stories?filters[ti%00tle][$eq]=a',
      '/api/case-stories/abc%00',
      `${CM}/${CASE_STORY}/abc%00?locale=da`,
    ]) {
      const refused = path.startsWith(CM) ? await admin('GET', path) : await get(path);
      expectRefused(refused, NUL_MESSAGE);
    }
  });

  test('a NUL in a GraphQL argument, variable or GET variables answers BAD_USER_INPUT', async () => {
    const bySlug = 'query($slug: String!) { caseStoryBySlug(slug: $slug) { title } }';
    expectGraphqlRefused(await graphql('{ caseStoryBySlug(slug: "a\\u0000b") { title } }'), /GraphQL document/);
    expectGraphqlRefused(await graphql('{ caseStoryBySlug(slug: "a\\u{0}b") { title } }'), /GraphQL document/);
    expectGraphqlRefused(await graphql('{ caseStory(documentId: "a\\u0000") { title } }'), NUL_MESSAGE);
    expectGraphqlRefused(await graphql('{ caseStories(filters: { title: { eq: "a\\u0000" } }) { title } }'), NUL_MESSAGE);
    expectGraphqlRefused(await graphql('{ search(query: "bibliotek\\u0000") { hits { title } } }'), NUL_MESSAGE);
    expectGraphqlRefused(await graphql(bySlug, { slug: 'a\u0000b' }), /request body at "variables\.slug"/);
    const viaGet = await get(`/graphql?query=${encodeURIComponent(bySlug)}&variables=${encodeURIComponent(JSON.stringify({ slug: 'a\u0000' }))}`, {
      'apollo-require-preflight': 'true',
    });
    expectGraphqlRefused(viaGet, /GraphQL variables at "slug"/);
    // A backslash before "u0000" is no NUL.
    const plain = await graphql('{ caseStoryBySlug(slug: "a\\\\u0000b") { title } }');
    expect([plain.status, plain.body.errors]).toEqual([200, undefined]);
  });

  test('a NUL-containing GraphQL request is refused every time, never answered from the response cache', async () => {
    const query = '{ caseStories(filters: { title: { eq: "cache\\u0000" } }) { title } }';
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await graphql(query);
      expectGraphqlRefused(refused, NUL_MESSAGE);
      expect(refused.headers.get('x-cache')).not.toBe('HIT');
    }
    // The same request without the NUL is cached and answered from the cache as before (when the cache is on).
    const clean = '{ caseStories(filters: { title: { eq: "cache" } }) { title } }';
    await graphql(clean);
    const again = await graphql(clean);
    expect([again.status, again.headers.get('x-cache')]).toEqual([200, PLAIN_PATHS ? 'BYPASS' : 'HIT']);
  });

  test("a NUL in an editor's JSON body, a form or an upload's fields answers 400; a file's bytes are not text", async () => {
    expectRefused(await admin('POST', `${CM}/${CASE_STORY}?locale=da`, JSON.stringify({ title: 'a\u0000b' })), /request body at "title"/);
    expectRefused(await admin('POST', `${CM}/${CASE_STORY}?locale=da`, JSON.stringify({ title: 'ok', nested: { ['k\u0000']: 1 } })), /request body at "nested\.k\\u0000"/);
    const form = await fetch(`${app.url}/api/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identifier=a%00&password=x',
    });
    expectRefused(await answer(form), /request body at "identifier"/);
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a\u0000@example.com', password: 'x' }) });
    expectRefused(await answer(login), NUL_MESSAGE);
    const upload = new FormData();
    upload.append('files', new Blob([PNG], { type: 'image/png' }), 'pixel.png');
    upload.append('fileInfo', JSON.stringify({ name: 'pixel.png', alternativeText: 'alt\u0000' }));
    const refusedUpload = await fetch(`${app.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await app.token()}` }, body: upload });
    expectRefused(await answer(refusedUpload), /request body at "fileInfo\.alternativeText"/);
    const rawField = new FormData();
    rawField.append('files', new Blob([PNG], { type: 'image/png' }), 'pixel.png');
    rawField.append('fileInfo', JSON.stringify({ name: 'pixel.png' }));
    rawField.append('path', 'a\u0000');
    const refusedField = await fetch(`${app.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await app.token()}` }, body: rawField });
    expectRefused(await answer(refusedField), /request body at "path"/);
    // A PNG holds zero bytes; its content is not text and is uploaded as before.
    expect(PNG.includes(0)).toBe(true);
    expect(await app.uploadFile('pixel.png', PNG, 'image/png', 'Et punkt')).toBeGreaterThan(0);
  });

  test('REST: a locale that is not one string, pagination beyond a 32-bit integer answer 400', async () => {
    expectRefused(await get('/api/case-stories?locale[a]=da'), /locale parameter must be one locale code/);
    expectRefused(await get('/api/case-stories?locale[]=da'), /locale parameter must be one locale code/);
    expectRefused(await get('/api/case-stories?pagination[start]=1e20'), /pagination\[start\] must be at most 2147483647/);
    expectRefused(await get('/api/case-stories?pagination[page]=99999999999999999999'), /pagination\[page\] must be at most 2147483647/);
    expectRefused(await get('/api/case-stories?pagination[limit][x]=1'), /pagination\[limit\] must be a number/);
    // Strapi's own answers stay: a page that is no number, a page size above the maximum.
    expect((await get('/api/case-stories?pagination[page]=abc')).status).toBe(400);
    expect((await get('/api/case-stories?pagination[pageSize]=1e400')).status).toBe(200);
    expect((await get('/api/case-stories?locale=da&pagination[start]=2147483647')).status).toBe(200);
  });

  test("Content Manager: a body that is no object, a title that is no text answer 400; a client's id is not stored", async () => {
    const create = (body: unknown) => admin('POST', `${CM}/${CASE_STORY}?locale=da`, JSON.stringify(body));
    // In the admin user's language: Danish, the admin's default (the test admin picked none, no Accept-Language).
    expectRefused(await create([1, 2]), /^Forespørgslens indhold skal være et JSON-objekt/);
    expectRefused(await create({ title: { text: 'Titel' } }), /title must be a `string`/);
    expectRefused(await create({ title: ['Titel'] }), /title must be a `string`/);
    const withTextId = await create({ title: 'Med et id', id: 'abc' });
    expect(withTextId.status).toBe(201);
    const withNumberId = await create({ title: 'Med et andet id', id: 424242 });
    expect(withNumberId.status).toBe(201);
    expect(withNumberId.body.data.id).not.toBe(424242);
    // Editing goes on as before, with the id the admin sends along.
    const { id, documentId } = withNumberId.body.data;
    const updated = await admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, JSON.stringify({ id, title: 'Nyt navn' }));
    expect([updated.status, updated.body.data?.title, updated.body.data?.id]).toEqual([200, 'Nyt navn', id]);
  });

  test('an internal GraphQL error is logged once with its operation, path and original error; the client sees none of it', async () => {
    const documentId = await app.createDocument(MUNICIPALITY, null, { name: 'Uendelighed', code: '999', hasIntegrationCouncil: false });
    // A stored value GraphQL's Float cannot carry: serializing it fails, through no input of the client.
    await app.database.execute(`UPDATE municipalities SET latitude = ${app.database.client === 'postgres' ? "'Infinity'" : '9e999'} WHERE document_id = '${documentId}'`);
    const before = app.logs().length;
    const response = await graphql(`query MunicipalityCoordinates { municipality(documentId: "${documentId}") { name latitude } }`);
    expect(response.body.errors).toEqual([{ message: 'Internal Server Error', path: ['municipality', 'latitude'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(response.body)).not.toMatch(/Float|Infinity/);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line reaches the test through a pipe
    const log = app.logs().slice(before);
    const lines = log.split('\n').filter((line) => line.includes('[graphql] internal error'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('operation "MunicipalityCoordinates" at municipality.latitude');
    expect(lines[0]).toContain('Float cannot represent non numeric value: Infinity');
    expect(log).toMatch(/\n\s+at /); // its stack
  });
});

/** Production hides graphql-js's suggestions, which name the schema's members to a prober. */
describe('bad input in production', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('no "Did you mean" for enum values, arguments, types, fields or input fields, in validation or in variables', async () => {
    const cases: Array<[string, Record<string, unknown> | undefined, RegExp]> = [
      ['{ caseStories(status: DRAFTX) { title } }', undefined, /^Value "DRAFTX" does not exist in "PublicationStatus" enum\.$/],
      [
        'query($s: PublicationStatus) { caseStories(status: $s) { title } }',
        { s: 'DRAFTX' },
        /^Variable "\$s" got invalid value "DRAFTX"; Value "DRAFTX" does not exist in "PublicationStatus" enum\.$/,
      ],
      ['{ caseStories(localee: "da") { title } }', undefined, /^Unknown argument "localee" on field "Query\.caseStories"\.$/],
      ['query($s: PublicationStatu) { caseStories(status: $s) { title } }', undefined, /^Unknown type "PublicationStatu"\.$/],
      ['{ caseStories { titl } }', undefined, /^Cannot query field "titl" on type "CaseStory"\.$/],
      ['{ caseStories(filters: { titl: { eq: "x" } }) { title } }', undefined, /^Field "titl" is not defined by type "CaseStoryFiltersInput"\.$/],
      ['query($f: CaseStoryFiltersInput) { caseStories(filters: $f) { title } }', { f: { titl: { eq: 'x' } } }, /Field "titl" is not defined by type "CaseStoryFiltersInput"\.$/],
    ];
    for (const [query, variables, message] of cases) {
      const response = await app.graphql(query, variables);
      expect(response.status).toBe(400);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].message).toMatch(message);
      expect(JSON.stringify(response.errors)).not.toMatch(/Did you mean|Suggestion hidden|"DRAFT"|"title"|"locale"/);
    }
  });
});
