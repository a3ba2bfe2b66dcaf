import { element, XML_DECLARATION } from '../xml';

/** One page of the site with its language versions (hreflang alternates, x-default among them). */
export type SitemapUrl = { loc: string; lastmod: Date; alternates: Array<{ hreflang: string; href: string }> };

const URLSET_OPEN = `${XML_DECLARATION}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n`;
const URLSET_CLOSE = '</urlset>\n';

/** A `<url>` (https://www.sitemaps.org/protocol.html), with `xhtml:link rel="alternate"` per language version. */
export function urlEntry(url: SitemapUrl): string {
  return (
    `<url>${element('loc', {}, url.loc)}${element('lastmod', {}, url.lastmod.toISOString())}` +
    url.alternates.map((alternate) => element('xhtml:link', { rel: 'alternate', hreflang: alternate.hreflang, href: alternate.href })).join('') +
    '</url>\n'
  );
}

/** A `<url>` entry and its last modification. */
export type SitemapEntry = { xml: string; lastmod: Date };

/**
 * Splits `<url>` entries into sitemap files of at most `maxUrls` entries and `maxBytes` bytes
 * each (the protocol's limits are 50,000 and 50 MiB), each with its newest `lastmod`. One entry
 * larger than a file can hold gets a file of its own. Never an empty list: an empty type has one
 * empty file.
 */
export function packSitemaps(entries: SitemapEntry[], maxUrls: number, maxBytes: number): Array<{ xml: string; lastmod: Date | null }> {
  const frame = Buffer.byteLength(URLSET_OPEN) + Buffer.byteLength(URLSET_CLOSE);
  const files: Array<{ xml: string; lastmod: Date | null }> = [];
  let current: SitemapEntry[] = [];
  let bytes = frame;
  const close = () => {
    const lastmod = current.reduce<Date | null>((newest, entry) => (!newest || entry.lastmod > newest ? entry.lastmod : newest), null);
    files.push({ xml: URLSET_OPEN + current.map((entry) => entry.xml).join('') + URLSET_CLOSE, lastmod });
  };
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.xml);
    if (current.length > 0 && (current.length >= maxUrls || bytes + size > maxBytes)) {
      close();
      current = [];
      bytes = frame;
    }
    current.push(entry);
    bytes += size;
  }
  close();
  return files;
}

/** The sitemap index (https://www.sitemaps.org/protocol.html#index). */
export function renderSitemapIndex(sitemaps: Array<{ loc: string; lastmod: Date | null }>): string {
  return (
    `${XML_DECLARATION}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
    sitemaps.map((sitemap) => `<sitemap>${element('loc', {}, sitemap.loc)}${sitemap.lastmod ? element('lastmod', {}, sitemap.lastmod.toISOString()) : ''}</sitemap>\n`).join('') +
    '</sitemapindex>\n'
  );
}
