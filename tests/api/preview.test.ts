import { verifyPreviewToken } from '../../src/preview/preview';
import { publicContact, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const SECRET = 'preview-secret-shared-with-the-frontend';

/** Strapi 5's preview: a link to the frontend with type, slug, locale and a signed, expiring token. */
describe('preview', () => {
  let app: StrapiInstance;
  let withoutPreview: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ PREVIEW_URL: 'https://www.example.dk/forhaandsvisning', PREVIEW_SECRET: SECRET, SEED_DEMO_CONTENT: 'false' });
    withoutPreview = await startStrapi({ SEED_DEMO_CONTENT: 'false' }, { database: app.database });
  });
  afterAll(async () => {
    await withoutPreview?.stop({ keepDatabase: true });
    await app?.stop();
  });

  test("the preview button's link names the draft and carries a token the frontend can check", async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Læringscenter i Vollsmose' });
    const before = Date.now();
    const response = await app.admin('GET', `/content-manager/preview/url/${CASE_STORY}?documentId=${documentId}&locale=da&status=draft`);
    expect(response.status).toBe(200);
    const url = new URL(response.body.data.url);
    expect(url.origin + url.pathname).toBe('https://www.example.dk/forhaandsvisning');
    expect(Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'token'))).toEqual({
      type: 'case-story',
      documentId,
      slug: 'laeringscenter-i-vollsmose',
      locale: 'da',
      status: 'draft',
    });
    const claims = verifyPreviewToken(url.searchParams.get('token')!, SECRET);
    expect(claims).toMatchObject({ type: 'case-story', documentId, locale: 'da', status: 'draft' });
    expect(claims!.exp * 1000).toBeGreaterThan(before + 590_000);
    expect(claims!.exp * 1000).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(verifyPreviewToken(url.searchParams.get('token')!, 'another-secret-of-some-length')).toBeNull();
  });

  test('types without a page of their own have no preview', async () => {
    const contact = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', ...publicContact() });
    const response = await app.admin('GET', `/content-manager/preview/url/api::contact.contact?documentId=${contact}&locale=da&status=draft`);
    expect(response.status).toBe(204);
  });

  test('without PREVIEW_URL there is no preview', async () => {
    const documentId = await withoutPreview.createDocument(CASE_STORY, 'da', { title: 'Uden forhåndsvisning' });
    const response = await withoutPreview.admin('GET', `/content-manager/preview/url/${CASE_STORY}?documentId=${documentId}&locale=da&status=draft`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  test('PREVIEW_URL without PREVIEW_SECRET stops the start with a clear message', async () => {
    await expect(startStrapi({ PREVIEW_URL: 'https://www.example.dk/preview', SEED_DEMO_CONTENT: 'false' })).rejects.toThrow(/PREVIEW_SECRET must be set too/);
  });
});
