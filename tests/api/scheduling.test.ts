import { sleep, eventually, publicContact, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';

type ErrorBody = { error: { name: string; details: { errors: Array<{ path: string[]; message: string }> } } };

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const pressReleaseServed = async (app: StrapiInstance, documentId: string) =>
  Boolean((await app.query(`query($id: ID!) { pressRelease(documentId: $id, locale: "da") { title } }`, { id: documentId })).pressRelease);
const caseStoryServed = async (app: StrapiInstance, documentId: string) =>
  Boolean((await app.query(`query($id: ID!) { caseStory(documentId: $id, locale: "da") { title } }`, { id: documentId })).caseStory);

/** Scheduled publishing: publishAt and unpublishAt, exactly once, and the press release embargo. */
describe('scheduled publishing', () => {
  // The scheduler runs every second here (every 20 seconds by default).
  const env = { SCHEDULED_PUBLISHING_RULE: '* * * * * *', SEED_DEMO_CONTENT: 'false', GRAPHQL_CACHE: 'false' };
  let app: StrapiInstance;
  let second: StrapiInstance;
  let contact: { connect: Array<{ documentId: string; locale: string }> };

  beforeAll(async () => {
    app = await startStrapi(env);
    second = await startStrapi(env, { database: app.database });
    const documentId = await app.createDocument('api::contact.contact', 'da', { name: 'Presse', email: 'presse@example.dk', ...publicContact() });
    contact = { connect: [{ documentId, locale: 'da' }] };
  });
  afterAll(async () => {
    await second?.stop({ keepDatabase: true });
    await app?.stop();
  });

  const pressRelease = (slug: string, extra: Record<string, unknown> = {}) =>
    app.createDocument(PRESS_RELEASE, 'da', { title: `Planlagt ${slug}`, slug, releaseDate: thisMinute(), contacts: contact, ...extra });

  test('a press release with publishAt is published on time by one of two instances, exactly once, and logged', async () => {
    const ids = await Promise.all(['plan-1', 'plan-2', 'plan-3'].map((slug) => pressRelease(slug, { publishAt: inSeconds(2) })));
    expect(await pressReleaseServed(app, ids[0])).toBe(false);
    expect(await eventually(async () => (await Promise.all(ids.map((id) => pressReleaseServed(second, id)))).every(Boolean))).toBe(true);
    await sleep(2500); // more passes of both schedulers
    const logged = (app.logs() + second.logs()).split('\n').filter((line) => line.includes('[schedule] published') && ids.some((id) => line.includes(id)));
    expect(logged).toHaveLength(3);
    // The schedule is used up: the draft has no publishAt left.
    const draft = await app.admin('GET', `${CM}/${PRESS_RELEASE}/${ids[0]}?locale=da`);
    expect(draft.body.data.publishAt ?? null).toBeNull();
  });

  test('a published case story with unpublishAt leaves the site on time', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Midlertidig historie', unpublishAt: inSeconds(2) }, { publish: true });
    expect(await caseStoryServed(app, documentId)).toBe(true);
    expect(await eventually(async () => !(await caseStoryServed(app, documentId)))).toBe(true);
    // The log line follows the unpublish's hooks, and reaches this process through a pipe: it may trail the site by a moment.
    const logged = () => (app.logs() + second.logs()).split('\n').filter((line) => line.includes('[schedule] unpublished') && line.includes(documentId));
    expect(await eventually(async () => logged().length > 0)).toBe(true);
    await sleep(2500); // more passes of both schedulers
    expect(logged()).toHaveLength(1);
    const draft = await app.admin('GET', `${CM}/${CASE_STORY}/${documentId}?locale=da`);
    expect(draft.body.data.unpublishAt ?? null).toBeNull();
  });

  test('an unpublishAt in the past or before publishAt is refused, naming the field', async () => {
    for (const data of [
      { title: 'Fortid', unpublishAt: '2020-01-01T00:00:00.000Z' },
      { title: 'Baglæns', publishAt: inSeconds(7200), unpublishAt: inSeconds(3600) },
    ]) {
      const response = await app.admin('POST', `${CM}/${CASE_STORY}?locale=da`, data);
      expect(response.status).toBe(400);
      const errors = (response.body as ErrorBody).error.details.errors;
      expect(errors.map((error) => error.path.join('.'))).toEqual(['unpublishAt']);
      // Named by its label, in the test admin's language (Danish: no interface language picked, no Accept-Language).
      expect(errors[0].message).toMatch(/^Afpublicér automatisk: .* (er allerede passeret|skal ligge efter »Udgiv automatisk«)/);
    }
  });

  test('a press release is not published before its release date, unless the editor moves the date', async () => {
    const documentId = await pressRelease('embargo', { releaseDate: inSeconds(86400) });
    const refused = await app.admin('POST', `${CM}/${PRESS_RELEASE}/${documentId}/actions/publish?locale=da`, {});
    expect(refused.status).toBe(400);
    const errors = (refused.body as ErrorBody).error.details.errors;
    expect(errors[0].path).toEqual(['releaseDate']);
    expect(errors[0].message).toMatch(/^Embargo til: pressemeddelelsen er under embargo til /);
    expect(await pressReleaseServed(app, documentId)).toBe(false);
    // Moved to now (the current minute: the admin's picker takes minutes).
    const moved = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${documentId}?locale=da`, { releaseDate: thisMinute() });
    expect(moved.status).toBe(200);
    const published = await app.admin('POST', `${CM}/${PRESS_RELEASE}/${documentId}/actions/publish?locale=da`, {});
    expect(published.status).toBe(200);
  });

  test('an editor cannot set a publishAt or release date that has passed; the current minute counts as now', async () => {
    const minuteAgo = new Date(Date.parse(thisMinute()) - 1).toISOString(); // the last millisecond of the previous minute
    for (const [uid, data, field, label] of [
      [CASE_STORY, { title: 'For sent', publishAt: minuteAgo }, 'publishAt', 'Udgiv automatisk'],
      [PRESS_RELEASE, { title: 'Gammel nyhed', releaseDate: '2025-12-24T16:00:00.000Z', contacts: contact }, 'releaseDate', 'Embargo til'],
    ] as const) {
      const refused = await app.admin('POST', `${CM}/${uid}?locale=da`, data);
      expect(refused.status).toBe(400);
      const errors = (refused.body as ErrorBody).error.details.errors;
      expect(errors.map((error) => error.path.join('.'))).toEqual([field]);
      expect(errors[0].message).toMatch(new RegExp(`^${label}: .* er allerede passeret\\.`));
    }
    // Now: published at the scheduler's next pass; a press release released now can be published at once.
    const now = await app.createDocument(CASE_STORY, 'da', { title: 'Udgiv nu', publishAt: thisMinute() });
    expect(await eventually(() => caseStoryServed(app, now))).toBe(true);
    const released = await app.createDocument(PRESS_RELEASE, 'da', { title: 'Udgivet nu', releaseDate: thisMinute(), contacts: contact }, { publish: true });
    expect(await pressReleaseServed(app, released)).toBe(true);
  });

  test('a time that has passed but is not changed does not block saving other fields', async () => {
    // An unpublishAt that passed while the draft waited (the scheduler acts on published versions only).
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Snart forbi', unpublishAt: inSeconds(1) });
    await sleep(1500);
    const stored = (await app.admin('GET', `${CM}/${CASE_STORY}/${documentId}?locale=da`)).body.data;
    // The admin sends the whole form, the passed time as it was.
    const saved = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Snart forbi, rettet', unpublishAt: stored.unpublishAt });
    expect(saved.status).toBe(200);
    expect(saved.body.data.title).toBe('Snart forbi, rettet');
    // Changed to another passed time, it is refused.
    const changed = await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { unpublishAt: new Date(Date.parse(stored.unpublishAt) - 1000).toISOString() });
    expect(changed.status).toBe(400);
    expect((changed.body as ErrorBody).error.details.errors[0].path).toEqual(['unpublishAt']);
  });

  test('a release date that has passed and is not changed does not block an editor; changed, it is refused', async () => {
    // A press release whose release date has passed, as the demo seed's is a day later (the seed saves
    // through the Document Service without a request, and is not refused a date in the past).
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', { title: 'Arkiveret pressemeddelelse', releaseDate: thisMinute(), contacts: contact });
    const [row] = await app.database.rows<{ release_date: unknown }>('SELECT release_date FROM press_releases WHERE document_id = ' + `'${documentId}'`);
    const past = Date.parse('2024-03-01T09:00:00.000Z');
    await app.database.execute(`UPDATE press_releases SET release_date = ${typeof row.release_date === 'number' ? past : `'${new Date(past).toISOString()}'`} WHERE document_id = '${documentId}'`);
    // An editor saves it with its (unchanged) release date and a new headline.
    const stored = (await app.admin('GET', `${CM}/${PRESS_RELEASE}/${documentId}?locale=da`)).body.data;
    expect(stored.releaseDate).toBe('2024-03-01T09:00:00.000Z');
    const saved = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${documentId}?locale=da`, { title: 'Arkiveret pressemeddelelse (rettet)', releaseDate: stored.releaseDate });
    expect(saved.status).toBe(200);
    // The English version gets the shared release date in its form: not a change either.
    const english = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${documentId}?locale=en`, { title: 'Archived press release', releaseDate: stored.releaseDate });
    expect(english.status).toBe(200);
    // Moving it to another past time is refused.
    const moved = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${documentId}?locale=da`, { releaseDate: '2024-03-02T09:00:00.000Z' });
    expect(moved.status).toBe(400);
    expect((moved.body as ErrorBody).error.details.errors[0].path).toEqual(['releaseDate']);
  });
});
