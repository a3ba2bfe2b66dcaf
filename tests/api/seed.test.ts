import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { baseEnv, runProcess, startStrapi } from '../helpers/strapi';

const TYPES = ['municipalities', 'focus areas', 'organisations', 'contacts', 'partnerships', 'case stories', 'press releases'];

/** Counts per type and locale, as anonymous readers see them. */
const COUNTS = `{
  municipalities_connection { pageInfo { total } }
  daFocus: focusAreas_connection(locale: "da") { pageInfo { total } }
  enFocus: focusAreas_connection(locale: "en") { pageInfo { total } }
  daOrgs: organisations_connection(locale: "da") { pageInfo { total } }
  enOrgs: organisations_connection(locale: "en") { pageInfo { total } }
  daContacts: contacts_connection(locale: "da") { pageInfo { total } }
  enContacts: contacts_connection(locale: "en") { pageInfo { total } }
  daPartnerships: partnerships_connection(locale: "da") { pageInfo { total } }
  enPartnerships: partnerships_connection(locale: "en") { pageInfo { total } }
  daStories: caseStories_connection(locale: "da") { pageInfo { total } }
  enStories: caseStories_connection(locale: "en") { pageInfo { total } }
  daReleases: pressReleases_connection(locale: "da") { pageInfo { total } }
  enReleases: pressReleases_connection(locale: "en") { pageInfo { total } }
}`;
const EXPECTED = {
  municipalities_connection: 98,
  daFocus: 3,
  enFocus: 3,
  daOrgs: 6,
  enOrgs: 6,
  daContacts: 1,
  enContacts: 1,
  daPartnerships: 3,
  enPartnerships: 3,
  daStories: 2,
  enStories: 2,
  daReleases: 1,
  enReleases: 1,
};

const totals = (data: Record<string, { pageInfo: { total: number } }>) => Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value.pageInfo.total]));

describe('npm run seed', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  test('loads everything once with a line of progress per type; a second run creates nothing', async () => {
    const env = baseEnv(database.env);
    const first = await runProcess(['scripts/seed.js'], env);
    if (first.code !== 0) throw new Error(`npm run seed failed (exit ${first.code}):\n${first.output.slice(-4000)}`);
    for (const type of TYPES) expect(first.output).toMatch(new RegExp(`\\[seed\\] ${type}: \\d+ documents, \\d+ created`));
    expect(first.output).toMatch(/\[seed\] municipalities: 98 documents, 98 created/);
    expect(first.output).toMatch(/\[seed\] case stories: 2 documents, 4 created/);
    expect(first.output).toMatch(/done in [\d.]+ s: 130 documents or locales created/);

    const second = await runProcess(['scripts/seed.js'], env);
    if (second.code !== 0) throw new Error(`the second npm run seed failed (exit ${second.code}):\n${second.output.slice(-4000)}`);
    expect(second.output).toMatch(/\[seed\] municipalities: 98 documents, 0 created/);
    expect(second.output).toMatch(/done in [\d.]+ s: 0 documents or locales created/);

    const app = await startStrapi({}, { database });
    try {
      expect(totals(await app.query(COUNTS))).toEqual(EXPECTED);
      // No duplicate drafts behind the published documents either.
      const drafts = await app.admin('GET', '/content-manager/collection-types/api::case-story.case-story?locale=da');
      expect(drafts.body.pagination.total).toBe(2);
    } finally {
      await app.stop({ keepDatabase: true });
    }
  });
});

describe('seeding on first boot', () => {
  test('an empty database gets the demo content at the first boot; a restart adds nothing and keeps a hand-made locale', async () => {
    const app = await startStrapi();
    expect(totals(await app.query(COUNTS))).toEqual(EXPECTED);
    expect(app.logs()).toMatch(/\[seed\] empty database: loading the demo content/);
    const german = await app.admin('POST', '/i18n/locales', { code: 'de', name: 'German (de)', isDefault: false });
    expect(german.status).toBe(200);
    await app.stop({ keepDatabase: true });
    const again = await startStrapi({}, { database: app.database });
    try {
      expect(again.logs()).not.toMatch(/loading the demo content/);
      expect(totals(await again.query(COUNTS))).toEqual(EXPECTED);
      const locales = await again.query(`{ i18NLocales { code } }`);
      expect(locales.i18NLocales.map((l: { code: string }) => l.code).sort()).toEqual(['ar', 'da', 'de', 'en', 'fa', 'pl', 'so', 'tr', 'uk', 'ur']);
    } finally {
      await again.stop();
    }
  });

  test('SEED_DEMO_CONTENT=false leaves the database empty, with locales and permissions still in place', async () => {
    const app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
    try {
      const data = await app.query(`{ municipalities_connection { pageInfo { total } } caseStories { title } i18NLocales { code } }`);
      expect(data.municipalities_connection.pageInfo.total).toBe(0);
      expect(data.caseStories).toEqual([]);
      expect(data.i18NLocales).toHaveLength(9);
    } finally {
      await app.stop();
    }
  });
});
