import type { Browser, Page } from 'playwright-core';
import { launchBrowser, Screenshots } from '../helpers/browser';
import { eventually, publicContact, startStrapi, type StrapiInstance } from '../helpers/strapi';

const CONTACT = 'api::contact.contact';
const EDITOR = { email: 'kontakter@example.com', password: 'Redaktion-Kontakt-2025' };
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/**
 * Contacts as an editor keeps them, in a da-DK browser: the home page's widget "Kontaktpersoner
 * til gennemgang" lists those whose review date has passed (hidden by the daily review), those
 * due soon and those without one; a click opens the contact, whose edit view has the Danish fields for showing it,
 * its lawful basis and review date. Screenshots: test-results/screenshots/contacts/.
 */
describe('contacts to review, in the Danish admin', () => {
  const started = Date.now();
  let app: StrapiInstance;
  let browser: Browser;
  let page: Page;
  let shots: Screenshots;

  beforeAll(async () => {
    app = await startStrapi({ CONTACT_REVIEW_RULE: '* * * * * *' });
    await app.registerAdminUser('strapi-editor', EDITOR.email, EDITOR.password);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' })).newPage();
    shots = new Screenshots('contacts');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (shots) console.log(`[browser] ${shots.list().length} screenshots in ${shots.dir}; the suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('the home page lists none while every review date is far ahead', async () => {
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByLabel(/e-mail/i).fill(EDITOR.email);
    await page.getByLabel(/^Kodeord/).fill(EDITOR.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page.getByText('Kontaktpersoner til gennemgang').waitFor({ timeout: 30000 });
    const none = page.getByText('Ingen kontaktpersoner mangler gennemgang eller skal gennemgås de næste 30 dage.');
    await none.waitFor();
    await none.scrollIntoViewIfNeeded();
    await shots.take(page, 'home-none');
  });

  test('an overdue contact (hidden by the daily review), one due soon and one without a date are listed; a click opens the contact', async () => {
    const overdue = await app.createDocument(CONTACT, 'da', { name: 'Birgitte Overskredet', email: 'birgitte@example.dk', ...publicContact() });
    await app.createDocument(CONTACT, 'da', { name: 'Søren Snart', email: 'soren@example.dk', ...publicContact(), reviewDate: day(10) });
    // As contacts from before the review date was asked for are: hidden until an editor adds one.
    await app.createDocument(CONTACT, 'da', { name: 'Mona Mangler', email: 'mona@example.dk' });
    // A year has passed for Birgitte (set behind the app's back, as time would); the review hides her.
    await app.database.execute(`UPDATE contacts SET review_date = '${day(-3)}' WHERE document_id = '${overdue}'`);
    await eventually(async () => (await app.admin('GET', `/content-manager/collection-types/${CONTACT}/${overdue}?locale=da`)).body.data.showPublicly === false);
    await page.reload();
    const widget = page.getByRole('listitem').filter({ hasText: 'Birgitte Overskredet' });
    await widget.getByText('Overskredet', { exact: true }).waitFor({ timeout: 30000 });
    expect(await widget.getByText(/^Skjult: gennemgang overskredet \d+\. \w+ \d{4}$/).count()).toBe(1);
    const soon = page.getByRole('listitem').filter({ hasText: 'Søren Snart' });
    expect(await soon.getByText('Snart', { exact: true }).count()).toBe(1);
    const missing = page.getByRole('listitem').filter({ hasText: 'Mona Mangler' });
    expect(await missing.getByText('Skjult: mangler dato for gennemgang').count()).toBe(1);
    await widget.scrollIntoViewIfNeeded();
    await shots.take(page, 'home-listed');

    await page.getByRole('link', { name: 'Birgitte Overskredet' }).click();
    await page.getByRole('heading', { name: 'Birgitte Overskredet' }).waitFor({ timeout: 30000 });
    for (const label of ['Vis offentligt', 'Behandlingsgrundlag', 'Gennemgås senest']) expect(await page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    await page.getByText(/Dagen efter skjules personen automatisk fra offentligheden/).waitFor();
    await shots.take(page, 'contact-edit');
  });
});
