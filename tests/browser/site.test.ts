import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible as axeCheck, launchBrowser, Screenshots } from '../helpers/browser';
import { PNG, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

/**
 * The reference site at /site/ with the demo content, in headless Chromium: every page renders
 * the seeded content through the public GraphQL API, the language switch and right-to-left
 * locales work, the fallback notice appears, the Danmarkskort colours Aarhus and Odense and lists
 * their case stories, and axe-core finds no serious or critical violation on any page type in
 * da and ar. Screenshots: test-results/screenshots/site/.
 */
describe('the reference site, in a browser', () => {
  const started = Date.now();
  let app: StrapiInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: Screenshots;
  let seeded: { caseStories: Array<{ slug: string; title: string }>; partnerships: Array<{ slug: string; title: string }>; pressReleases: Array<{ slug: string; title: string }> };
  const axeFindings: string[] = [];

  beforeAll(async () => {
    app = await startStrapi(); // with the demo content
    seeded = await app.query(`{
      caseStories(locale: "da", sort: "title") { slug title }
      partnerships(locale: "da", sort: "title") { slug title }
      pressReleases(locale: "da") { slug title }
    }`);
    browser = await launchBrowser();
    // The site's CSP (script-src 'self') would refuse the injected axe-core script; the pages
    // themselves are loaded exactly as served.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    shots = new Screenshots('site');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (shots) console.log(`[browser] ${shots.list().length} screenshots in ${shots.dir}; the suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** Opens a page of the site and waits until it has rendered (or failed visibly). */
  async function open(route: string, lang = 'da') {
    const errors: string[] = [];
    const onError = (error: Error) => errors.push(error.message);
    page.on('pageerror', onError);
    // A fresh load each time: a change of the hash alone would keep the previous page's state.
    await page.goto('about:blank');
    await page.goto(`${app.url}/site/?lang=${lang}#${route}`);
    await page.waitForSelector('body[data-ready="true"]');
    page.off('pageerror', onError);
    expect(errors).toEqual([]);
    expect(await page.locator('main .error').count()).toBe(0);
  }

  /** axe-core on the current page: no serious or critical violation of WCAG 2.1 A/AA. */
  const expectAccessible = (name: string) => axeCheck(page, name, axeFindings);

  const mainText = () => page.locator('main').innerText();

  test('the case stories list shows the seeded stories, filters by focus area and municipality, and is light', async () => {
    await open('/');
    for (const story of seeded.caseStories) expect(await mainText()).toContain(story.title);
    // Bytes over the wire for the whole page (document, CSS, scripts, GraphQL), as the browser counts them.
    const bytes = (await page.evaluate("[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((sum, entry) => sum + entry.transferSize, 0)")) as number;
    console.log(`[browser] case-story list page: ${bytes} bytes transferred`);
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(150 * 1024);
    await shots.take(page, 'case-stories-da');
    await expectAccessible('case stories (da)');

    await page.selectOption('#municipality', { label: 'Odense' });
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForFunction("!document.querySelector('main').innerText.includes('Gellerup')");
    expect(await page.locator('.cards > li').count()).toBe(1);
    expect(await mainText()).toContain('Vollsmose');
    await page.selectOption('#municipality', { label: 'Alle' });
    const focus = (await page.locator('#focus option').nth(1).textContent())!;
    await page.selectOption('#focus', { label: focus });
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForFunction("location.hash.includes('focus=')");
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('.cards > li').count()).toBeGreaterThan(0);
  });

  test('a case story in Danish, then in Arabic: mirrored, in Danish with the fallback notice', async () => {
    const story = seeded.caseStories[0];
    await open(`/case-stories/${story.slug}`);
    expect(await page.locator('h1').innerText()).toBe(story.title);
    expect(await page.locator('.notice').count()).toBe(0);
    await shots.take(page, 'case-story-da');
    await expectAccessible('case story (da)');

    await open(`/case-stories/${story.slug}`, 'ar');
    expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['ar', 'rtl']);
    expect(await page.locator('h1').innerText()).toBe(story.title);
    expect(await page.locator('article').getAttribute('lang')).toBe('da');
    expect(await page.locator('.notice').innerText()).toMatch(/Not yet available in your language; shown in Danish/);
    await shots.take(page, 'case-story-ar');
    await expectAccessible('case story (ar)');
  });

  test('the language switcher offers every locale and switches the page, English content where it exists', async () => {
    await open('/');
    const options = (await page.evaluate("[...document.querySelectorAll('#language option')].map((option) => option.value)")) as string[];
    expect(options.sort()).toEqual(['ar', 'da', 'en', 'fa', 'pl', 'so', 'tr', 'uk', 'ur']);
    await page.selectOption('#language', 'en');
    await page.waitForURL(/lang=en/);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('h1').innerText()).toBe('Case stories');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(await page.locator('.cards > li[lang]').count()).toBe(0); // the demo content has English versions
    await shots.take(page, 'case-stories-en');

    // A language the CMS does not have: its base language (en-US), else Danish, never an error.
    await open('/', 'en-US');
    expect(page.url()).toMatch(/\?lang=en#\/$/);
    expect(await page.locator('h1').innerText()).toBe('Case stories');
    await open('/', 'de');
    expect(page.url()).not.toMatch(/lang=/);
    expect(await page.evaluate('document.documentElement.lang')).toBe('da');
    expect(await page.locator('.cards > li').count()).toBe(seeded.caseStories.length);

    await open('/', 'ar');
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await page.locator('.cards > li[lang="da"] .notice').count()).toBe(seeded.caseStories.length);
    await shots.take(page, 'case-stories-ar');
    await expectAccessible('case stories (ar)');
  });

  test('partnerships and the press room, list and detail, in da and ar', async () => {
    for (const lang of ['da', 'ar']) {
      await open('/partnerships', lang);
      for (const partnership of seeded.partnerships) expect(await mainText()).toContain(partnership.title);
      await expectAccessible(`partnerships (${lang})`);
      const partnership = seeded.partnerships.find((candidate) => candidate.slug.startsWith('gellerup'))!;
      await open(`/partnerships/${partnership.slug}`, lang);
      expect(await page.locator('h1').innerText()).toBe(partnership.title);
      await expectAccessible(`partnership (${lang})`);

      await open('/press', lang);
      expect(await mainText()).toContain(seeded.pressReleases[0].title);
      // The feeds of the language, announced in the head and linked in the page (plugins/syndication).
      const announced = await page.$$eval('head link[rel="alternate"]', (links) => links.map((link) => `${link.getAttribute('type')} ${link.getAttribute('href')}`));
      expect(announced).toEqual(
        expect.arrayContaining([
          `application/rss+xml /feeds/${lang}/press-releases.xml`,
          `application/atom+xml /feeds/${lang}/press-releases.atom`,
          `application/rss+xml /feeds/${lang}/case-stories.xml`,
        ])
      );
      const rss = await page.locator('main .feeds a[type="application/rss+xml"]').getAttribute('href');
      const feed = await fetch(`${app.url}${rss}`);
      expect([rss, feed.status, feed.headers.get('content-type')]).toEqual([`/feeds/${lang}/press-releases.xml`, 200, 'application/rss+xml; charset=utf-8']);
      await shots.take(page, `press-room-${lang}`);
      await expectAccessible(`press room (${lang})`);
      await open(`/press/${seeded.pressReleases[0].slug}`, lang);
      expect(await page.locator('h1').innerText()).toBe(seeded.pressReleases[0].title);
      expect(await page.locator('.contacts li').count()).toBeGreaterThan(0);
      // Its description for search engines and link previews: JSON-LD, Open Graph, canonical address, language versions.
      const jsonLd = JSON.parse((await page.locator('head script[type="application/ld+json"]').textContent()) ?? '{}');
      expect(jsonLd).toMatchObject({ '@type': 'NewsArticle', headline: seeded.pressReleases[0].title, inLanguage: 'da' });
      expect(await page.locator('head meta[property="og:title"]').getAttribute('content')).toBe(seeded.pressReleases[0].title);
      expect(await page.locator('head link[rel="canonical"]').getAttribute('href')).toContain(`?lang=da#/press/${seeded.pressReleases[0].slug}`);
      expect(await page.locator('head link[rel="alternate"][hreflang]').evaluateAll((links) => links.map((link) => link.getAttribute('hreflang')))).toEqual(['da', 'en', 'x-default']);
      expect(await page.locator('a[href^="http"]').count()).toBeGreaterThan(0);
      await shots.take(page, `press-release-${lang}`);
      await expectAccessible(`press release (${lang})`);
    }
  });

  test('a press release`s media kit: each file with its preview, credit, licence and download link', async () => {
    const contacts = await app.admin('GET', '/content-manager/collection-types/api::contact.contact?locale=da');
    const photo = await app.uploadFile('laeringscenter.png', PNG, 'image/png', 'Læringscentret i Vollsmose');
    await app.createDocument(
      'api::press-release.press-release',
      'da',
      {
        title: 'Pressefotos fra Vollsmose',
        slug: 'pressefotos-fra-vollsmose',
        releaseDate: thisMinute(),
        contacts: [contacts.body.results[0].documentId],
        mediaKit: [{ file: photo, kind: 'photo', title: 'Læringscentret', credit: 'Foto: Styrelsen for Bibliotek og Medier', licence: 'press_use' }],
      },
      { publish: true }
    );
    await open('/press/pressefotos-fra-vollsmose');
    const item = page.locator('.media-kit li');
    expect(await item.count()).toBe(1);
    expect(await item.locator('img').getAttribute('alt')).toBe('Læringscentret i Vollsmose');
    expect(await item.innerText()).toMatch(/Læringscentret\s+Foto · Foto: Styrelsen for Bibliotek og Medier · Fri til omtale af pressemeddelelsen\s+Hent Læringscentret \(\d+ kB\)/);
    const href = await item.locator('a[download]').getAttribute('href');
    expect((await fetch(`${app.url}${href}`)).status).toBe(200);
    await shots.take(page, 'press-release-media-kit');
    await expectAccessible('press release with a media kit');
  });

  test('the Danmarkskort colours Aarhus and Odense, keeps its attribution, and a click or a key lists their case stories', async () => {
    await open('/map');
    expect(await page.locator('path.municipality').count()).toBe(98);
    for (const code of ['751', '461']) {
      expect(await page.locator(`path[data-code="${code}"]`).getAttribute('class')).toContain('council');
      expect(await page.locator(`circle.has-content[data-code="${code}"]`).count()).toBe(1);
    }
    expect(await page.locator('path.council').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.attribution').innerText()).toMatch(/Geodatastyrelsen/);
    await shots.take(page, 'map-da');
    await expectAccessible('map (da)');

    await page.locator('path[data-code="751"]').click();
    await page.locator('.municipality-results h2', { hasText: 'Aarhus' }).waitFor();
    const gellerup = seeded.caseStories.find((story) => story.title.startsWith('Gellerup'))!;
    await page.locator('.municipality-results').getByRole('link', { name: gellerup.title }).waitFor();
    await shots.take(page, 'map-aarhus');

    // The keyboard: Tab to Odense's button and press Enter.
    await page.locator('path[data-code="461"]').focus();
    await page.keyboard.press('Enter');
    const vollsmose = seeded.caseStories.find((story) => story.title.startsWith('Vollsmose'))!;
    await page.locator('.municipality-results').getByRole('link', { name: vollsmose.title }).waitFor();

    // The table alternative lists all 98.
    await page.locator('.map-table summary').click();
    expect(await page.locator('.map-table tbody tr').count()).toBe(98);

    await open('/map', 'ar');
    expect(await page.locator('path.municipality').count()).toBe(98);
    await expectAccessible('map (ar)');
    await shots.take(page, 'map-ar');
  });

  test('search finds the press release and marks the word', async () => {
    await open('/search?q=lektiehj%C3%A6lp');
    expect(await mainText()).toContain(seeded.pressReleases[0].title);
    expect(await page.locator('.hits mark').first().innerText()).toMatch(/lektiehjælp/i);
    await shots.take(page, 'search-da');
    await expectAccessible('search (da)');
    await open('/search?q=lektiehj%C3%A6lp', 'ar');
    await expectAccessible('search (ar)');
    console.log(`[browser] axe findings below serious: ${axeFindings.length ? axeFindings.join('; ') : 'none'}`);
  });
});
