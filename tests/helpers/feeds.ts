import { parseFeed } from '@rowanmanning/feed-parser';

// The XML checks are shared with bench:sitemap (plain JavaScript).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validation = require('../../scripts/lib/xml-validation.js') as {
  sitemapErrors(xml: string, kind: 'urlset' | 'index'): Promise<string[]>;
  xmlErrors(xml: string): Promise<string[]>;
};

/** libxml2's errors of a sitemap or sitemap index against the Sitemaps protocol's schemas: none when valid. */
export const sitemapErrors = validation.sitemapErrors;

/** libxml2's well-formedness errors of any XML: none when well-formed. */
export const xmlErrors = validation.xmlErrors;

/** A feed as a maintained parser (@rowanmanning/feed-parser) reads it: RSS or Atom alike. */
export const readFeed = (xml: string) => parseFeed(xml);
