import config from '../server/src/config';
import { renderAtom, renderRss, type Feed } from '../server/src/feeds/render';
import { SiteUrls } from '../server/src/site-urls';
import { packSitemaps, renderSitemapIndex, urlEntry } from '../server/src/sitemap/render';
import { xmlText } from '../server/src/xml';

const valid = () => ({
  ...config.default(),
  paths: { 'api::article.article': { '*': '/{locale}/articles/{slug}' } },
  feeds: [{ name: 'articles', contentType: 'api::article.article', title: { en: 'Articles' }, description: { en: 'All articles' }, fields: { title: 'title' } }],
});

describe('the configuration', () => {
  it('accepts the defaults and a complete configuration', () => {
    expect(() => config.validator(config.default())).not.toThrow();
    expect(() => config.validator(valid())).not.toThrow();
  });

  it('refuses what would make wrong feeds or sitemaps, naming the option', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ siteUrl: 'www.example.dk' }, /siteUrl must be an absolute http\(s\) URL/],
      [{ siteUrl: 'ftp://example.dk' }, /siteUrl must be http or https/],
      [{ cmsUrl: 'https://user:pw@cms.example.dk' }, /cmsUrl must be a plain address/],
      [{ paths: { 'api::article.article': { '*': '/{locale}/articles' } } }, /must hold \{slug\} or \{documentId\}/],
      [{ paths: { 'api::article.article': { '*': '/{lang}/{slug}' } } }, /unknown placeholders \{lang\}/],
      [{ paths: { 'api::article.article': { '*': 'articles/{slug}' } } }, /must start with \//],
      [{ paths: {} }, /paths has no pattern for api::article.article/],
      [{ sitemapMaxUrls: 50001 }, /sitemapMaxUrls must be a whole number from 1 to 50000/],
      [{ sitemapMaxBytes: 60 * 1024 * 1024 }, /sitemapMaxBytes/],
      [{ feedSize: 0 }, /feedSize/],
      [{ idDate: '2026' }, /idDate must be a date/],
      [{ feedz: [] }, /unknown option feedz/],
    ];
    for (const [change, message] of cases) expect(() => config.validator({ ...valid(), ...change })).toThrow(message);
    const feed = valid().feeds[0];
    expect(() => config.validator({ ...valid(), feeds: [feed, feed] })).toThrow(/feeds\[1\]\.name articles is used twice/);
    expect(() => config.validator({ ...valid(), feeds: [{ ...feed, fields: { title: 'title', categories: ['tags'] } }] })).toThrow(/categoryField must name/);
    expect(() => config.validator({ ...valid(), feeds: [{ ...feed, name: 'Articles!' }] })).toThrow(/feeds\[0\]\.name must be lowercase/);
    expect(() => config.validator({ ...valid(), sitemaps: [{ name: 'articles', contentType: 'api::article.article', noIndex: 'seo noIndex' }] })).toThrow(
      /sitemaps\[0\]\.noIndex must be an attribute path/
    );
    expect(() => config.validator({ ...valid(), pageMetadata: { 'api::article.article': 'Blog' } })).toThrow(/must be NewsArticle, Article or BlogPosting/);
    expect(() => config.validator({ ...valid(), pageMetadata: { 'api::page.page': 'Article' } })).toThrow(/no feed lists api::page.page/);
  });
});

describe('site addresses', () => {
  const urls = new SiteUrls({
    siteUrl: 'https://bibliotek.example.dk',
    paths: {
      home: { '*': '/{locale}/' },
      'api::article.article': { '*': '/{locale}/articles/{slug}', da: '/artikler/{slug}', en: 'https://en.example.dk/stories/{slug}' },
      'api::page.page': { '*': '/p/{documentId}' },
    },
  });

  it('follow the locale`s own pattern, else the general one, with encoded values', () => {
    expect(urls.page('api::article.article', { documentId: 'd1', locale: 'da', slug: 'sprogcafé' })).toBe('https://bibliotek.example.dk/artikler/sprogcaf%C3%A9');
    expect(urls.page('api::article.article', { documentId: 'd1', locale: 'en', slug: 'language-cafe' })).toBe('https://en.example.dk/stories/language-cafe');
    expect(urls.page('api::article.article', { documentId: 'd1', locale: 'ar', slug: 'a/b?c#d' })).toBe('https://bibliotek.example.dk/ar/articles/a%2Fb%3Fc%23d');
    expect(urls.page('api::page.page', { documentId: 'd 2', locale: 'da', slug: null })).toBe('https://bibliotek.example.dk/p/d%202');
    expect(urls.home('uk')).toBe('https://bibliotek.example.dk/uk/');
  });

  it('are none for a type without a pattern, or a version without the slug its pattern needs', () => {
    expect(urls.page('api::other.other', { documentId: 'd', locale: 'da', slug: 's' })).toBeNull();
    expect(urls.page('api::article.article', { documentId: 'd', locale: 'da', slug: null })).toBeNull();
  });
});

describe('XML text', () => {
  it('escapes markup and drops what XML 1.0 cannot hold, keeping every other character', () => {
    expect(xmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlText('a\u0000b\u0001c\u001Fd\uFFFEe\uFFFF')).toBe('abcde');
    expect(xmlText('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(xmlText('tab\tnewline\ncr\r 😀 العربية ✓')).toBe('tab\tnewline\ncr\r 😀 العربية ✓');
  });
});

describe('feeds', () => {
  const feed: Feed = {
    id: 'tag:example.dk,2026-12-05:feeds/articles/da',
    locale: 'da',
    title: 'Artikler',
    description: 'Alle artikler',
    home: 'https://example.dk/da/',
    rssUrl: 'https://cms.example.dk/feeds/da/articles.xml',
    atomUrl: 'https://cms.example.dk/feeds/da/articles.atom',
    publisher: 'Biblioteket',
    updated: new Date('2026-12-05T10:00:00Z'),
    items: [
      {
        id: 'tag:example.dk,2026-12-05:article/abc/da',
        title: 'Sprogcafé & lektiehjælp',
        link: 'https://example.dk/da/a?x=1&y=2',
        summary: 'Et resumé',
        published: new Date('2026-12-01T08:00:00Z'),
        updated: new Date('2026-12-05T10:00:00Z'),
        categories: ['Læring', 'Demokrati'],
        authors: [
          { name: 'Uden E-mail', email: null },
          { name: 'Inger', email: 'inger@example.dk' },
        ],
        image: { url: 'https://cms.example.dk/uploads/a.png', mime: 'image/png', bytes: 1234 },
        media: [
          {
            url: 'https://cms.example.dk/uploads/a.png',
            mime: 'image/png',
            bytes: 1234,
            title: 'Foto',
            credit: 'Foto: Jens & Co',
            licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
          },
          { url: 'https://cms.example.dk/uploads/fakta.pdf', mime: 'application/pdf', bytes: 99, title: null, credit: null, licence: { name: 'Fri til omtale' } },
        ],
      },
    ],
  };

  it('RSS: dates in RFC 822, the first author with an email as author, every name as dc:creator, an enclosure', () => {
    const xml = renderRss(feed);
    expect(xml).toContain('<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>');
    expect(xml).toContain('<author>inger@example.dk (Inger)</author>');
    expect(xml).toContain('<dc:creator>Uden E-mail</dc:creator><dc:creator>Inger</dc:creator>');
    expect(xml).toContain('<link>https://example.dk/da/a?x=1&amp;y=2</link>');
    expect(xml).toContain('<enclosure url="https://cms.example.dk/uploads/a.png" length="1234" type="image/png"/>');
    expect(xml).toContain('<guid isPermaLink="false">tag:example.dk,2026-12-05:article/abc/da</guid>');
    expect(xml).toContain(
      '<media:content url="https://cms.example.dk/uploads/a.png" type="image/png" fileSize="1234" medium="image"><media:title type="plain">Foto</media:title><media:credit>Foto: Jens &amp; Co</media:credit><media:license type="text/html" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</media:license></media:content>'
    );
    expect(xml).toContain(
      '<media:content url="https://cms.example.dk/uploads/fakta.pdf" type="application/pdf" fileSize="99" medium="document"><media:license>Fri til omtale</media:license></media:content>'
    );
  });

  it('Atom: RFC 3339 dates, an alternate link per entry, the publisher as the feed`s author', () => {
    const xml = renderAtom(feed);
    expect(xml).toContain('<published>2026-12-01T08:00:00.000Z</published>');
    expect(xml).toContain('<link rel="alternate" type="text/html" href="https://example.dk/da/a?x=1&amp;y=2"/>');
    expect(xml).toContain('<author><name>Biblioteket</name></author>');
    expect(xml).toContain('<author><name>Inger</name><email>inger@example.dk</email></author>');
    expect(xml).toContain('<link rel="enclosure" href="https://cms.example.dk/uploads/a.png" type="image/png" length="1234"/>');
    expect(xml).toContain('<category term="Læring"/>');
    // The image once, the media kit's other file as a second enclosure, with its title when it has one.
    expect(xml.match(/rel="enclosure"/g)).toHaveLength(2);
    expect(xml).toContain('<link rel="enclosure" href="https://cms.example.dk/uploads/fakta.pdf" type="application/pdf" length="99"/>');
  });
});

describe('sitemaps', () => {
  const entry = (index: number, padding = 0) => ({
    xml: urlEntry({
      loc: `https://example.dk/da/${index}${'x'.repeat(padding)}`,
      lastmod: new Date(Date.UTC(2026, 0, 1 + index)),
      alternates: [{ hreflang: 'da', href: `https://example.dk/da/${index}` }],
    }),
    lastmod: new Date(Date.UTC(2026, 0, 1 + index)),
  });

  it('split at the URL limit, each file with its newest lastmod', () => {
    const files = packSitemaps(
      [0, 1, 2, 3, 4].map((index) => entry(index)),
      2,
      1024 * 1024
    );
    expect(files.map((file) => (file.xml.match(/<url>/g) ?? []).length)).toEqual([2, 2, 1]);
    expect(files.map((file) => file.lastmod?.toISOString().slice(0, 10))).toEqual(['2026-01-02', '2026-01-04', '2026-01-05']);
  });

  it('split at the byte limit, never above it, and an empty type is one empty file', () => {
    const entries = Array.from({ length: 40 }, (_, index) => entry(index, 200));
    const files = packSitemaps(entries, 50000, 4096);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(Buffer.byteLength(file.xml)).toBeLessThanOrEqual(4096);
    expect(files.reduce((sum, file) => sum + (file.xml.match(/<url>/g) ?? []).length, 0)).toBe(40);
    const [empty] = packSitemaps([], 10, 4096);
    expect(empty.xml).toContain('<urlset');
    expect(empty.lastmod).toBeNull();
  });

  it('an index lists each file with its lastmod', () => {
    const xml = renderSitemapIndex([
      { loc: 'https://cms.example.dk/sitemaps/a-1.xml', lastmod: new Date('2026-12-05T10:00:00Z') },
      { loc: 'https://cms.example.dk/sitemaps/a-2.xml', lastmod: null },
    ]);
    expect(xml).toContain('<sitemap><loc>https://cms.example.dk/sitemaps/a-1.xml</loc><lastmod>2026-12-05T10:00:00.000Z</lastmod></sitemap>');
    expect(xml).toContain('<sitemap><loc>https://cms.example.dk/sitemaps/a-2.xml</loc></sitemap>');
  });
});
