import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, Screenshots } from '../helpers/browser';
import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const PRESS_RELEASE = 'api::press-release.press-release';
const EDITOR = { email: 'presse@example.com', password: 'Redaktion-Embargo-2025' };
const TIME_ZONE = 'Europe/Copenhagen';

/**
 * Journalist links as a Danish press officer and a journalist use them: in a da-DK browser the
 * editor opens an embargoed press release, makes a link in the side panel "Journalistlinks"
 * (the form's refusals in Danish), copies its address; the journalist opens it and reads the
 * release under a red embargo banner (axe: no serious violation); the panel counts the visit;
 * the editor revokes the link and the journalist's page says so. Screenshots:
 * test-results/screenshots/embargo-links/.
 */
describe('journalist links in the Danish admin', () => {
  const started = Date.now();
  let app: StrapiInstance;
  let browser: Browser;
  let editorContext: BrowserContext;
  let page: Page;
  let journalist: Page;
  let shots: Screenshots;
  let documentId: string;
  const releaseAt = new Date(Math.ceil((Date.now() + 3 * 24 * 60 * 60 * 1000) / 3600000) * 3600000);

  beforeAll(async () => {
    app = await startStrapi();
    await app.registerAdminUser('strapi-editor', EDITOR.email, EDITOR.password);
    const contacts = await app.admin('GET', `/content-manager/collection-types/api::contact.contact?locale=da`);
    const contact = contacts.body.results.find((row: { email: string }) => row.email === 'ifr@bs.dk');
    documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Sprogcaféer åbner på fem biblioteker',
      slug: 'sprogcafeer-aabner-paa-fem-biblioteker',
      lead: 'Integrationsrådene og bibliotekerne åbner sprogcaféer i Aarhus, Odense og tre andre kommuner.',
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Caféerne er åbne for alle, der vil øve dansk.' }] }],
      releaseDate: releaseAt.toISOString(),
      publishAt: releaseAt.toISOString(),
      contacts: [contact.documentId],
    });
    browser = await launchBrowser();
    editorContext = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'da-DK', timezoneId: TIME_ZONE, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await editorContext.newPage();
    // The journalist: another browser, no admin session; axe-core injected past the page's CSP.
    const journalistContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'da-DK', timezoneId: TIME_ZONE, bypassCSP: true });
    journalist = await journalistContext.newPage();
    shots = new Screenshots('embargo-links');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (shots) console.log(`[browser] ${shots.list().length} screenshots in ${shots.dir}; the suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  let address = '';

  test('the editor makes a link in the press release`s side panel; the form`s refusals are Danish', async () => {
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByLabel(/e-mail/i).fill(EDITOR.email);
    await page.getByLabel(/^Kodeord/).fill(EDITOR.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${PRESS_RELEASE}/${documentId}?plugins[i18n][locale]=da`);
    await page.getByText('Journalistlinks', { exact: true }).waitFor({ timeout: 30000 });
    await page.getByText('Ingen links endnu.').waitFor();
    await shots.take(page, 'panel-empty');

    await page.getByRole('button', { name: 'Nyt journalistlink' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Opret link' }).click();
    await dialog.getByText('Skal udfyldes').waitFor();
    expect(await dialog.getByText('Ikke en gyldig e-mailadresse').count()).toBe(1);
    await shots.take(page, 'form-refused');

    await dialog.getByLabel('Journalistens navn').fill('Mette Journalist');
    await dialog.getByLabel('Journalistens e-mail').fill('mette@fyens.example');
    await dialog.getByLabel('Medie (valgfrit)').fill('Fyens Stiftstidende');
    await dialog.getByRole('combobox', { name: 'Linket udløber om' }).click();
    await page.getByRole('option', { name: '14 dage' }).click();
    await dialog.getByRole('button', { name: 'Opret link' }).click();
    await dialog.getByText('Linket vises kun nu. Kopiér det og send det til Mette Journalist.').waitFor();
    address = await dialog.getByLabel('Link').inputValue();
    expect(address).toMatch(/^http:\/\/localhost:\d+\/embargo\/[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'Kopiér link' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(address);
    await shots.take(page, 'link-made');
    await dialog.getByRole('button', { name: 'Luk' }).click();
    await page.getByText('Mette Journalist', { exact: true }).waitFor();
    await page.getByText('Ikke åbnet endnu').waitFor();
    expect(await page.getByText('Aktivt', { exact: true }).count()).toBe(1);
  });

  test('the journalist reads the release under the embargo banner; the page passes axe', async () => {
    await journalist.goto(`${app.url}${new URL(address).pathname}`);
    const banner = journalist.getByRole('alert');
    const released = new Intl.DateTimeFormat('da-DK', { dateStyle: 'full', timeStyle: 'short', timeZone: TIME_ZONE }).format(releaseAt);
    expect(await banner.innerText()).toContain(`EMBARGO: Må ikke offentliggøres før ${released}`);
    expect(await journalist.getByRole('heading', { level: 1 }).innerText()).toBe('Sprogcaféer åbner på fem biblioteker');
    expect(await journalist.getByText('Fortroligt link til Mette Journalist, Fyens Stiftstidende.', { exact: false }).count()).toBe(1);
    // The banner stays in view while the journalist scrolls.
    expect(await banner.evaluate((element) => (globalThis as unknown as { getComputedStyle(node: unknown): { position: string } }).getComputedStyle(element).position)).toBe('sticky');
    await shots.take(journalist, 'journalist-page');
    await expectAccessible(journalist, 'journalist page');
  });

  test('the panel counts the visit; the editor revokes the link, and the journalist`s page says so', async () => {
    await page.reload();
    await page.getByText('Åbnet 1 gang', { exact: false }).waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Vis besøg' }).click();
    await page.getByText(/: læst$/).waitFor();
    await page.getByRole('button', { name: 'Træk tilbage' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Træk linket til Mette Journalist tilbage? Det holder op med at virke med det samme.').waitFor();
    await shots.take(page, 'revoke-confirm');
    await confirm.getByRole('button', { name: 'Træk tilbage' }).click();
    await page.getByText('Trukket tilbage', { exact: true }).waitFor();
    await shots.take(page, 'revoked');

    await journalist.reload();
    expect(await journalist.getByRole('heading', { level: 1 }).innerText()).toBe('Linket er trukket tilbage');
    expect(await journalist.content()).not.toContain('Sprogcaféer åbner');
    await shots.take(journalist, 'journalist-refused');
    await expectAccessible(journalist, 'refusal page', [], 4); // a heading and a paragraph: few rules apply
  });
});
