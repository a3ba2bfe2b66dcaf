import { publicContact, PNG, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';

type ErrorBody = { error: { name: string; message: string; details: { errors: Array<{ path: string[]; message: string }> } } };

/** Checks at publish time: images have alternative text, a press release names a press contact. */
describe('publish-time checks', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** Publishing is refused with a 400 naming `field`; the draft is unchanged and nothing is served. */
  async function expectPublishRefused(uid: string, documentId: string, field: string, message: RegExp) {
    const before = await app.admin('GET', `${CM}/${uid}/${documentId}?locale=da`);
    const published = await app.admin('POST', `${CM}/${uid}/${documentId}/actions/publish?locale=da`, {});
    expect(published.status).toBe(400);
    const body = published.body as ErrorBody;
    expect(body.error.name).toBe('ValidationError');
    const errors = body.error.details.errors.filter((error) => error.path.join('.') === field);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(message);
    const after = await app.admin('GET', `${CM}/${uid}/${documentId}?locale=da`);
    expect(after.body.data).toEqual(before.body.data);
    expect(after.body.data.publishedAt ?? null).toBeNull();
  }

  test('a case story whose hero image or share image lacks alternative text is not published', async () => {
    const withoutAlt = await app.uploadFile('uden-alt.png', PNG, 'image/png', '');
    const withAlt = await app.uploadFile('med-alt.png', PNG, 'image/png', 'Børn og voksne i Gellerup Bibliotek');
    const hero = await app.createDocument(CASE_STORY, 'da', { title: 'Uden alt-tekst', heroImage: withoutAlt });
    await expectPublishRefused(CASE_STORY, hero, 'heroImage', /^Hovedbillede: billedet »uden-alt\.png« har ingen alternativ tekst/);
    const share = await app.createDocument(CASE_STORY, 'da', { title: 'Delebillede uden alt-tekst', heroImage: withAlt, seo: { metaTitle: 'Deling', shareImage: withoutAlt } });
    await expectPublishRefused(CASE_STORY, share, 'seo.shareImage', /^Søgemaskiner og deling › Delingsbillede: billedet »uden-alt\.png« har ingen alternativ tekst/);

    // Once the media library has the text (as the admin's file dialog saves it), the same draft publishes.
    const info = new FormData();
    info.append('fileInfo', JSON.stringify({ alternativeText: 'Et tomt læsesal', name: 'uden-alt.png' }));
    const updated = await fetch(`${app.url}/upload?id=${withoutAlt}`, { method: 'POST', headers: { authorization: `Bearer ${await app.token()}` }, body: info });
    expect(updated.status).toBe(200);
    const published = await app.admin('POST', `${CM}/${CASE_STORY}/${hero}/actions/publish?locale=da`, {});
    expect(published.status).toBe(200);
  });

  test('a press release without a press contact shown publicly with email or phone is not published', async () => {
    const base = { title: 'Pressemeddelelse', slug: 'pressemeddelelse', releaseDate: thisMinute() };
    const alone = await app.createDocument(PRESS_RELEASE, 'da', base);
    await expectPublishRefused(PRESS_RELEASE, alone, 'contacts', /^Pressekontakter: en pressemeddelelse skal have mindst én pressekontakt, der vises offentligt og har e-mail eller telefon/);

    const silent = await app.createDocument('api::contact.contact', 'da', { name: 'Uden kontaktinfo' });
    const reachable = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', phone: '33 73 33 26', ...publicContact() });
    // Reachable, but not shown publicly: readers could not reach anyone either.
    const hidden = await app.createDocument('api::contact.contact', 'da', { name: 'Skjult presse', phone: '33 73 33 27' });
    const withSilent = await app.createDocument(PRESS_RELEASE, 'da', {
      ...base,
      slug: 'med-tavs-kontakt',
      contacts: {
        connect: [
          { documentId: silent, locale: 'da' },
          { documentId: hidden, locale: 'da' },
        ],
      },
    });
    await expectPublishRefused(PRESS_RELEASE, withSilent, 'contacts', /mindst én pressekontakt/);

    const connected = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${withSilent}?locale=da`, { contacts: { connect: [{ documentId: reachable, locale: 'da' }] } });
    expect(connected.status).toBe(200);
    const published = await app.admin('POST', `${CM}/${PRESS_RELEASE}/${withSilent}/actions/publish?locale=da`, {});
    expect(published.status).toBe(200);
    const served = await app.query(`query($id: ID!) { pressRelease(documentId: $id, locale: "da") { title contacts { name phone } } }`, { id: withSilent });
    // Only the contact shown publicly is served.
    expect(served.pressRelease.contacts).toEqual([{ name: 'Presse', phone: '+45 33 73 33 26' }]);
  });

  test('limits of summaries and SEO fields are refused at save, naming the field', async () => {
    const response = await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, { title: 'For lang', seo: { metaTitle: 'x'.repeat(61) } });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.details.errors.map((error) => error.path.join('.'))).toContain('seo.metaTitle');
  });
});
