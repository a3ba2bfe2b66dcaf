import { publicContact, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';

type ValidationBody = { error: { name: string; message: string; details: { errors: Array<{ path: string[]; message: string }> } } };

/** What an editor saving a bad value in the admin gets: a 400 naming the field, and nothing saved. */
describe('validation of the content model, through the Content Manager', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function expectRefused(uid: string, locale: string | null, data: Record<string, unknown>, field: string, message: RegExp) {
    const before = await app.admin('GET', `${CM}/${uid}${locale ? `?locale=${locale}` : ''}`);
    const response = await app.admin('POST', `${CM}/${uid}${locale ? `?locale=${locale}` : ''}`, data);
    expect(response.status).toBe(400);
    const body = response.body as ValidationBody;
    expect(body.error.name).toBe('ValidationError');
    const fieldErrors = body.error.details.errors.filter((e) => e.path.join('.') === field);
    expect(fieldErrors.length).toBeGreaterThan(0);
    expect(fieldErrors[0].message).toMatch(message);
    const after = await app.admin('GET', `${CM}/${uid}${locale ? `?locale=${locale}` : ''}`);
    expect(after.body.pagination.total).toBe(before.body.pagination.total);
  }

  test.each([
    ['two digits', '75'],
    ['letters', '7a1'],
    ['four digits', '7510'],
  ])('a municipality code must be three digits: %s is refused', async (_label, code) => {
    await expectRefused('api::municipality.municipality', null, { name: `Testkommune ${code}`, code }, 'code', /code must/);
  });

  test('a municipality with a valid code and https URL is saved', async () => {
    const response = await app.admin('POST', `${CM}/api::municipality.municipality`, {
      name: 'Testkommune',
      code: '999',
      integrationCouncilUrl: 'https://example.dk/integrationsraad',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ code: '999', hasIntegrationCouncil: false });
  });

  test.each(['ftp://example.dk', 'javascript:alert(1)', 'example.dk', 'https://'])('an http(s) URL is required: %s is refused', async (url) => {
    await expectRefused('api::organisation.organisation', 'da', { name: 'Testbibliotek', slug: 'testbibliotek', kind: 'library', website: url }, 'website', /website must/);
  });

  test('an organisation needs a name and a kind', async () => {
    await expectRefused('api::organisation.organisation', 'da', { slug: 'uden-navn', kind: 'library' }, 'name', /name must be defined|required/i);
    await expectRefused('api::organisation.organisation', 'da', { name: 'Uden type', slug: 'uden-type', kind: 'school' }, 'kind', /kind must be one of/);
  });

  test('a contact email must be an email address', async () => {
    await expectRefused('api::contact.contact', 'da', { name: 'Test Person', email: 'ikke-en-adresse' }, 'email', /email must be a valid email/);
  });

  test.each([
    ['33 73 33 26', '+45 33 73 33 26'],
    ['33733326', '+45 33 73 33 26'],
    ['+45 3373 3326', '+45 33 73 33 26'],
    ['0045 33 73 33 26', '+45 33 73 33 26'],
    ['+46 8 123 456 78', '+46 8 123 456 78'],
  ])('a phone number %s is stored as %s', async (phone, stored) => {
    const response = await app.admin('POST', `${CM}/api::contact.contact?locale=da`, { name: 'Telefon Test', phone });
    expect(response.status).toBe(201);
    expect(response.body.data.phone).toBe(stored);
  });

  test.each(['ring til mig', '1234', '+45 12 34'])('a phone number that is none is refused: %s', async (phone) => {
    await expectRefused('api::contact.contact', 'da', { name: 'Telefon Test', phone }, 'phone', /^Telefon: /);
  });

  test('a partnership summary is at most 300 characters', async () => {
    await expectRefused('api::partnership.partnership', 'da', { title: 'For lang', slug: 'for-lang', summary: 'x'.repeat(301) }, 'summary', /at most 300/);
  });

  test('SEO metadata respects its limits', async () => {
    await expectRefused('api::case-story.case-story', 'da', { title: 'SEO', slug: 'seo', seo: { metaTitle: 't'.repeat(61), metaDescription: 'ok' } }, 'seo.metaTitle', /at most 60/);
  });

  /** Drafts may be incomplete (Strapi 5 checks required fields and component rules at publish time). */
  async function expectPublishRefused(uid: string, data: Record<string, unknown>, field: string, message: RegExp) {
    const draft = await app.admin('POST', `${CM}/${uid}?locale=da`, data);
    expect([200, 201, 400]).toContain(draft.status);
    if (draft.status === 400) {
      expect(draft.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
      return;
    }
    const documentId = draft.body.data.documentId;
    const published = await app.admin('POST', `${CM}/${uid}/${documentId}/actions/publish?locale=da`, {});
    expect(published.status).toBe(400);
    const errors = (published.body as ValidationBody).error.details.errors.filter((e) => e.path.join('.') === field);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(message);
    const result = await app.graphql(`query($id: ID!) { pressRelease(documentId: $id) { title } }`, { id: documentId });
    expect(result.data?.pressRelease ?? null).toBeNull();
  }

  /** A press contact, so that press releases pass the publish-time contact check. */
  async function pressContact() {
    const documentId = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', email: 'presse@example.dk', ...publicContact() });
    return { connect: [{ documentId, locale: 'da' }] };
  }

  test('a related link needs an http(s) URL before it is published', async () => {
    await expectPublishRefused(
      'api::press-release.press-release',
      { title: 'Link', slug: 'link', releaseDate: thisMinute(), relatedLinks: [{ label: 'FTP', url: 'ftp://example.dk' }], contacts: await pressContact() },
      'relatedLinks.0.url',
      /url must/
    );
  });

  test('a press release needs a release date before it is published', async () => {
    await expectPublishRefused('api::press-release.press-release', { title: 'Uden dato', slug: 'uden-dato', contacts: await pressContact() }, 'releaseDate', /releaseDate must be defined|required/i);
  });

  test('a partnership cannot end before it starts, also when only one date changes', async () => {
    await expectRefused(
      'api::partnership.partnership',
      'da',
      { title: 'Baglæns', slug: 'baglaens', startDate: '2025-06-01', endDate: '2025-05-31' },
      'endDate',
      // Named by their labels, in the test admin's language (Danish: no interface language picked, no Accept-Language).
      /^Slutdato: 31\. maj 2025 ligger før »Startdato« \(1\. juni 2025\)/
    );
    const created = await app.admin('POST', `${CM}/api::partnership.partnership?locale=da`, {
      title: 'Samme dag',
      slug: 'samme-dag',
      startDate: '2025-06-01',
      endDate: '2025-06-01',
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const moved = await app.admin('PUT', `${CM}/api::partnership.partnership/${documentId}?locale=da`, { endDate: '2025-01-01' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toMatch(/^Slutdato: 1\. januar 2025 ligger før »Startdato« \(1\. juni 2025\)/);
    const stored = await app.admin('GET', `${CM}/api::partnership.partnership/${documentId}?locale=da`);
    expect(stored.body.data.endDate).toBe('2025-06-01');
  });
});
