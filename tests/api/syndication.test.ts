import { startStrapi, PNG, thisMinute, type StrapiInstance } from '../helpers/strapi';
import { readFeed, sitemapErrors, xmlErrors } from '../helpers/feeds';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PRESS_RELEASE = 'api::press-release.press-release';

const DEMO_RELEASE = {
  da: { title: 'Biblioteker og integrationsråd samarbejder om bedre integration', slug: 'biblioteker-og-integrationsraad-samarbejder-om-bedre-integration' },
  en: { title: 'Libraries and integration councils work together for better integration', slug: 'libraries-and-integration-councils-work-together-for-better-integration' },
};
const FOCUS_AREAS_DA = ['Bibliotekerne som læringscentre', 'Bibliotekerne som demokratiske væksthuse', 'Bibliotekerne som kulturmødesteder'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `<loc>`s of a sitemap or sitemap index. */
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1].replace(/&amp;/g, '&'));

/**
 * Feeds and sitemaps (plugins/syndication): RSS 2.0 and Atom per locale, read by a maintained
 * feed parser; a sitemap index and sitemaps valid against the protocol's schemas, with hreflang
 * alternates; ETags, 304s and the response cache's invalidation; nothing that is not published.
 */
describe('feeds and sitemaps', () => {
  let app: StrapiInstance;
  let receiver: WebhookReceiver;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });
  const text = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return response.text();
  };
  /** Every sitemap file the index lists, fetched. */
  const allSitemaps = async () => Promise.all(locs(await text('/sitemap.xml')).map(async (loc) => ({ loc, xml: await text(new URL(loc).pathname) })));

  beforeAll(async () => {
    // Three URLs per sitemap file, so that the demo content's sitemaps are split as the protocol's limits split big ones.
    // A web team's site, sent the change events.
    receiver = await WebhookReceiver.start(webhookSecret());
    app = await startStrapi({ SITEMAP_MAX_URLS: '3', SCHEDULED_PUBLISHING_RULE: '* * * * * *', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: receiver.secret });
  });

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
  });

  test('RSS 2.0 of the Danish press releases: title, summary, link to the site, release date, contact, focus areas, language', async () => {
    const response = await get('/feeds/da/press-releases.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await response.text();
    expect(await xmlErrors(xml)).toEqual([]);
    expect(xml).toContain('<rss version="2.0"');
    expect(xml).toContain('xml:lang="da"');
    const feed = readFeed(xml);
    expect(feed.meta.type).toBe('rss');
    expect(feed.title).toBe('Pressemeddelelser – Biblioteker og integrationsråd');
    expect(feed.language).toBe('da');
    expect(feed.url).toBe(`${app.url.replace('127.0.0.1', 'localhost')}/site/?lang=da`);
    expect(feed.self).toBe(`${app.url.replace('127.0.0.1', 'localhost')}/feeds/da/press-releases.xml`);
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item.title).toBe(DEMO_RELEASE.da.title);
    expect(item.url).toBe(`${app.url.replace('127.0.0.1', 'localhost')}/site/?lang=da#/press/${DEMO_RELEASE.da.slug}`);
    expect(item.description).toMatch(/^Indvandrere og flygtninge har taget de danske folkebiblioteker til sig/);
    expect(item.id).toMatch(/^tag:localhost,2026-12-05:press-release\/\w+\/da$/);
    expect(item.authors.map((author) => author.name)).toContain('Inger Frydendahl');
    expect(xml).toContain('<author>ifr@bs.dk (Inger Frydendahl)</author>');
    expect(item.categories.map((category) => category.label).sort()).toEqual([...FOCUS_AREAS_DA].sort());
    // pubDate is the release date.
    const release = await app.query<{ pressReleases: Array<{ releaseDate: string }> }>('{ pressReleases(locale: "da") { releaseDate } }');
    // (RFC 822 dates have whole seconds.)
    expect(item.published?.getTime()).toBe(Math.floor(new Date(release.pressReleases[0].releaseDate).getTime() / 1000) * 1000);
  });

  test('Atom of the English press releases and case stories: valid entries in English, linked to the English pages', async () => {
    const response = await get('/feeds/en/press-releases.atom');
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(await xmlErrors(xml)).toEqual([]);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">');
    const feed = readFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('Press releases – Libraries and integration councils');
    expect(feed.items.map((item) => item.title)).toEqual([DEMO_RELEASE.en.title]);
    expect(feed.items[0].url).toContain(`lang=en#/press/${DEMO_RELEASE.en.slug}`);
    expect(feed.items[0].categories.map((category) => category.term)).toContain('Libraries as learning centres');

    const stories = readFeed(await text('/feeds/en/case-stories.atom'));
    expect(stories.items).toHaveLength(2);
    expect(stories.items.every((item) => item.url?.includes('lang=en#/case-stories/'))).toBe(true);
    // An Atom feed's updated is its newest entry's.
    const newest = Math.max(...stories.items.map((item) => item.updated!.getTime()));
    expect(stories.updated?.getTime()).toBe(newest);
  });

  test('a case story with a hero image carries it as the enclosure, with its size and type', async () => {
    const image = await app.uploadFile('sprogcafe.png', PNG, 'image/png', 'Sprogcafé på biblioteket');
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Sprogcafé med billede', slug: 'sprogcafe-med-billede', place: 'Gellerup', heroImage: image }, { publish: true });
    const xml = await text('/feeds/da/case-stories.xml');
    expect(await xmlErrors(xml)).toEqual([]);
    const item = readFeed(xml).items.find((entry) => entry.title === 'Sprogcafé med billede')!;
    expect(item).toBeDefined();
    expect(item.media).toHaveLength(1);
    expect(item.media[0].mimeType).toBe('image/png');
    expect(item.media[0].url).toMatch(/^http:\/\/localhost:\d+\/uploads\/sprogcafe_\w+\.png$/);
    const file = await fetch(item.media[0].url!.replace('localhost', '127.0.0.1'));
    expect(file.status).toBe(200);
    // The length is the served file's, to the 10 bytes the media library keeps sizes to (kB, 2 decimals).
    expect(Math.abs(item.media[0].length! - (await file.arrayBuffer()).byteLength)).toBeLessThanOrEqual(5);
    // Newest first: the new story leads.
    expect(readFeed(xml).items[0].title).toBe('Sprogcafé med billede');
    await app.admin('DELETE', `${CM}/${CASE_STORY}/${documentId}?locale=*`);
  });

  test('an ETag per feed, 304 for a conditional GET, and a new answer after a change (the response cache invalidated)', async () => {
    const first = await get('/feeds/da/press-releases.xml');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    await first.text();
    const again = await get('/feeds/da/press-releases.xml', { 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // The other locale's and format's feeds have ETags of their own.
    expect((await get('/feeds/en/press-releases.xml')).headers.get('etag')).not.toBe(etag);
    expect((await get('/feeds/da/press-releases.atom')).headers.get('etag')).not.toBe(etag);

    // A change to the release's contact (another type the feed reads) shows at once.
    const contacts = await app.admin('GET', `${CM}/api::contact.contact?locale=da`);
    const contact = contacts.body.results.find((row: { email: string }) => row.email === 'ifr@bs.dk');
    expect((await app.admin('PUT', `${CM}/api::contact.contact/${contact.documentId}?locale=da`, { name: 'Inger F. Frydendahl' })).status).toBe(200);
    const changed = await get('/feeds/da/press-releases.xml', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('<dc:creator>Inger F. Frydendahl</dc:creator>');
    await app.admin('PUT', `${CM}/api::contact.contact/${contact.documentId}?locale=da`, { name: 'Inger Frydendahl' });
  });

  test('drafts are in no feed or sitemap: a published document shows its published version, an unpublished one is gone', async () => {
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Læseklub i Vollsmose', slug: 'laeseklub-i-vollsmose', place: 'Vollsmose' }, { publish: true });
    expect(await text('/feeds/da/case-stories.xml')).toContain('Læseklub i Vollsmose');
    // A draft's new title is not public.
    expect((await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Hemmeligt udkast' })).status).toBe(200);
    const feed = await text('/feeds/da/case-stories.xml');
    expect(feed).toContain('Læseklub i Vollsmose');
    expect(feed).not.toContain('Hemmeligt udkast');
    expect((await allSitemaps()).some(({ xml }) => xml.includes('#/case-stories/laeseklub-i-vollsmose'))).toBe(true);
    // "No index" in its SEO settings: out of the sitemap, still in the feed.
    expect((await app.admin('PUT', `${CM}/${CASE_STORY}/${documentId}?locale=da`, { title: 'Læseklub i Vollsmose', seo: { noIndex: true } })).status).toBe(200);
    expect((await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/publish?locale=da`, {})).status).toBe(200);
    expect((await allSitemaps()).some(({ xml }) => xml.includes('laeseklub-i-vollsmose'))).toBe(false);
    expect(await text('/feeds/da/case-stories.xml')).toContain('Læseklub i Vollsmose');
    // Unpublished: out of the feed and the sitemap.
    expect((await app.admin('POST', `${CM}/${CASE_STORY}/${documentId}/actions/unpublish?locale=da`, {})).status).toBe(200);
    expect(await text('/feeds/da/case-stories.xml')).not.toContain('Læseklub i Vollsmose');
    expect((await allSitemaps()).some(({ xml }) => xml.includes('laeseklub-i-vollsmose'))).toBe(false);
    await app.admin('DELETE', `${CM}/${CASE_STORY}/${documentId}?locale=*`);
  });

  test('hostile text (markup, control characters, lone surrogates) leaves every feed well-formed and the text intact', async () => {
    const title = 'Café <script>alert(1)</script> & "citat" \u0001\u0008\uFFFE\uD800 slut';
    const documentId = await app.createDocument(CASE_STORY, 'da', { title, slug: 'fjendtlig-tekst', summary: ']]> <![CDATA[ x' }, { publish: true });
    const [{ title: stored }] = (await app.query<{ caseStories: Array<{ title: string }> }>('{ caseStories(locale: "da", filters: { slug: { eq: "fjendtlig-tekst" } }) { title } }')).caseStories;
    for (const path of ['/feeds/da/case-stories.xml', '/feeds/da/case-stories.atom']) {
      const xml = await text(path);
      expect(await xmlErrors(xml)).toEqual([]);
      expect(xml).not.toContain('<script>');
      const item = readFeed(xml).items.find((entry) => entry.title?.startsWith('Café'))!;
      // The title as stored (the API keeps what XML can hold), markup and all, as text.
      // eslint-disable-next-line no-control-regex -- the characters XML cannot hold
      expect(item.title).toBe(stored.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
      expect(item.title).toMatch(/^Café <script>alert\(1\)<\/script> & "citat" .* slut$/);
      expect(item.description ?? item.content).toContain(']]> <![CDATA[ x');
    }
    await app.admin('DELETE', `${CM}/${CASE_STORY}/${documentId}?locale=*`);
  });

  test('the sitemap index lists one split sitemap per type; each is valid, with every published version and its hreflang alternates', async () => {
    const index = await get('/sitemap.xml');
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const indexXml = await index.text();
    expect(await sitemapErrors(indexXml, 'index')).toEqual([]);
    const files = await allSitemaps();
    const base = app.url.replace('127.0.0.1', 'localhost');
    // 2 case stories and 2 partnerships ×2 locales (4 URLs each) at 3 a file: 2 files each; 1 press release ×2: one file.
    expect(files.map(({ loc }) => loc.slice(base.length))).toEqual(expect.arrayContaining(['/sitemaps/case-stories-1.xml', '/sitemaps/case-stories-2.xml', '/sitemaps/press-releases-1.xml']));
    for (const { loc, xml } of files) {
      expect([loc, await sitemapErrors(xml, 'urlset')]).toEqual([loc, []]);
      expect(locs(xml).length).toBeLessThanOrEqual(3);
    }
    const pages = files.flatMap(({ xml }) => locs(xml));
    const published = await app.query<{ caseStories: Array<{ slug: string }>; en: Array<{ slug: string }> }>('{ caseStories(locale: "da") { slug } en: caseStories(locale: "en") { slug } }');
    for (const { slug } of published.caseStories) expect(pages).toContain(`${base}/site/?lang=da#/case-stories/${slug}`);
    for (const { slug } of published.en) expect(pages).toContain(`${base}/site/?lang=en#/case-stories/${slug}`);
    expect(new Set(pages).size).toBe(pages.length);

    // The Danish release's entry names both versions and the Danish one as x-default.
    const release = files.find(({ loc }) => loc.endsWith('/sitemaps/press-releases-1.xml'))!.xml;
    const daUrl = `${base}/site/?lang=da#/press/${DEMO_RELEASE.da.slug}`.replace(/&/g, '&amp;');
    const enUrl = `${base}/site/?lang=en#/press/${DEMO_RELEASE.en.slug}`.replace(/&/g, '&amp;');
    const entry = release.split('<url>').find((part) => part.startsWith(`<loc>${daUrl}</loc>`))!;
    expect(entry).toMatch(/<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/lastmod>/);
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="da" href="${daUrl}"/>`);
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${enUrl}"/>`);
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${daUrl}"/>`);
    // Conditional GET of a sitemap.
    const etag = (await get('/sitemaps/press-releases-1.xml')).headers.get('etag')!;
    expect((await get('/sitemaps/press-releases-1.xml', { 'if-none-match': etag })).status).toBe(304);
  });

  test('pageMetadata gives a page its NewsArticle / Article JSON-LD and Open Graph data: address, dates, image with size, publisher, language versions', async () => {
    const base = app.url.replace('127.0.0.1', 'localhost');
    const { pressReleaseBySlug: release } = await app.query(
      `{ pressReleaseBySlug(slug: "${DEMO_RELEASE.da.slug}", locale: "da") { releaseDate updatedAt pageMetadata { url headline description inLanguage datePublished dateModified image { url } authors publisher { name url } alternates { hreflang url } jsonLd } } }`
    );
    const daUrl = `${base}/site/?lang=da#/press/${DEMO_RELEASE.da.slug}`;
    const enUrl = `${base}/site/?lang=en#/press/${DEMO_RELEASE.en.slug}`;
    expect(release.pageMetadata).toMatchObject({
      url: daUrl,
      headline: DEMO_RELEASE.da.title,
      inLanguage: 'da',
      datePublished: new Date(release.releaseDate).toISOString(),
      dateModified: new Date(release.updatedAt).toISOString(),
      image: null,
      authors: ['Inger Frydendahl'],
      publisher: { name: 'Biblioteker og integrationsråd', url: `${base}/site/?lang=da` },
      alternates: [
        { hreflang: 'da', url: daUrl },
        { hreflang: 'en', url: enUrl },
        { hreflang: 'x-default', url: daUrl },
      ],
    });
    expect(release.pageMetadata.description).toMatch(/^Indvandrere og flygtninge/);
    expect(release.pageMetadata.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: DEMO_RELEASE.da.title,
      inLanguage: 'da',
      url: daUrl,
      mainEntityOfPage: { '@type': 'WebPage', '@id': daUrl },
      datePublished: new Date(release.releaseDate).toISOString(),
      author: [{ '@type': 'Person', name: 'Inger Frydendahl' }],
      publisher: { '@type': 'Organization', name: 'Biblioteker og integrationsråd' },
      workTranslation: [{ '@type': 'NewsArticle', inLanguage: 'en', url: enUrl }],
    });

    // A case story's hero image, with its size; in a list, every item's own (one batch per type).
    const image = await app.uploadFile('laesning.png', PNG, 'image/png', 'Læsning på biblioteket');
    const documentId = await app.createDocument(CASE_STORY, 'da', { title: 'Læsning med billede', slug: 'laesning-med-billede', place: 'Gellerup', heroImage: image }, { publish: true });
    const { caseStories } = await app.query('{ caseStories(locale: "da", sort: "title") { slug pageMetadata { url headline image { url width height alternativeText mime } jsonLd } } }');
    const story = caseStories.find((row: { slug: string }) => row.slug === 'laesning-med-billede');
    expect(story.pageMetadata.image).toMatchObject({ width: 1, height: 1, alternativeText: 'Læsning på biblioteket', mime: 'image/png' });
    expect(story.pageMetadata.image.url).toMatch(/^http:\/\/localhost:\d+\/uploads\/laesning_\w+\.png$/);
    expect(story.pageMetadata.jsonLd).toMatchObject({ '@type': 'Article', image: [{ '@type': 'ImageObject', width: 1, height: 1 }] });
    for (const row of caseStories) expect(row.pageMetadata.url).toBe(`${base}/site/?lang=da#/case-stories/${row.slug}`);
    // Only one language version: no x-default without a Danish one, no translations.
    expect(story.pageMetadata.jsonLd.workTranslation).toBeUndefined();
    await app.admin('DELETE', `${CM}/${CASE_STORY}/${documentId}?locale=*`);
  });

  test('a media kit: its images need a credit and a licence to publish; GraphQL, the feeds (Media RSS) and pageMetadata carry them', async () => {
    const contacts = await app.admin('GET', `${CM}/api::contact.contact?locale=da`);
    const contact = contacts.body.results.find((row: { email: string }) => row.email === 'ifr@bs.dk');
    const photo = await app.uploadFile('laeringscenter.png', PNG, 'image/png', 'Læringscentret i Vollsmose');
    const slug = 'pressemateriale-med-foto';
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Pressemateriale med foto',
      slug,
      releaseDate: thisMinute(),
      contacts: [contact.documentId],
      mediaKit: [{ file: photo, kind: 'photo', title: 'Læringscentret' }],
    });
    const publish = () => app.admin('POST', `${CM}/${PRESS_RELEASE}/${documentId}/actions/publish?locale=da`, {});
    const refused = await publish();
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^Pressemateriale 1: billedet »laeringscenter\.png« mangler kreditering og licens\./);
    expect(refused.body.error.details.errors[0].path).toEqual(['mediaKit', '0', 'credit']);
    expect(await text('/feeds/da/press-releases.xml')).not.toContain(slug);

    const saved = await app.admin('PUT', `${CM}/${PRESS_RELEASE}/${documentId}?locale=da`, {
      mediaKit: [{ file: photo, kind: 'photo', title: 'Læringscentret', credit: 'Foto: Styrelsen for Bibliotek og Medier', licence: 'cc_by_4_0' }],
    });
    expect(saved.status).toBe(200);
    expect((await publish()).status).toBe(200);

    const { pressReleaseBySlug: release } = await app.query(
      `{ pressReleaseBySlug(slug: "${slug}", locale: "da") { mediaKit { kind title credit licence file { url mime alternativeText } } pageMetadata { image { url width height alternativeText } } } }`
    );
    expect(release.mediaKit).toEqual([
      {
        kind: 'photo',
        title: 'Læringscentret',
        credit: 'Foto: Styrelsen for Bibliotek og Medier',
        licence: 'cc_by_4_0',
        file: expect.objectContaining({ mime: 'image/png', alternativeText: 'Læringscentret i Vollsmose' }),
      },
    ]);
    expect(release.pageMetadata.image).toMatchObject({ width: 1, height: 1, alternativeText: 'Læringscentret i Vollsmose' });

    for (const path of ['/feeds/da/press-releases.xml', '/feeds/da/press-releases.atom']) {
      const xml = await text(path);
      expect(await xmlErrors(xml)).toEqual([]);
      const entry = xml.slice(xml.indexOf(`#/press/${slug}`));
      expect(entry).toMatch(/<media:content url="http:\/\/localhost:\d+\/uploads\/laeringscenter_\w+\.png" type="image\/png" fileSize="\d+" medium="image">/);
      expect(entry).toContain('<media:title type="plain">Læringscentret</media:title>');
      expect(entry).toContain('<media:credit>Foto: Styrelsen for Bibliotek og Medier</media:credit>');
      expect(entry).toContain('<media:license type="text/html" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</media:license>');
      // The kit's photo is the item's enclosure (the release has no image among its attachments).
      const item = readFeed(xml).items.find((candidate) => candidate.url?.endsWith(slug))!;
      expect(item.media.map((file) => file.mimeType)).toContain('image/png');
    }
    await app.admin('DELETE', `${CM}/${PRESS_RELEASE}/${documentId}?locale=*`);
  });

  test('unknown feeds, locales, formats and sitemap files answer 404 (and hostile paths change nothing)', async () => {
    for (const path of [
      '/feeds/xx/press-releases.xml',
      '/feeds/de/press-releases.xml',
      '/feeds/da/articles.xml',
      '/feeds/da/press-releases.json',
      '/feeds/da/press-releases',
      '/feeds/da%00/press-releases.xml',
      `/feeds/${'a'.repeat(5000)}/press-releases.xml`,
      '/feeds/da/..%2f..%2fpackage.json',
      '/sitemaps/case-stories-0.xml',
      '/sitemaps/case-stories-99.xml',
      '/sitemaps/articles-1.xml',
      '/sitemaps/case-stories.xml',
    ]) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, path.includes('%00') ? 400 : 404]);
      await response.text();
    }
    // Feeds are read-only.
    expect((await fetch(`${app.url}/feeds/da/press-releases.xml`, { method: 'POST' })).status).toBe(405);
  });

  test('an embargoed press release enters the feeds, the sitemap, GraphQL, REST, search and the change events at its release minute and not before', async () => {
    // The next minute; at least 10 s ahead, so that the "before" checks run before it.
    let release = Math.ceil((Date.now() + 1000) / 60000) * 60000;
    if (release - Date.now() < 10000) release += 60000;
    const releaseDate = new Date(release).toISOString();
    const slug = 'embargo-til-naeste-minut';
    const contacts = await app.admin('GET', `${CM}/api::contact.contact?locale=da`);
    const contact = contacts.body.results.find((row: { email: string }) => row.email === 'ifr@bs.dk');
    const documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Embargo til næste minut',
      slug,
      lead: 'Nyheden om sprogcaféerne',
      releaseDate,
      publishAt: releaseDate,
      contacts: [contact.documentId],
    });
    const channels = async () => {
      const [rss, atom, sitemaps, graphql, byDocument, rest, search] = await Promise.all([
        text('/feeds/da/press-releases.xml'),
        text('/feeds/da/press-releases.atom'),
        allSitemaps(),
        app.query<{ pressReleases: Array<{ slug: string }> }>('{ pressReleases(locale: "da") { slug } }'),
        app.query<{ pressRelease: { slug: string } | null }>('query($id: ID!) { pressRelease(documentId: $id, locale: "da") { slug } }', { id: documentId }),
        get(`/api/press-releases?locale=da&filters[slug][$eq]=${slug}`).then((response) => response.json() as Promise<{ data: unknown[] }>),
        app.query<{ search: { hits: Array<{ slug: string }> } }>('{ search(query: "sprogcaféerne", locale: "da") { hits { slug } } }'),
      ]);
      return {
        rss: rss.includes(slug),
        atom: atom.includes(slug),
        sitemap: sitemaps.some(({ xml }) => xml.includes(slug)),
        graphql: graphql.pressReleases.some((row) => row.slug === slug) && byDocument.pressRelease?.slug === slug,
        rest: rest.data.length === 1,
        search: search.search.hits.some((hit) => hit.slug === slug),
        events: receiver.accepted().some((entry) => entry.body.data.documentId === documentId),
      };
    };
    const nowhere = { rss: false, atom: false, sitemap: false, graphql: false, rest: false, search: false, events: false };
    expect(await channels()).toEqual(nowhere);
    // Until the minute: nowhere (checked every few seconds).
    while (Date.now() < release - 1500) {
      expect(await channels()).toEqual(nowhere);
      await sleep(3000);
    }
    // At the minute, once the scheduler's next pass (every second here) has published it: everywhere.
    const deadline = release + 15000;
    let seen = await channels();
    while (!Object.values(seen).every(Boolean) && Date.now() < deadline) {
      await sleep(250);
      seen = await channels();
    }
    expect(seen).toEqual({ rss: true, atom: true, sitemap: true, graphql: true, rest: true, search: true, events: true });
    expect(Date.now()).toBeGreaterThanOrEqual(release);
    // One event, `document.published`, sent after the minute.
    const events = receiver.accepted().filter((entry) => entry.body.data.documentId === documentId);
    expect(events.map((entry) => entry.body.type)).toEqual(['document.published']);
    expect(events[0].at).toBeGreaterThanOrEqual(release);
    const item = readFeed(await text('/feeds/da/press-releases.xml')).items.find((entry) => entry.url?.endsWith(slug))!;
    expect(item.published?.toISOString()).toBe(releaseDate);
    await app.admin('DELETE', `${CM}/${PRESS_RELEASE}/${documentId}?locale=*`);
  }, 150000);
});
