import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';

type Session = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Who does what: Authors write their own case stories, Editors publish, only Super Admins run the place. */
describe('editorial roles, set as code', () => {
  let app: StrapiInstance;
  let author: Session;
  let editor: Session;

  /** Invites a user with a role (as a Super Admin does) and logs in as them. */
  async function userWithRole(code: string, email: string): Promise<Session> {
    const token = await app.registerAdminUser(code, email, 'Redaktion-Rolle-2025');
    return async (method, route, body) => {
      const response = await fetch(`${app.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
  }

  beforeAll(async () => {
    app = await startStrapi();
    author = await userWithRole('strapi-author', 'forfatter@example.com');
    editor = await userWithRole('strapi-editor', 'redaktoer@example.com');
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('an Author writes and edits their own case stories in any locale, but does not publish or schedule them', async () => {
    const created = await author('POST', `${CM}/${CASE_STORY}?locale=da`, { title: 'Sprogcafé i Gellerup' });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const english = await author('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=en`, { title: 'Language café in Gellerup' });
    expect(english.status).toBe(200);
    const scheduled = await author('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { publishAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(scheduled.status).toBe(200);
    expect((await app.admin('GET', `${CM}/${CASE_STORY}/${documentId}?locale=da`)).body.data.publishAt ?? null).toBeNull();
    expect((await author('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {})).status).toBe(403);
    // The Editor publishes it.
    expect((await editor('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {})).status).toBe(200);
  });

  test("an Author cannot edit someone else's case story, nor write press releases", async () => {
    const theirs = await app.createDocument(CASE_STORY, 'da', { title: 'Redaktionens historie' });
    expect((await author('PUT', `${CM}/${CASE_STORY}/${theirs}?locale=da`, { title: 'Ændret' })).status).toBe(403);
    expect((await author('POST', `${CM}/${PRESS_RELEASE}?locale=da`, { title: 'Presse' })).status).toBe(403);
    // Reading what a case story links to is allowed.
    expect((await author('GET', `${CM}/api::municipality.municipality?pageSize=1`)).status).toBe(200);
  });

  test('an Editor writes, schedules and publishes everything', async () => {
    const created = await editor('POST', `${CM}/${PRESS_RELEASE}?locale=da`, { title: 'Ny aftale', publishAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(created.status).toBe(201);
    expect(created.body.data.publishAt).toBeTruthy();
  });

  test('only Super Admins change roles, users or the content model', async () => {
    for (const session of [author, editor]) {
      expect((await session('GET', '/admin/roles')).status).toBe(403);
      expect((await session('POST', '/admin/roles', { name: 'Ny rolle' })).status).toBe(403);
      expect((await session('GET', '/admin/users')).status).toBe(403);
      expect((await session('POST', '/content-type-builder/content-types', { contentType: {} })).status).toBe(403);
    }
  });
});
