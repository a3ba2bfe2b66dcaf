import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, Screenshots } from '../helpers/browser';
import { startStrapi, TEST_ADMIN, type StrapiInstance } from '../helpers/strapi';
import { FakeDeepL } from '../helpers/translation-providers';

const STORY = 'api::case-story.case-story';
const CM = '/content-manager/collection-types';
const DEEPL_KEY = 'browser-test-key:fx';

/**
 * The translation workflow as a Danish editor meets it, in a da-DK browser: the edit view's side
 * panel "Oversættelser" shows each language's state; an outdated English version shows what
 * changed in the Danish source, field by field; "Oversæt fra …" fills the Arabic draft with a
 * machine translation (DeepL, a local fake) after a confirmation, marked as machine-translated;
 * the home page's widget counts what is missing or outdated per language and opens the list of
 * those documents; the list view's filter "Mangler oversættelse til …" does the same.
 * Screenshots: test-results/screenshots/translations/.
 */
describe('translations in the Danish admin', () => {
  let app: StrapiInstance;
  let deepl: FakeDeepL;
  let browser: Browser;
  let page: Page;
  let shots: Screenshots;
  let documentId: string;
  const panel = () =>
    page
      .locator('aside, [role="complementary"], div')
      .filter({ has: page.getByRole('list', { name: 'Oversættelser' }) })
      .last();
  const row = (locale: string) => page.getByRole('list', { name: 'Oversættelser' }).locator(`li[data-locale="${locale}"]`);

  beforeAll(async () => {
    deepl = await FakeDeepL.start({ apiKey: DEEPL_KEY });
    app = await startStrapi({ LOCALES: 'da,en,ar', DEEPL_API_KEY: DEEPL_KEY, DEEPL_API_URL: deepl.url });
    documentId = await app.createDocument(
      STORY,
      'da',
      {
        title: 'Lektiecafé på Gellerup Bibliotek',
        slug: 'lektiecafe-paa-gellerup-bibliotek',
        summary: 'Frivillige hjælper børn med lektierne hver tirsdag.',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Integrationsrådet og biblioteket står bag.' }] }],
      },
      { publish: true }
    );
    await app.admin('PUT', `${CM}/${STORY}/${documentId}?locale=en`, { title: 'Homework café at Gellerup Library', slug: 'homework-cafe', summary: 'Volunteers help children every Tuesday.' });
    await app.admin('POST', `${CM}/${STORY}/${documentId}/actions/publish?locale=en`, {});
    // The Danish summary changes after the English translation was made.
    await app.admin('PUT', `${CM}/${STORY}/${documentId}?locale=da`, { summary: 'Frivillige hjælper børn med lektierne hver tirsdag og torsdag.' });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    page = await context.newPage();
    shots = new Screenshots('translations');
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByLabel(/e-mail/i).fill(TEST_ADMIN.email);
    await page.getByLabel(/^Kodeord/).fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/admin\/?$/);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await deepl?.close();
  });

  test('the English version is outdated: the panel shows what changed in the Danish summary', async () => {
    await page.goto(`${app.url}/admin${CM}/${STORY}/${documentId}?plugins[i18n][locale]=en`);
    await page.getByRole('list', { name: 'Oversættelser' }).waitFor({ timeout: 30000 });
    await row('da').getByText('Kilde', { exact: true }).waitFor();
    await row('en').getByText('Forældet', { exact: true }).waitFor();
    await row('ar').getByText('Mangler', { exact: true }).waitFor();
    await row('en')
      .getByText(/Kilden er ændret/)
      .waitFor();
    await row('en').getByRole('button', { name: 'Vis ændringer i kilden' }).click();
    await row('en').getByText('Resumé', { exact: true }).waitFor();
    await row('en').getByText('Frivillige hjælper børn med lektierne hver tirsdag.', { exact: true }).waitFor();
    await row('en').getByText('Frivillige hjælper børn med lektierne hver tirsdag og torsdag.', { exact: true }).waitFor();
    await shots.take(page, 'english-outdated');
    await expectAccessible(page, 'translations panel', [], 5, '[data-translations-panel]');

    await page.getByRole('button', { name: 'Markér som aktuel' }).click();
    await row('en').getByText('Aktuel', { exact: true }).waitFor();
    expect(await panel().getByRole('button', { name: 'Markér som aktuel' }).count()).toBe(0);
  });

  test('"Oversæt fra …" fills the Arabic draft with a machine translation, after asking, and marks it', async () => {
    await row('ar').getByRole('button', { name: 'Åbn Arabisk' }).click();
    await page.waitForURL(/locale\]=ar/, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Oversæt fra dansk' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/Intet bliver udgivet/).waitFor();
    await shots.take(page, 'translate-confirm');
    await dialog.getByRole('button', { name: 'Oversæt', exact: true }).click();
    // The page reads the new draft again.
    await page.getByText('Maskinoversat', { exact: true }).first().waitFor({ timeout: 30000 });
    await row('ar').getByText('Aktuel', { exact: true }).waitFor();
    const title = page.getByRole('textbox', { name: /^Titel/ });
    await expect(title.inputValue()).resolves.toContain('[AR]');
    await page.getByText(/Maskinoversat med DeepL/).waitFor();
    await shots.take(page, 'arabic-machine-translated');
    const draft = await app.admin('GET', `${CM}/${STORY}/${documentId}?locale=ar`);
    expect(draft.body.data.publishedAt).toBeNull();
  });

  test('the home page counts what needs translating and opens the list of those documents', async () => {
    // The Danish version changes again: English falls behind.
    await app.admin('PUT', `${CM}/${STORY}/${documentId}?locale=da`, { summary: 'Frivillige hjælper børn med lektier tre dage om ugen.' });
    await page.goto(`${app.url}/admin`);
    const widget = page
      .locator('section')
      .filter({ hasText: 'Historier' })
      .filter({ has: page.locator('li[data-locale="en"]') })
      .first();
    await widget.waitFor({ timeout: 30000 });
    const english = widget.locator('li[data-locale="en"]');
    await english.getByText('1 forældet', { exact: true }).waitFor();
    // The seeded stories' English versions are current.
    await english.getByText(/^\d+ aktuelle?$/).waitFor();
    await widget.scrollIntoViewIfNeeded();
    await shots.take(page, 'home-widget');
    await english.getByRole('button').click();
    await page.waitForURL(/documentId/, { waitUntil: 'commit' });
    // Only the documents that need an English translation: the seeded stories are translated.
    await page.getByText('1 dokument fundet').waitFor({ timeout: 30000 });
    expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Lektiecafé på Gellerup Bibliotek')]);
    await shots.take(page, 'list-needing-english');
  });

  test('the list view filter "Mangler oversættelse til …" lists the documents missing a language or behind in it', async () => {
    const stories = (await app.admin('GET', `${CM}/${STORY}?locale=da`)).body.pagination.total as number;
    expect(stories).toBeGreaterThan(1);
    await page.goto(`${app.url}/admin${CM}/${STORY}?plugins[i18n][locale]=da`);
    await page.getByRole('combobox', { name: 'Mangler oversættelse til …' }).click();
    await page.getByRole('option', { name: 'Arabisk' }).click();
    await page.waitForURL(/documentId/, { waitUntil: 'commit' });
    // The seeded stories have no Arabic version; the machine translation above fell behind the Danish edit: all of them.
    await page.getByText(`${stories} dokumenter fundet`, { exact: true }).waitFor({ timeout: 30000 });
    expect(await page.locator('tbody tr').count()).toBe(stories);
    await shots.take(page, 'list-filter-arabic');
    await page.getByRole('combobox', { name: 'Mangler oversættelse til …' }).click();
    await page.getByRole('option', { name: 'Engelsk' }).click();
    await page.getByText('1 dokument fundet').waitFor();
    expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Lektiecafé på Gellerup Bibliotek')]);
  });
});
