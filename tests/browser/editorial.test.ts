import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, Screenshots } from '../helpers/browser';
import { PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const EDITOR = { email: 'redaktoer@example.com', password: 'Redaktion-Browser-2025' };
/** The editor's clock: the admin shows and takes times in the browser's time zone. */
const TIME_ZONE = 'Europe/Copenhagen';
const ALT_TEXT = 'Børn og frivillige ved lektiehjælpen på Gellerup Bibliotek';

const STORY = {
  da: { title: 'Lektiehjælp på Gellerup Bibliotek', slug: 'lektiehjaelp-paa-gellerup-bibliotek', summary: 'Frivillige og bibliotekarer hjælper børn og unge med lektierne fire dage om ugen.' },
  en: {
    title: 'Homework help at Gellerup Library',
    slug: 'homework-help-at-gellerup-library',
    summary: 'Volunteers and librarians help children and young people with their homework four days a week.',
  },
} as const;

const BY_SLUG = `query Story($slug: String!, $locale: I18NLocaleCode) {
  caseStoryBySlug(slug: $slug, locale: $locale) { title summary locale heroImage { alternativeText mime } }
}`;

/**
 * An editor's day in the admin, in headless Chromium: log in, write a case story in Danish with
 * an image and its alternative text, add the English version, schedule both a minute ahead, see
 * the scheduler publish them and read them over anonymous GraphQL; and the publish-time check
 * refusing an image without alternative text. Screenshots of each step: test-results/screenshots/editorial/.
 */
describe('the editorial workflow in the admin, in a browser', () => {
  const started = Date.now();
  let app: StrapiInstance;
  let browser: Browser;
  let page: Page;
  let shots: Screenshots;
  let imageDir: string;
  let documentId: string;
  let publishAt: Date;

  beforeAll(async () => {
    // The scheduler looks every 5 seconds here (every 20 by default), so the test waits less for it.
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', SCHEDULED_PUBLISHING_RULE: '*/5 * * * * *' });
    await app.registerAdminUser('strapi-editor', EDITOR.email, EDITOR.password);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', timezoneId: TIME_ZONE });
    page = await context.newPage();
    shots = new Screenshots('editorial');
    imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'editorial-images-'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (imageDir) fs.rmSync(imageDir, { recursive: true, force: true });
    if (shots) console.log(`[browser] ${shots.list().length} screenshots in ${shots.dir}; the suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** A PNG on disk, as an editor picks it from their computer. */
  function imageFile(name: string): string {
    const file = path.join(imageDir, name);
    fs.writeFileSync(file, PNG);
    return file;
  }

  /** Waits for the admin's toast with this text. */
  const notification = (text: RegExp) =>
    page
      .getByRole('status')
      .filter({ hasText: text })
      .or(page.getByRole('alert').filter({ hasText: text }))
      .first()
      .waitFor({ timeout: 15000 });

  /** Uploads a picture into the current form's hero image through the media library dialog; alt text only when given. */
  async function addHeroImage(fileName: string, alternativeText?: string) {
    await page
      .getByRole('button', { name: /Click to add an asset/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Add more assets' }).click();
    await page.locator('[role=dialog] input[type=file]').setInputFiles(imageFile(fileName));
    if (alternativeText !== undefined) {
      await page.getByRole('dialog').getByRole('button', { name: 'Edit' }).click();
      await page.locator('input[name=alternativeText]').fill(alternativeText);
      await shots.take(page, 'image-alt-text');
      await page.getByRole('button', { name: 'Finish' }).click();
    }
    await page.getByRole('button', { name: /Upload 1 asset to the library/ }).click();
    // Back in the library with the upload selected: take it into the field.
    await page.getByRole('tab', { name: /Selected files\s*1/ }).waitFor();
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  /**
   * Types the date and time of the form's publishAt (the first date-time field of the edit view)
   * as the editor would. The date key by key: the picker opens its calendar on the first digit and
   * takes the typed date on Enter, closing it. The time is taken when its field loses focus. Each
   * is typed again (at most three times) until its field shows it, since focus can still be
   * moving when a dialog has just closed; no picker may be left open over the Save button.
   */
  async function schedule(at: Date) {
    const date = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const dateInput = page.getByLabel('Choose date').first();
    const timeInput = page.getByLabel('Choose time').first();
    for (let attempt = 1; attempt <= 3 && (await dateInput.inputValue()) !== date; attempt += 1) {
      await dateInput.click();
      await dateInput.press('ControlOrMeta+a');
      await dateInput.pressSequentially(date);
      await dateInput.press('Enter');
    }
    for (let attempt = 1; attempt <= 3 && (await timeInput.inputValue()) !== time; attempt += 1) {
      await timeInput.fill(time);
      await timeInput.press('Tab');
    }
    await page.getByRole('dialog').or(page.getByRole('listbox')).waitFor({ state: 'detached' });
    expect(await dateInput.inputValue()).toBe(date);
    expect(await timeInput.inputValue()).toBe(time);
  }

  async function save() {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await notification(/Saved document/);
  }

  async function storedDraft(locale: string) {
    const found = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}/${documentId}?locale=${locale}`);
    expect(found.status).toBe(200);
    return found.body.data as { title: string; slug: string; publishAt: string | null; heroImage: { alternativeText: string } | null };
  }

  /**
   * The admin's picker shows and takes minutes: a schedule set to 18:07 is kept as 18:07:00 (the
   * check allows the whole minute).
   */
  function expectInMinute(stored: string | null, minute: Date) {
    expect(stored).not.toBeNull();
    const at = new Date(stored!).getTime();
    expect(at).toBeGreaterThanOrEqual(minute.getTime());
    expect(at).toBeLessThan(minute.getTime() + 60000);
  }

  test('an editor logs in to the admin', async () => {
    await page.goto(`${app.url}/admin/auth/login`);
    // The admin is Danish by default; this editor works in English and picks it on the login page.
    await page.getByRole('combobox').filter({ hasText: 'Dansk' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('button', { name: /log ?in/i }).waitFor();
    await page.getByLabel(/email/i).fill(EDITOR.email);
    await page.getByLabel(/password/i).fill(EDITOR.password);
    await shots.take(page, 'login');
    await page.getByRole('button', { name: /log ?in/i }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page
      .getByRole('link', { name: /Content Manager/i })
      .first()
      .waitFor();
    await shots.take(page, 'home');
  });

  test('writes a case story in Danish with an image and its alternative text, scheduled a minute ahead', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/create?plugins[i18n][locale]=da`);
    await page.locator('input[name=title]').fill(STORY.da.title);
    await page.locator('textarea[name=summary]').fill(STORY.da.summary);
    await addHeroImage('gellerup-lektiehjaelp.png', ALT_TEXT);
    // The next whole minute at least a minute away: both languages are saved well before it.
    publishAt = new Date(Math.ceil((Date.now() + 60000) / 60000) * 60000);
    await schedule(publishAt);
    await shots.take(page, 'case-story-da-filled');
    await save();
    await page.waitForURL(/case-story\.case-story\/(?!create)[a-z0-9]+/);
    documentId = /case-story\.case-story\/([a-z0-9]+)/.exec(page.url())![1];
    await shots.take(page, 'case-story-da-saved');

    const stored = await storedDraft('da');
    expect(stored).toMatchObject({ title: STORY.da.title, slug: STORY.da.slug, heroImage: { alternativeText: ALT_TEXT } });
    expectInMinute(stored.publishAt, publishAt);
  });

  test('adds the English version with the same schedule', async () => {
    await page.getByRole('combobox', { name: /locale/i }).click();
    await page.getByRole('option', { name: /English \(en\)/ }).click();
    await page.waitForURL(/locale\]=en/);
    await page.locator('input[name=title]').fill(STORY.en.title);
    await page.locator('textarea[name=summary]').fill(STORY.en.summary);
    await schedule(publishAt);
    await shots.take(page, 'case-story-en-filled');
    await save();
    await shots.take(page, 'case-story-en-saved');

    const stored = await storedDraft('en');
    expect(stored).toMatchObject({ title: STORY.en.title, slug: STORY.en.slug });
    expectInMinute(stored.publishAt, publishAt);
    // Not public before its time.
    expect(Date.now()).toBeLessThan(publishAt.getTime());
    expect((await app.query(BY_SLUG, { slug: STORY.da.slug, locale: 'da' })).caseStoryBySlug).toBeNull();
  });

  test('the scheduler publishes both at the set minute; the admin shows it published', async () => {
    // Due within the picked minute (see expectInMinute), published at the scheduler's next pass.
    const deadline = publishAt.getTime() + 90000;
    let found: Record<string, any> = {};
    while (Date.now() < deadline) {
      const [da, en] = await Promise.all([app.query(BY_SLUG, { slug: STORY.da.slug, locale: 'da' }), app.query(BY_SLUG, { slug: STORY.en.slug, locale: 'en' })]);
      found = { da: da.caseStoryBySlug, en: en.caseStoryBySlug };
      if (found.da && found.en) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const schedulerLog = app
      .logs()
      .split('\n')
      .filter((line) => line.includes('[schedule]'))
      .join('\n');
    if (!found.da || !found.en) throw new Error(`Not published by ${new Date(deadline).toISOString()}: ${JSON.stringify(found)}; the scheduler said:\n${schedulerLog}`);
    const publishedAfter = (Date.now() - publishAt.getTime()) / 1000;
    console.log(`[browser] published ${publishedAfter.toFixed(1)} s after the scheduled minute began; the scheduler said:\n${schedulerLog}`);
    expect(found.da).toEqual({ title: STORY.da.title, summary: STORY.da.summary, locale: 'da', heroImage: { alternativeText: ALT_TEXT, mime: 'image/png' } });
    expect(found.en).toEqual({ title: STORY.en.title, summary: STORY.en.summary, locale: 'en', heroImage: { alternativeText: ALT_TEXT, mime: 'image/png' } });

    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/${documentId}?plugins[i18n][locale]=da`);
    await page.getByText('Published', { exact: true }).first().waitFor();
    await shots.take(page, 'case-story-da-published');
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}?plugins[i18n][locale]=en`);
    await page.getByRole('gridcell', { name: STORY.en.title }).waitFor();
    await shots.take(page, 'case-story-list-en');
  });

  test('publishing refuses an image without alternative text, and nothing is published', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${CASE_STORY}/create?plugins[i18n][locale]=da`);
    await page.locator('input[name=title]').fill('Sprogcafé i Vollsmose');
    await addHeroImage('vollsmose-sprogcafe.png');
    await save();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await notification(/has no alternative text/);
    await shots.take(page, 'publish-refused-without-alt-text');

    const listed = await app.admin('GET', `/content-manager/collection-types/${CASE_STORY}?locale=da&filters[title][$eq]=${encodeURIComponent('Sprogcafé i Vollsmose')}`);
    expect(listed.body.results).toHaveLength(1);
    expect(listed.body.results[0].status).toBe('draft');
    expect((await app.query(BY_SLUG, { slug: 'sprogcafe-i-vollsmose', locale: 'da' })).caseStoryBySlug).toBeNull();
  });
});
