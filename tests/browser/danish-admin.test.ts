import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, Screenshots } from '../helpers/browser';
import { publicContact, startStrapi, type StrapiInstance } from '../helpers/strapi';

const PRESS_RELEASE = 'api::press-release.press-release';
const CASE_STORY = 'api::case-story.case-story';
const EDITOR = { email: 'kommunikation@example.com', password: 'Redaktion-Dansk-2025' };
const TIME_ZONE = 'Europe/Copenhagen';
/** An attribute's value once it is `expected`, or after 5 s, whatever it is then (the admin renders the form in steps). */
async function settled(locator: Locator, name: string, expected: string): Promise<string | null> {
  let value: string | null = null;
  for (let waited = 0; waited <= 5000 && value !== expected; waited += 100) {
    value = await locator.getAttribute(name);
    if (value !== expected) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return value;
}

/** An input's value once it is `expected`, or after 5 s, whatever it is then (a reloaded form fills in after its document loads). */
async function settledValue(locator: Locator, expected: string): Promise<string> {
  let value = '';
  for (let waited = 0; waited <= 5000; waited += 100) {
    value = await locator.inputValue().catch(() => '');
    if (value === expected) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return value;
}

const DATE_TIME_FIELDS = ['releaseDate', 'publishAt', 'unpublishAt'] as const;
type DateTimeField = (typeof DATE_TIME_FIELDS)[number];
const LABELS: Record<DateTimeField, string> = { releaseDate: 'Embargo til', publishAt: 'Udgiv automatisk', unpublishAt: 'Afpublicér automatisk' };

/** The last Sunday of a month (0-based) of a year: Europe changes to and from summer time then. */
function lastSunday(year: number, month: number): { year: number; month: number; day: number } {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return { year, month, day: last.getUTCDate() - last.getUTCDay() };
}
type Day = ReturnType<typeof lastSunday>;
const plusDays = (day: Day, days: number): Day => {
  const date = new Date(Date.UTC(day.year, day.month, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() };
};

/** A Copenhagen wall-clock time as a UTC instant (offset +01:00 in winter, +02:00 in summer). */
function copenhagen(day: Day, hour: number, minute: number): Date {
  const guess = Date.UTC(day.year, day.month, day.day, hour, minute);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', day: '2-digit' }).formatToParts(new Date(guess));
  const shown = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const offsetMinutes = (shown('day') - day.day) * 1440 + (shown('hour') - hour) * 60 + (shown('minute') - minute);
  return new Date(guess - offsetMinutes * 60000);
}

/** How the Danish admin writes a date in its date field: 03.12.2026. */
const danishDate = (day: Day) => `${String(day.day).padStart(2, '0')}.${String(day.month + 1).padStart(2, '0')}.${day.year}`;

/**
 * The admin as a Danish communications officer sees it: a browser in da-DK, Europe/Copenhagen.
 * The date-time fields keep the minutes an editor picks or types (Strapi's picker lost them in
 * Danish, where times read 23.45), across both daylight-saving changes; a press release scheduled
 * two minutes ahead appears at that minute and not before; Danish labels, status column, Danish
 * messages; an Arabic version is edited right to left. Screenshots: test-results/screenshots/danish-admin/.
 */
describe('the admin in Danish, in a da-DK browser', () => {
  const started = Date.now();
  let app: StrapiInstance;
  let browser: Browser;
  let page: Page;
  let shots: Screenshots;

  beforeAll(async () => {
    app = await startStrapi({ SCHEDULED_PUBLISHING_RULE: '*/5 * * * * *' });
    await app.registerAdminUser('strapi-editor', EDITOR.email, EDITOR.password);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'da-DK', timezoneId: TIME_ZONE });
    page = await context.newPage();
    shots = new Screenshots('danish-admin');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (shots) console.log(`[browser] ${shots.list().length} screenshots in ${shots.dir}; the suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const notification = (text: RegExp) =>
    page
      .getByRole('status')
      .filter({ hasText: text })
      .or(page.getByRole('alert').filter({ hasText: text }))
      .first();

  async function stored(uid: string, documentId: string, locale = 'da') {
    const found = await app.admin('GET', `/content-manager/collection-types/${uid}/${documentId}?locale=${locale}`);
    expect(found.status).toBe(200);
    return found.body.data as Record<string, any>;
  }

  /** The date and time inputs of one date-time field, found by its Danish label. */
  function dateTimeInputs(field: DateTimeField) {
    const root = page.getByRole('group', { name: LABELS[field], exact: true });
    return { date: root.getByRole('combobox').first(), time: root.getByRole('combobox').nth(1), root };
  }

  async function typeDate(field: DateTimeField, day: Day) {
    const { date } = dateTimeInputs(field);
    for (let attempt = 1; attempt <= 3 && (await date.inputValue()) !== danishDate(day); attempt += 1) {
      await date.click();
      await date.press('ControlOrMeta+a');
      await date.pressSequentially(danishDate(day));
      await date.press('Enter');
    }
    expect(await date.inputValue()).toBe(danishDate(day));
  }

  /** Picks a time from the field's list of times, as an editor clicks it. */
  async function pickTime(field: DateTimeField, time: string) {
    const { time: input } = dateTimeInputs(field);
    await input.click();
    await page.getByRole('option', { name: time, exact: true }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe(time);
  }

  /** Types a time into the field and leaves it, as an editor does. */
  async function typeTime(field: DateTimeField, time: string) {
    const { time: input } = dateTimeInputs(field);
    await input.fill(time);
    await input.press('Tab');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe(time);
  }

  async function save() {
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await notification(/Dokumentet er gemt/).waitFor({ timeout: 15000 });
  }

  test('the login page and the homepage are Danish, without a guided tour', async () => {
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByRole('button', { name: 'Log ind' }).waitFor();
    await shots.take(page, 'login');
    await page.getByLabel(/e-mail/i).fill(EDITOR.email);
    await page.getByLabel(/^Kodeord/).fill(EDITOR.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page
      .getByRole('link', { name: /Indholdsstyring/ })
      .first()
      .waitFor();
    await shots.take(page, 'home');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    expect(await page.getByText('Create your schema').count()).toBe(0);
    expect(await page.getByText(/^Hello\b/).count()).toBe(0);
  });

  describe('date-time fields keep their minutes', () => {
    const year = new Date().getFullYear() + 1;
    const springChange = lastSunday(year, 2); // 02.00 becomes 03.00
    const autumnChange = lastSunday(year, 9); // 03.00 becomes 02.00
    let documentId: string;

    beforeAll(async () => {
      const contact = await app.createDocument('api::contact.contact', 'da', { name: 'Presse Gellerup', email: 'presse@gellerup.example', ...publicContact() });
      documentId = await app.createDocument(PRESS_RELEASE, 'da', {
        title: 'Nyt partnerskab om lektiehjælp',
        slug: 'nyt-partnerskab-om-lektiehjaelp',
        releaseDate: copenhagen(plusDays(springChange, -7), 10, 0).toISOString(),
        contacts: { connect: [{ documentId: contact, locale: 'da' }] },
      });
    });

    async function expectStored(expected: Record<DateTimeField, Date>) {
      const draft = await stored(PRESS_RELEASE, documentId);
      for (const field of DATE_TIME_FIELDS) expect({ field, at: draft[field] }).toEqual({ field, at: expected[field].toISOString() });
    }

    test('23.45 picked from the list, in winter time and on the day summer time begins', async () => {
      await page.goto(`${app.url}/admin/content-manager/collection-types/${PRESS_RELEASE}/${documentId}?plugins[i18n][locale]=da`);
      await page.getByRole('button', { name: 'Gem', exact: true }).waitFor();
      await shots.take(page, 'press-release-edit');
      const saturday = plusDays(springChange, -1);
      const days: Record<DateTimeField, Day> = { releaseDate: saturday, publishAt: saturday, unpublishAt: springChange };
      for (const field of DATE_TIME_FIELDS) {
        await typeDate(field, days[field]);
        await pickTime(field, '23.45');
      }
      await shots.take(page, 'press-release-times-picked');
      await save();
      // 23.45 in Copenhagen: 22.45 UTC in winter (+01.00), 21.45 UTC once summer time has begun (+02.00).
      await expectStored({ releaseDate: copenhagen(saturday, 23, 45), publishAt: copenhagen(saturday, 23, 45), unpublishAt: copenhagen(springChange, 23, 45) });
      expect(copenhagen(saturday, 23, 45).toISOString()).toBe(new Date(Date.UTC(year, 2, saturday.day, 22, 45)).toISOString());
      expect(copenhagen(springChange, 23, 45).toISOString()).toBe(new Date(Date.UTC(year, 2, springChange.day, 21, 45)).toISOString());
      // The saved form shows what was picked.
      await page.reload();
      for (const field of DATE_TIME_FIELDS) expect(await settledValue(dateTimeInputs(field).time, '23.45')).toBe('23.45');
    });

    test('the media kit field has its Danish label in the edit view', async () => {
      await page.goto(`${app.url}/admin/content-manager/collection-types/${PRESS_RELEASE}/${documentId}?plugins[i18n][locale]=da`);
      await page.getByRole('button', { name: 'Gem', exact: true }).waitFor();
      const label = page.getByText(/^Pressemateriale/).first();
      await label.scrollIntoViewIfNeeded();
      await shots.take(page, 'press-release-media-kit');
      expect(await page.getByText(/^Pressemateriale/).count()).toBeGreaterThan(0);
    });

    test('09.37 typed, the day before and the day summer time ends', async () => {
      const saturday = plusDays(autumnChange, -1);
      const days: Record<DateTimeField, Day> = { releaseDate: autumnChange, publishAt: saturday, unpublishAt: autumnChange };
      for (const field of DATE_TIME_FIELDS) {
        await typeDate(field, days[field]);
        await typeTime(field, '09.37');
      }
      await shots.take(page, 'press-release-times-typed');
      await save();
      await expectStored({ releaseDate: copenhagen(autumnChange, 9, 37), publishAt: copenhagen(saturday, 9, 37), unpublishAt: copenhagen(autumnChange, 9, 37) });
      expect(copenhagen(saturday, 9, 37).getUTCHours()).toBe(7);
      expect(copenhagen(autumnChange, 9, 37).getUTCHours()).toBe(8);
    });

    test('just after midnight the date keeps its day, and a time typed with a colon is taken', async () => {
      const day = plusDays(springChange, 14);
      const { date, time } = dateTimeInputs('releaseDate');
      await date.click();
      await date.press('ControlOrMeta+a');
      await date.pressSequentially(danishDate(day));
      await date.press('Enter');
      await time.fill('00:30');
      await time.press('Tab');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      // 00.30 in Copenhagen is 22.30 UTC the day before: the box still shows the editor's day.
      expect([await date.inputValue(), await time.inputValue()]).toEqual([danishDate(day), '00.30']);
      await save();
      expect((await stored(PRESS_RELEASE, documentId)).releaseDate).toBe(copenhagen(day, 0, 30).toISOString());
      await page.reload();
      expect([await settledValue(dateTimeInputs('releaseDate').date, danishDate(day)), await settledValue(dateTimeInputs('releaseDate').time, '00.30')]).toEqual([danishDate(day), '00.30']);
    });
  });

  test('a press release scheduled two minutes ahead appears at that minute, not before; publishing it earlier is refused in Danish', async () => {
    const contact = await app.createDocument('api::contact.contact', 'da', { name: 'Presse Vollsmose', phone: '+45 12 34 56 78', ...publicContact() });
    const slug = 'sprogcafe-i-vollsmose-aabner';
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Sprogcafé i Vollsmose åbner',
      slug,
      releaseDate: new Date(Date.now() + 86400000).toISOString(),
      contacts: { connect: [{ documentId: contact, locale: 'da' }] },
    });
    // The first whole minute at least two minutes away.
    const at = new Date(Math.ceil((Date.now() + 120000) / 60000) * 60000);
    const day = (() => {
      const [year, month, date] = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(at).split('-').map(Number);
      return { year, month: month - 1, day: date };
    })();
    const time = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${PRESS_RELEASE}/${documentId}?plugins[i18n][locale]=da`);
    for (const field of ['releaseDate', 'publishAt'] as const) {
      await typeDate(field, day);
      await typeTime(field, time);
    }
    await save();
    const draft = await stored(PRESS_RELEASE, documentId);
    expect([draft.releaseDate, draft.publishAt]).toEqual([at.toISOString(), at.toISOString()]);

    // "Udgiv" now is refused: the embargo, named by its label, with the time as the editor reads it.
    await page.getByRole('button', { name: 'Udgiv', exact: true }).click();
    const when = `${new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }).format(at)} kl. ${time}`;
    const refusal = notification(/Embargo til/);
    await refusal.waitFor({ timeout: 15000 });
    expect(await refusal.innerText()).toContain(when);
    await shots.take(page, 'press-release-embargo-refused');

    const query = `query Release($slug: String!) { pressReleaseBySlug(slug: $slug, locale: "da") { title } }`;
    let seenAt: number | null = null;
    while (Date.now() < at.getTime() + 60000) {
      const asked = Date.now();
      const found = (await app.query(query, { slug })).pressReleaseBySlug;
      if (found) {
        seenAt = asked;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (seenAt === null)
      throw new Error(
        `not published by ${new Date(at.getTime() + 60000).toISOString()}; the scheduler said:\n${app
          .logs()
          .split('\n')
          .filter((line) => line.includes('[schedule]'))
          .join('\n')}`
      );
    console.log(`[browser] scheduled for ${at.toISOString()}, first seen ${((seenAt - at.getTime()) / 1000).toFixed(1)} s after`);
    expect(seenAt).toBeGreaterThanOrEqual(at.getTime());
    await page.reload();
    await page.getByText('Udgivet', { exact: true }).first().waitFor();
    await shots.take(page, 'press-release-published-on-time');
  });

  test('a new case story: the slug follows the title as it is typed; a time already past is refused in Danish', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/create?plugins[i18n][locale]=da`);
    const slug = page.locator('input[name=slug]');
    await slug.waitFor();
    await page.locator('input[name=title]').fill('Læsefællesskab i Gellerup');
    for (let waited = 0; waited < 5000 && (await slug.inputValue()) !== 'laesefaellesskab-i-gellerup'; waited += 100) await page.waitForTimeout(100);
    expect(await slug.inputValue()).toBe('laesefaellesskab-i-gellerup');
    // Yesterday, 10.00: the scheduler could never honour it.
    const yesterday = new Date(Date.now() - 86400000);
    const [year, month, date] = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(yesterday).split('-').map(Number);
    const day = { year, month: month - 1, day: date };
    await typeDate('publishAt', day);
    await typeTime('publishAt', '10.00');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    const refusal = notification(/Udgiv automatisk/);
    await refusal.waitFor({ timeout: 15000 });
    const when = `${new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(year, month - 1, date))} kl. 10.00`;
    expect(await refusal.innerText()).toContain(when);
    expect(await refusal.innerText()).toContain('er allerede passeret');
    await shots.take(page, 'case-story-past-time-refused');
    // Nothing was saved.
    const listed = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}?locale=da&filters[slug][$eq]=laesefaellesskab-i-gellerup`);
    expect(listed.body.results).toHaveLength(0);
    // Without the time it is saved, with the slug shown.
    await dateTimeInputs('publishAt').root.getByRole('button', { name: /Ryd/ }).first().click();
    await save();
    const saved = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}?locale=da&filters[slug][$eq]=laesefaellesskab-i-gellerup`);
    expect(saved.body.results).toHaveLength(1);
    expect(saved.body.results[0].publishAt ?? null).toBeNull();

    // A published story keeps its address while its title is edited.
    const published = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}?locale=da&sort=title:asc`);
    const story = published.body.results.find((result: { status: string }) => result.status === 'published');
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/${story.documentId}?plugins[i18n][locale]=da`);
    await slug.waitFor();
    const address = await slug.inputValue();
    expect(address).toBe(story.slug);
    const title = page.locator('input[name=title]');
    const original = await title.inputValue();
    await title.fill(`${original} (opdateret)`);
    await page.waitForTimeout(1500);
    expect(await slug.inputValue()).toBe(address);
    await title.fill(original);
  });

  test('list views: Danish column names, the status in view at 1440 px', async () => {
    const lists: Array<[string, string, string[]]> = [
      [CASE_STORY, 'Historier', ['Titel', 'Kommune', 'Sted', 'Senest ændret']],
      [PRESS_RELEASE, 'Pressemeddelelser', ['Overskrift', 'Embargo til', 'Senest ændret']],
      ['api::partnership.partnership', 'Partnerskaber', ['Navn', 'Kommune', 'Fase', 'Senest ændret']],
    ];
    for (const [uid, title, columns] of lists) {
      await page.goto(`${app.url}/admin/content-manager/collection-types/${uid}?plugins[i18n][locale]=da`);
      await page.getByRole('heading', { name: title, exact: true }).waitFor();
      await page.getByRole('gridcell').first().waitFor();
      await shots.take(page, `list-${uid.split('.').pop()}`);
      const headers = (await page.locator('thead th').allInnerTexts()).map((text) => text.trim().toLowerCase());
      for (const column of columns) expect(headers).toContain(column.toLowerCase());
      // The document's status (Kladde / Udgivet / Ændret) is a column the editor sees without scrolling.
      const status = page
        .locator('thead th')
        .filter({ hasText: /^status$/i })
        .last();
      const box = (await status.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
      if (uid === 'api::partnership.partnership') {
        // Enumeration values by their labels: the stage `active` reads "Aktivt".
        expect(
          await page
            .locator('tbody td')
            .filter({ hasText: /^Aktivt$/ })
            .count()
        ).toBeGreaterThan(0);
        expect(
          await page
            .locator('tbody td')
            .filter({ hasText: /^active$/ })
            .count()
        ).toBe(0);
      }
      const statusCell = page
        .locator('tbody tr')
        .first()
        .locator('td')
        .filter({ hasText: /^(Kladde|Udgivet|Ændret)$/ });
      const cell = (await statusCell.boundingBox())!;
      expect(cell.x + cell.width).toBeLessThanOrEqual(1440);
    }
  });

  test('an Arabic version is edited right to left', async () => {
    const stories = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}?locale=da&sort=title:asc`);
    const documentId: string = stories.body.results[0].documentId;
    const arabic = {
      title: 'مساعدة في الواجبات المدرسية في مكتبة جيليروب',
      summary: 'متطوعون وأمناء مكتبات يساعدون الأطفال والشباب في واجباتهم المدرسية، أربعة أيام في الأسبوع.',
      place: 'جيليروب',
    };
    const created = await app.admin('PUT', `/content-manager/collection-types/${CASE_STORY}/${documentId}?locale=ar`, arabic);
    expect(created.status).toBe(200);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/${documentId}?plugins[i18n][locale]=ar`);
    const title = page.locator('input[name=title]');
    await title.waitFor();
    expect(await settled(title, 'dir', 'rtl')).toBe('rtl');
    expect(await settled(page.locator('textarea[name=summary]'), 'dir', 'rtl')).toBe('rtl');
    expect(await settled(page.locator('input[name=place]'), 'dir', 'rtl')).toBe('rtl');
    expect(await settled(page.locator('[contenteditable=true]').first(), 'dir', 'rtl')).toBe('rtl');
    // The address stays left to right.
    expect(await settled(page.locator('input[name=slug]'), 'dir', 'ltr')).toBe('ltr');
    await page.getByRole('button', { name: 'Gem', exact: true }).waitFor();
    await shots.take(page, 'case-story-ar-edit');
    // Back in Danish, nothing is right to left.
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/${documentId}?plugins[i18n][locale]=da`);
    await page.locator('input[name=title]').waitFor();
    expect(await page.locator('main [dir=rtl]').count()).toBe(0);
    await shots.take(page, 'case-story-da-edit');
    // The interface language the editor reads is the one the server writes its messages in.
    const users = await app.admin('GET', `/admin/users?filters[email][$eq]=${encodeURIComponent(EDITOR.email)}`);
    expect(users.body.data.results[0].preferedLanguage).toBe('da');
  });
});
