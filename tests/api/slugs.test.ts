import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const CM = '/content-manager/collection-types';

/** Slugs: built from the title until published, Danish letters as Danes write them, unique per locale, stable once published. */
describe('slugs', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function draft(documentId: string, locale: string) {
    const found = await app.admin('GET', `${CM}/${CASE_STORY}/${documentId}?locale=${locale}`);
    expect(found.status).toBe(200);
    return found.body.data as { slug: string; title: string };
  }

  test('an empty slug is made from the title, æ ø å as ae oe aa, and stays unique in its locale only', async () => {
    const title = 'Gellerup Bibliotek åbner læringscenter';
    const first = await app.createDocument(CASE_STORY, 'da', { title });
    expect((await draft(first, 'da')).slug).toBe('gellerup-bibliotek-aabner-laeringscenter');
    const second = await app.createDocument(CASE_STORY, 'da', { title, slug: '' });
    expect((await draft(second, 'da')).slug).toBe('gellerup-bibliotek-aabner-laeringscenter-1');
    // The English version of the first story may use the same slug: slugs are unique per locale.
    const english = await app.admin('PUT', `${CM}/${CASE_STORY}/${first}?locale=en`, { title });
    expect(english.status).toBe(200);
    expect((await draft(first, 'en')).slug).toBe('gellerup-bibliotek-aabner-laeringscenter');
  });

  test('other scripts are transliterated into readable slugs', async () => {
    const ukrainian = await app.createDocument(CASE_STORY, 'uk', { title: 'Бібліотека у Вollsmose' });
    expect((await draft(ukrainian, 'uk')).slug).toBe('biblioteka-u-vollsmose');
    const danish = await app.createDocument(CASE_STORY, 'da', { title: 'Ærø Bibliotek og Øresund' });
    expect((await draft(danish, 'da')).slug).toBe('aeroe-bibliotek-og-oeresund');
  });

  test("the type's name, which the admin proposes while the title is empty, is replaced by the title on a new document or locale", async () => {
    // Strapi's admin fills a new form's slug with the type's name (made unique) before anything is typed.
    const proposed = await app.admin('POST', '/content-manager/uid/generate?locale=da', { contentTypeUID: CASE_STORY, field: 'slug', data: {} });
    expect(proposed.body.data).toMatch(/^case-story(-\d+)?$/);
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Sprogcafé på Gellerup Bibliotek', slug: proposed.body.data });
    expect((await draft(documentId, 'da')).slug).toBe('sprogcafe-paa-gellerup-bibliotek');
    const english = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=en`, { title: 'Language café at Gellerup Library', slug: 'case-story-3' });
    expect(english.status).toBe(200);
    expect((await draft(documentId, 'en')).slug).toBe('language-cafe-at-gellerup-library');
    // Until the version is published the placeholder is never kept: the title's slug replaces it.
    const again = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { slug: 'case-story' });
    expect(again.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('sprogcafe-paa-gellerup-bibliotek');
  });

  test('a story first saved without a title gets its slug from the title it is given later, at every save until published; a slug the editor wrote is kept', async () => {
    // What the admin sends for a new form saved before a title is typed: its placeholder slug.
    const proposed = await app.admin('POST', '/content-manager/uid/generate?locale=da', { contentTypeUID: CASE_STORY, field: 'slug', data: {} });
    const documentId = await app.createDocument(CASE_STORY, 'da', { place: 'Aarhus', slug: proposed.body.data });
    expect((await draft(documentId, 'da')).slug).toBe(proposed.body.data);
    // Titled later; the admin sends the whole form, the placeholder slug with it.
    const titled = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Lektiecafé i Gellerup', slug: proposed.body.data, place: 'Aarhus' });
    expect(titled.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiecafe-i-gellerup');
    // Retitled before publishing: the slug the previous title made follows the title.
    const retitled = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Lektiecafé og sprogcafé i Gellerup', slug: 'lektiecafe-i-gellerup' });
    expect(retitled.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiecafe-og-sprogcafe-i-gellerup');
    // Saved again unchanged: it stays (not made unique against itself).
    expect((await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Lektiecafé og sprogcafé i Gellerup', slug: 'lektiecafe-og-sprogcafe-i-gellerup' })).status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiecafe-og-sprogcafe-i-gellerup');
    // Published: the address is kept when the title changes.
    const published = await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {});
    expect(published.status).toBe(200);
    const renamed = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Lektiecafé i Gellerup Bibliotek', slug: 'lektiecafe-og-sprogcafe-i-gellerup' });
    expect(renamed.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiecafe-og-sprogcafe-i-gellerup');

    // A slug the editor wrote is kept when the title changes before publishing.
    const own = await app.createDocument(CASE_STORY, 'da', { title: 'Sprogcafé i Odense', slug: 'sprogcafe' });
    const ownRetitled = await app.admin('PUT', `${CM}/${CASE_STORY}/${own}?locale=da`, { title: 'Sprogcafé i Vollsmose', slug: 'sprogcafe' });
    expect(ownRetitled.status).toBe(200);
    expect((await draft(own, 'da')).slug).toBe('sprogcafe');
    // Written in the same save as a new title: also kept.
    const both = await app.admin('PUT', `${CM}/${CASE_STORY}/${own}?locale=da`, { title: 'Sprogcafé på Vollsmose Bibliotek', slug: 'sprogcafe-i-odense' });
    expect(both.status).toBe(200);
    expect((await draft(own, 'da')).slug).toBe('sprogcafe-i-odense');
  });

  test("a published document keeps its slug when the title changes; an editor's own slug is kept", async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Lektiehjælp i Vollsmose' }, { publish: true });
    const renamed = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Lektiehjælp og sprogcafé i Vollsmose' });
    expect(renamed.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiehjaelp-i-vollsmose');
    const edited = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { slug: 'sprogcafe-vollsmose' });
    expect(edited.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('sprogcafe-vollsmose');
    // Clearing the slug asks for a new one from the current title.
    const cleared = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { slug: '' });
    expect(cleared.status).toBe(200);
    expect((await draft(documentId, 'da')).slug).toBe('lektiehjaelp-og-sprogcafe-i-vollsmose');
  });

  test("the admin's generate button gives the same slug", async () => {
    const generated = await app.admin('POST', '/content-manager/uid/generate?locale=da', {
      contentTypeUID: CASE_STORY,
      field: 'slug',
      data: { title: 'Bibliotekerne som kulturmødesteder' },
    });
    expect(generated.status).toBe(200);
    expect(generated.body.data).toBe('bibliotekerne-som-kulturmoedesteder');
  });

  test('a draft without title or slug may be saved, but publishing it is refused, naming the field', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { place: 'Odense' });
    const refused = await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {});
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/title|slug/);
    expect((await draft(documentId, 'da')).slug).toBeFalsy();
  });
});
