import type { Browser, Page } from 'playwright-core';
import { launchBrowser, Screenshots } from '../helpers/browser';
import { startStrapi, TEST_ADMIN, type StrapiInstance } from '../helpers/strapi';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';

const CASE_STORY = 'api::case-story.case-story';
const EDITOR = { email: 'webredaktion@example.com', password: 'Redaktion-Dansk-2025' };

/**
 * The webhook delivery log in the Danish admin (Settings → Webhook-leveringer): a Super Admin
 * sees the receivers and their deliveries, one that failed for good, and sends it again once the
 * receiver is back; an editor without the permission sees neither the link nor the page.
 * Screenshots: test-results/screenshots/webhook-deliveries/.
 */
describe('the webhook delivery log in the Danish admin', () => {
  let app: StrapiInstance;
  let site: WebhookReceiver;
  let browser: Browser;
  let page: Page;
  let shots: Screenshots;

  beforeAll(async () => {
    site = await WebhookReceiver.start(webhookSecret());
    site.failWith = 503;
    app = await startStrapi({
      SEED_DEMO_CONTENT: 'false',
      WEBHOOK_URL: site.url,
      WEBHOOK_SECRET: site.secret,
      WEBHOOK_NAME: 'kommunens-site',
      WEBHOOK_POLL_MS: '200',
      WEBHOOK_BACKOFF_INITIAL_MS: '200',
      WEBHOOK_BACKOFF_MAX_MS: '400',
      WEBHOOK_RETRY_SECONDS: '2',
    });
    await app.registerAdminUser('strapi-editor', EDITOR.email, EDITOR.password);
    browser = await launchBrowser();
    shots = new Screenshots('webhook-deliveries');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await site?.stop();
  });

  async function logIn(user: { email: string; password: string }) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    page = await context.newPage();
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByLabel(/e-mail/i).fill(user.email);
    await page.getByLabel(/^Kodeord/).fill(user.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/admin\/?$/);
  }

  test('a failed delivery is shown in Danish and sent again', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Læsecafé i Gellerup', slug: 'laesecafe-i-gellerup', place: 'Gellerup' }, { publish: true });
    // The receiver refuses until the retry window (2 s) has passed: the delivery fails for good.
    for (let waited = 0; waited < 15000; waited += 200) {
      const failed = await app.admin('GET', '/change-events/deliveries?status=failed');
      if (failed.body.data.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await logIn(TEST_ADMIN);
    await page.goto(`${app.url}/admin/settings`);
    await page.getByRole('link', { name: 'Webhook-leveringer' }).click();
    await page.getByRole('heading', { name: 'Webhook-leveringer', level: 1 }).waitFor();
    await page.getByText('kommunens-site', { exact: true }).first().waitFor();
    const failedRow = page.getByRole('row').filter({ hasText: documentId });
    await failedRow.getByText(/Fejlet · Forsøg \d+/).waitFor();
    await failedRow.getByText('HTTP 503').waitFor();
    expect(await failedRow.getByText('Udgivet', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send 1 fejlede igen' }).count()).toBe(1);
    await shots.take(page, 'failed');

    site.failWith = null;
    await failedRow.getByRole('button', { name: 'Send igen' }).click();
    await page.getByText('1 levering sendes igen').first().waitFor();
    await failedRow.getByText(/Leveret · Forsøg \d+/).waitFor({ timeout: 15000 });
    expect(site.accepted().map((entry) => entry.body.data.documentId)).toEqual([documentId]);
    await shots.take(page, 'delivered');

    // The status filter.
    await page.getByRole('button', { name: 'Fejlet', exact: true }).click();
    await page.getByText('Ingen leveringer endnu.').waitFor();
    await page.getByRole('button', { name: 'Alle', exact: true }).click();
    await failedRow.waitFor();
  });

  test('an editor has neither the link nor the page', async () => {
    await logIn(EDITOR);
    await page.goto(`${app.url}/admin/settings`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Webhook-leveringer' }).count()).toBe(0);
    await page.goto(`${app.url}/admin/settings/webhook-deliveries`);
    await page.waitForTimeout(1500);
    expect(await page.getByRole('heading', { name: 'Webhook-leveringer' }).count()).toBe(0);
    await shots.take(page, 'editor');
  });
});
