import { PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const PARTNERSHIP = 'api::partnership.partnership';

/** Anonymous readers get published documents and nothing else: no drafts, no writes, bounded pages. */
describe('what anonymous readers can and cannot reach', () => {
  let app: StrapiInstance;
  let draftOnlyPartnership: string;
  let publishedStory: string;
  let draftOnlyStory: string;

  beforeAll(async () => {
    app = await startStrapi();
    draftOnlyPartnership = await app.createDocument(PARTNERSHIP, 'da', { title: 'Hemmeligt partnerskab', slug: 'hemmeligt-partnerskab' });
    publishedStory = await app.createDocument(
      CASE_STORY,
      'da',
      {
        title: 'Offentlig historie',
        slug: 'offentlig-historie',
        place: 'Testby',
        partnership: { connect: [{ documentId: draftOnlyPartnership, locale: 'da' }] },
      },
      { publish: true }
    );
    draftOnlyStory = await app.createDocument(CASE_STORY, 'da', { title: 'Kladde', slug: 'kladde', place: 'Kladdeby' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('a draft-only document is neither listed nor found by its documentId', async () => {
    const data = await app.query(`query($id: ID!) { caseStories(pagination: { pageSize: 100 }) { documentId title } caseStory(documentId: $id) { title } }`, {
      id: draftOnlyStory,
    });
    expect(data.caseStories.map((s: { title: string }) => s.title)).toContain('Offentlig historie');
    expect(data.caseStories.map((s: { documentId: string }) => s.documentId)).not.toContain(draftOnlyStory);
    expect(data.caseStory).toBeNull();
  });

  test('a draft stays invisible through the relations of a published document', async () => {
    const data = await app.query(
      `query($id: ID!) {
      caseStory(documentId: $id) { title partnership { title } }
      partnerships(pagination: { pageSize: 100 }) { title caseStories { title } }
    }`,
      { id: publishedStory }
    );
    expect(data.caseStory).toEqual({ title: 'Offentlig historie', partnership: null });
    expect(data.partnerships.map((p: { title: string }) => p.title)).not.toContain('Hemmeligt partnerskab');
    const titles = data.partnerships.flatMap((p: { caseStories: Array<{ title: string }> }) => p.caseStories.map((s) => s.title));
    expect(titles).not.toContain('Kladde');
  });

  test('an unpublished edit of a published document is not served', async () => {
    const saved = await app.admin('PUT', `/content-manager/collection-types/${CASE_STORY}/${publishedStory}?locale=da`, {
      title: 'Offentlig historie (ikke udgivet rettelse)',
    });
    expect(saved.status).toBe(200);
    const data = await app.query(`query($id: ID!) { caseStory(documentId: $id) { title } }`, { id: publishedStory });
    expect(data.caseStory.title).toBe('Offentlig historie');
  });

  test.each([
    ['a literal on a list', `{ caseStories(status: DRAFT) { title } }`, undefined],
    ['a literal on a single document', `query($id: ID!) { caseStory(documentId: $id, status: DRAFT) { title } }`, { id: 'x' }],
    ['a variable', `query($s: PublicationStatus) { partnerships(status: $s) { title } }`, { s: 'DRAFT' }],
    ['a variable default', `query($s: PublicationStatus = DRAFT) { pressReleases(status: $s) { title } }`, undefined],
    ['a connection', `{ caseStories_connection(status: DRAFT) { nodes { title } } }`, undefined],
  ])('status: DRAFT is refused: %s', async (_label, query, variables) => {
    const result = await app.graphql(query, variables);
    expect(result.status).toBe(403);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/Drafts are not available to anonymous readers/);
  });

  test('a relation to a type the public role may not read is refused on that field, request by request', async () => {
    const query = `{ caseStories(filters: { place: { eq: "Testby" } }) { title organisations { name } } }`;
    const roles = await app.admin('GET', '/users-permissions/roles');
    const publicRole = roles.body.roles.find((role: { type: string }) => role.type === 'public');
    const role = (await app.admin('GET', `/users-permissions/roles/${publicRole.id}`)).body.role;
    const setFind = async (enabled: boolean) => {
      role.permissions['api::organisation'].controllers.organisation.find.enabled = enabled;
      const saved = await app.admin('PUT', `/users-permissions/roles/${publicRole.id}`, { name: role.name, description: role.description, permissions: role.permissions });
      expect(saved.status).toBe(200);
    };
    expect((await app.graphql(query)).errors).toBeUndefined();
    try {
      await setFind(false);
      const refused = await app.graphql(query);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.path).toEqual(['caseStories', 0, 'organisations']);
      // The title alone is still served.
      expect((await app.query(`{ caseStories(filters: { place: { eq: "Testby" } }) { title } }`)).caseStories).toEqual([{ title: 'Offentlig historie' }]);
    } finally {
      await setFind(true);
    }
    const allowed = await app.graphql(query);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toEqual({ caseStories: [{ title: 'Offentlig historie', organisations: [] }] });
  });

  test('status: PUBLISHED is served as usual', async () => {
    const data = await app.query(`{ caseStories(status: PUBLISHED, filters: { place: { eq: "Testby" } }) { title } }`);
    expect(data.caseStories).toEqual([{ title: 'Offentlig historie' }]);
  });

  test('REST: published documents are served, ?status=draft is refused', async () => {
    const list = await fetch(`${app.url}/api/case-stories?filters[place][$eq]=Testby`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: Array<{ title: string }> }).data.map((s) => s.title)).toEqual(['Offentlig historie']);
    const drafts = await fetch(`${app.url}/api/case-stories?status=draft`);
    expect(drafts.status).toBe(403);
    const body = (await drafts.json()) as { data: unknown };
    expect(body.data).toBeNull();
  });

  test.each([
    ['create a case story', `mutation { createCaseStory(data: { title: "Hacked", slug: "hacked" }) { documentId } }`],
    ['update a municipality', `mutation { updateMunicipality(documentId: "x", data: { name: "Hacked" }) { name } }`],
    ['delete a press release', `mutation { deletePressRelease(documentId: "x") { documentId } }`],
    ['register a user', `mutation { register(input: { username: "intruder", email: "intruder@example.com", password: "Intruder-Pass-2025" }) { jwt } }`],
    ['log in', `mutation { login(input: { identifier: "intruder@example.com", password: "Intruder-Pass-2025" }) { jwt } }`],
    ['ask for a password reset', `mutation { forgotPassword(email: "editor@example.com") { ok } }`],
  ])('anonymous mutations are refused: %s', async (_label, mutation) => {
    const result = await app.graphql(mutation);
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/Anonymous readers cannot run mutations/);
  });

  test('refused mutations changed nothing', async () => {
    const data = await app.query(`{ caseStories(filters: { slug: { eq: "hacked" } }) { title } municipalities(filters: { name: { eq: "Hacked" } }) { name } pressReleases { title } }`);
    expect(data.caseStories).toEqual([]);
    expect(data.municipalities).toEqual([]);
    expect(data.pressReleases).toHaveLength(1);
    const users = await app.admin('GET', '/content-manager/collection-types/plugin::users-permissions.user');
    expect(users.status).toBe(200);
    expect(users.body.pagination.total).toBe(0);
  });

  test('REST writes and user registration are closed to anonymous callers', async () => {
    const post = await fetch(`${app.url}/api/case-stories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { title: 'Hacked', slug: 'hacked' } }),
    });
    expect([403, 404, 405]).toContain(post.status);
    const register = await fetch(`${app.url}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', email: 'intruder@example.com', password: 'Intruder-Pass-2025' }),
    });
    expect(register.status).toBe(403);
    expect((await fetch(`${app.url}/api/users`)).status).toBe(403);
  });

  test('page sizes: 25 by default, at most 100 however many are asked for', async () => {
    const data = await app.query(`{
      byDefault: municipalities { code }
      defaultPage: municipalities_connection { pageInfo { pageSize } }
      bigPage: municipalities_connection(pagination: { pageSize: 100000 }) { nodes { code } pageInfo { pageSize total } }
      bigLimit: municipalities_connection(pagination: { start: 0, limit: 100000 }) { pageInfo { pageSize } }
    }`);
    expect(data.byDefault).toHaveLength(25);
    expect(data.defaultPage.pageInfo.pageSize).toBe(25);
    expect(data.bigPage.pageInfo).toEqual({ pageSize: 100, total: 98 });
    expect(data.bigPage.nodes).toHaveLength(98);
    expect(data.bigLimit.pageInfo.pageSize).toBe(100);
  });

  test('queries deeper than the depth limit are refused', async () => {
    const nested = 'partnership { caseStories { partnership { caseStories { partnership { caseStories { partnership { caseStories { partnership { caseStories { title } } } } } } } } } }';
    const result = await app.graphql(`{ caseStories { ${nested} } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 10/);
    const allowed = await app.graphql(`{ caseStories { partnership { caseStories { title } } } }`);
    expect(allowed.errors).toBeUndefined();
  });

  test('media is served through the published document that uses it, the media library is not listed', async () => {
    const fileId = await app.uploadFile('gellerup.png', PNG, 'image/png', 'Gellerup Bibliotek');
    const withImage = await app.createDocument(CASE_STORY, 'da', { title: 'Historie med billede', slug: 'historie-med-billede', place: 'Billedby', heroImage: fileId }, { publish: true });
    const secret = await app.createDocument(CASE_STORY, 'da', { title: 'Kladde med billede', slug: 'kladde-med-billede', heroImage: fileId });
    expect(secret).toBeTruthy();

    const data = await app.query(`query($id: ID!) { caseStory(documentId: $id) { heroImage { url alternativeText mime } } }`, { id: withImage });
    expect(data.caseStory.heroImage).toMatchObject({ alternativeText: 'Gellerup Bibliotek', mime: 'image/png' });
    expect(data.caseStory.heroImage.url).toMatch(/^\/uploads\/.+\.png$/);
    expect((await fetch(`${app.url}${data.caseStory.heroImage.url}`)).status).toBe(200);

    const library = await app.graphql(`{ uploadFiles { url } }`);
    expect(library.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fetch(`${app.url}/api/upload/files`)).status).toBe(403);
  });
});
