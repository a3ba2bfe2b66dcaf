import { publicContact, PNG, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';

type Answer = { status: number; body: any };
type FieldError = { path: string[]; message: string };

const EN = { 'accept-language': 'en-GB,en;q=0.9,da;q=0.8' };
const DA = { 'accept-language': 'da-DK,da;q=0.9,en;q=0.8' };

/**
 * Messages an editor gets from the server: in the admin user's language (their interface
 * language, else Accept-Language, else Danish), times in Copenhagen's time written as that
 * language writes them, fields named by their labels; the error's path stays the attribute's.
 */
describe('editor messages in the editor language', () => {
  let app: StrapiInstance;
  let contact: { connect: Array<{ documentId: string; locale: string }> };
  let english: Record<string, string>;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', SCHEDULED_PUBLISHING_RULE: '* * * * * *', GRAPHQL_CACHE: 'false' });
    const documentId = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', email: 'presse@example.dk', ...publicContact() });
    contact = { connect: [{ documentId, locale: 'da' }] };
    // An editor who picked English as the admin's interface language (Profile → Interface language).
    const token = await app.registerAdminUser('strapi-editor', 'english-editor@example.com', 'Redaktion-Engelsk-2025');
    english = { authorization: `Bearer ${token}` };
    const picked = await app.admin('PUT', '/admin/users/me', { preferedLanguage: 'en' }, english);
    expect(picked.status).toBe(200);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The one field error of a 400, and the answer's message. */
  function refusal(answer: Answer): FieldError & { top: string } {
    expect(answer.status).toBe(400);
    expect(answer.body.error.name).toBe('ValidationError');
    const errors = answer.body.error.details.errors as FieldError[];
    expect(errors).toHaveLength(1);
    return { ...errors[0], top: answer.body.error.message };
  }

  const publish = (documentId: string, headers: Record<string, string> = {}) => app.admin('POST', `${CM}/${PRESS_RELEASE}/${documentId}/actions/publish?locale=da`, {}, headers);

  test('an embargo refusal, in Danish and in English, in Copenhagen summer and winter time', async () => {
    const summer = await app.createDocument(PRESS_RELEASE, 'da', { title: 'Sommeraftale', releaseDate: '2027-07-15T10:30:00.000Z', contacts: contact });
    const winter = await app.createDocument(PRESS_RELEASE, 'da', { title: 'Vinteraftale', releaseDate: '2027-12-03T22:00:22.022Z', contacts: contact });

    // No interface language picked, no Accept-Language: Danish, the admin's default.
    const da = refusal(await publish(summer));
    expect(da.path).toEqual(['releaseDate']);
    expect(da.message).toBe(
      'Embargo til: pressemeddelelsen er under embargo til 15. juli 2027 kl. 12.30. Planlæg udgivelsen med »Udgiv automatisk«, eller flyt »Embargo til« til nu for at udgive den med det samme.'
    );
    expect(da.top).toBe(da.message);
    expect(refusal(await publish(winter)).message).toContain('under embargo til 3. december 2027 kl. 23.00.');

    const en = refusal(await publish(summer, EN));
    expect(en.path).toEqual(['releaseDate']);
    expect(en.message).toBe('Embargoed until: this press release is embargoed until 15 July 2027, 12:30. Schedule it with "Publish at", or move "Embargoed until" to now to publish it at once.');
    expect(refusal(await publish(winter, EN)).message).toContain('embargoed until 3 December 2027, 23:00.');
    for (const message of [da.message, en.message]) expect(message).not.toMatch(/releaseDate|publishAt|Z\b/);
  });

  test('a publish-check refusal, in Danish and in English, naming the field by its label', async () => {
    const alone = await app.createDocument(PRESS_RELEASE, 'da', { title: 'Uden pressekontakt', releaseDate: thisMinute() });
    const da = refusal(await publish(alone, DA));
    expect(da.path).toEqual(['contacts']);
    expect(da.message).toBe('Pressekontakter: en pressemeddelelse skal have mindst én pressekontakt, der vises offentligt og har e-mail eller telefon, før den kan udgives.');
    const en = refusal(await publish(alone, EN));
    expect(en.path).toEqual(['contacts']);
    expect(en.message).toBe('Press contacts: a press release needs at least one press contact who is shown publicly and has an email or phone before it is published.');

    const withoutAlt = await app.uploadFile('uden-alt.png', PNG, 'image/png', '');
    const story = await app.createDocument(CASE_STORY, 'da', { title: 'Uden alt-tekst', heroImage: withoutAlt, seo: { metaTitle: 'Deling', shareImage: withoutAlt } });
    const both = await app.admin('POST', `${CM}/${CASE_STORY}/${story}/actions/publish?locale=da`, {}, EN);
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe('2 problems prevent publishing');
    expect(both.body.error.details.errors).toEqual([
      { path: ['heroImage'], name: 'ValidationError', message: 'Main image: the image "uden-alt.png" has no alternative text. Add it in the media library before publishing.' },
      {
        path: ['seo', 'shareImage'],
        name: 'ValidationError',
        message: 'SEO and sharing › Share image: the image "uden-alt.png" has no alternative text. Add it in the media library before publishing.',
      },
    ]);
    const danish = await app.admin('POST', `${CM}/${CASE_STORY}/${story}/actions/publish?locale=da`, {});
    expect(danish.body.error.message).toBe('2 problemer forhindrer udgivelsen');
    expect(danish.body.error.details.errors.map((error: FieldError) => error.message)).toEqual([
      'Hovedbillede: billedet »uden-alt.png« har ingen alternativ tekst. Tilføj den i mediebiblioteket, før du udgiver.',
      'Søgemaskiner og deling › Delingsbillede: billedet »uden-alt.png« har ingen alternativ tekst. Tilføj den i mediebiblioteket, før du udgiver.',
    ]);
  });

  test('a time that has passed, in Danish and in English, in Copenhagen summer and winter time', async () => {
    const summer = { title: 'For sent', publishAt: '2026-07-01T08:15:00.000Z' };
    const da = refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, summer));
    expect(da.path).toEqual(['publishAt']);
    expect(da.message).toBe('Udgiv automatisk: 1. juli 2026 kl. 10.15 er allerede passeret. Vælg et senere tidspunkt, eller ryd feltet og udgiv med det samme.');
    const en = refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, summer, EN));
    expect(en.path).toEqual(['publishAt']);
    expect(en.message).toBe('Publish at: 1 July 2026, 10:15 has already passed. Choose a later time, or clear the field and publish now.');

    const winter = { title: 'Julenyhed', releaseDate: '2025-12-24T16:00:00.000Z', contacts: contact };
    const daWinter = refusal(await app.admin('POST', `${CM}/${PRESS_RELEASE}?locale=da`, winter, DA));
    expect(daWinter.path).toEqual(['releaseDate']);
    expect(daWinter.message).toBe('Embargo til: 24. december 2025 kl. 17.00 er allerede passeret. Vælg nu eller et senere tidspunkt; er tidspunktet nu, kan pressemeddelelsen udgives med det samme.');
    const enWinter = refusal(await app.admin('POST', `${CM}/${PRESS_RELEASE}?locale=da`, winter, EN));
    expect(enWinter.message).toBe('Embargoed until: 24 December 2025, 17:00 has already passed. Choose now or a later time; set to now, the press release can be published at once.');

    const unpublish = refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, { title: 'Fortid', unpublishAt: '2026-01-10T11:05:00.000Z' }, EN));
    expect(unpublish.path).toEqual(['unpublishAt']);
    expect(unpublish.message).toBe('Unpublish at: 10 January 2026, 12:05 has already passed. Choose a later time, or clear the field.');
    const backwards = refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, { title: 'Baglæns', publishAt: '2030-07-01T10:00:00.000Z', unpublishAt: '2030-06-30T10:00:00.000Z' }));
    expect(backwards.path).toEqual(['unpublishAt']);
    expect(backwards.message).toBe('Afpublicér automatisk: 30. juni 2030 kl. 12.00 skal ligge efter »Udgiv automatisk« (1. juli 2030 kl. 12.00). Vælg et senere tidspunkt, eller ryd feltet.');
  });

  test("the admin user's interface language comes before Accept-Language; the first of Danish and English in it comes before Danish", async () => {
    const summer = { title: 'For sent', publishAt: '2026-07-01T08:15:00.000Z' };
    // Picked English, browser in Danish: English.
    expect(refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, summer, { ...english, ...DA })).message).toMatch(/^Publish at: 1 July 2026, 10:15 /);
    // No language picked: the first of da and en the browser asks for.
    expect(refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, summer, { 'accept-language': 'fr-FR, en;q=0.8, da;q=0.5' })).message).toMatch(/^Publish at: /);
    expect(refusal(await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, summer, { 'accept-language': 'de, nb;q=0.9' })).message).toMatch(/^Udgiv automatisk: /);
  });

  test('other rules answer in the editor language too: a phone number, partnership dates, a body that is no object', async () => {
    const phone = refusal(await app.admin('POST', `${CM}/api::contact.contact?locale=da`, { name: 'Telefon Test', phone: '1234' }, english));
    expect(phone.path).toEqual(['phone']);
    expect(phone.message).toBe('Phone: "1234" is neither a Danish number (8 digits) nor an international number starting with +');
    expect(refusal(await app.admin('POST', `${CM}/api::contact.contact?locale=da`, { name: 'Telefon Test', phone: 'ring til mig' })).message).toBe(
      'Telefon: »ring til mig« må kun indeholde cifre, mellemrum og tegnene + - ( )'
    );
    const dates = refusal(await app.admin('POST', `${CM}/api::partnership.partnership?locale=da`, { title: 'Baglæns', startDate: '2025-06-01', endDate: '2025-05-31' }, EN));
    expect(dates.path).toEqual(['endDate']);
    expect(dates.message).toBe('End date: 31 May 2025 is before "Start date" (1 June 2025). A partnership cannot end before it starts.');
    const list = await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, [1, 2], english);
    expect(list.status).toBe(400);
    expect(list.body.error.message).toBe("The request body must be a JSON object of the document's fields");
    expect((await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, [1, 2])).body.error.message).toBe('Forespørgslens indhold skal være et JSON-objekt med dokumentets felter');
  });

  test('without an admin user (the scheduler) the message is English, with the label and the Copenhagen time', async () => {
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Planlagt for tidligt',
      releaseDate: '2027-07-15T10:30:00.000Z',
      contacts: contact,
      publishAt: new Date(Date.now() + 1000).toISOString(),
    });
    const deadline = Date.now() + 15000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      line = app
        .logs()
        .split('\n')
        .find((entry) => entry.includes('[schedule] could not publish') && entry.includes(documentId));
    }
    expect(line).toContain('Embargoed until: this press release is embargoed until 15 July 2027, 12:30.');
  });
});
