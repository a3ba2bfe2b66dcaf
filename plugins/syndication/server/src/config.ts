/** Text per locale (`{ da: 'Pressemeddelelser', en: 'Press releases' }`); a locale not listed gets `en`, else the first. */
export type Localized = Record<string, string>;

/** One feed: RSS 2.0 at `/feeds/{locale}/{name}.xml` and Atom at `/feeds/{locale}/{name}.atom`, for every locale. */
export type FeedConfig = {
  /** Its path segment: letters, digits and `-`. */
  name: string;
  /** The content type it lists (published documents of one locale each). */
  contentType: string;
  title: Localized;
  description: Localized;
  /** Attributes of the content type. */
  fields: {
    title: string;
    /** Plain text: the item's description (RSS) and summary (Atom). */
    summary?: string;
    /** The date items are sorted by, newest first: RSS `pubDate`, Atom `published`. `publishedAt` by default. */
    date?: string;
    /** Relation paths (`focusAreas`, `partnerships.focusAreas`) to documents whose `categoryField` names a category. */
    categories?: string[];
    categoryField?: string;
    /** A relation to people (press contacts): RSS `author` and `dc:creator`, Atom `author`. */
    authors?: string;
    authorName?: string;
    authorEmail?: string;
    /** The authors that may be named (filter syntax on the authors' type: `{ showPublicly: true }`); all when left out. */
    authorFilters?: Record<string, unknown>;
    /** Media attributes, in order: the first image among them is the item's enclosure. */
    images?: string[];
    /**
     * A repeatable component of downloadable files with their credit and licence (a press
     * release's media kit): Media RSS `media:content` in RSS and Atom, and Atom enclosures.
     * `licences` names each stored licence value (and links its text).
     */
    mediaKit?: { component: string; file: string; title?: string; credit?: string; licence?: string; licences?: Record<string, { name: string; url?: string }> };
  };
};

/**
 * One sitemap: `/sitemaps/{name}-{page}.xml`, listed in `/sitemap.xml`. `noIndex`: a boolean
 * attribute path (through components too: `seo.noIndex`) that keeps a version out when true.
 */
export type SitemapConfig = { name: string; contentType: string; noIndex?: string };

/** The plugin's configuration (`config/plugins` of the app, key `syndication`). */
export type SyndicationConfig = {
  /** The public site whose pages feeds and sitemaps link to: an absolute http(s) URL. */
  siteUrl: string;
  /** Where this CMS is reached from outside (feeds' self links, media files): an absolute http(s) URL. */
  cmsUrl: string;
  /** The publisher: feeds' author when an item has none, and their generator. */
  siteName: Localized;
  /**
   * Page paths per content type (and `home`, the front page of a language): `'*'` for every
   * locale, or a locale of its own. `{locale}`, `{slug}` and `{documentId}` are replaced; a
   * pattern may be a whole URL (`https://en.example.dk/cases/{slug}`), else it follows `siteUrl`.
   */
  paths: Record<string, Record<string, string>>;
  feeds: FeedConfig[];
  sitemaps: SitemapConfig[];
  /**
   * `pageMetadata` (JSON-LD and Open Graph data) on the GraphQL types of these content types, as
   * this schema.org type (`NewsArticle`, `Article`, `BlogPosting`); its fields are those of the
   * type's feed.
   */
  pageMetadata: Record<string, string>;
  /** The attribute that holds a document's URL slug. */
  slugField: string;
  /** Items per feed, newest first. */
  feedSize: number;
  /** URLs per sitemap file (the protocol allows 50,000) … */
  sitemapMaxUrls: number;
  /** … and bytes per sitemap file (the protocol allows 50 MiB, uncompressed). */
  sitemapMaxBytes: number;
  /** `Cache-Control: public, max-age=…, must-revalidate` of feeds and sitemaps. */
  maxAgeSeconds: number;
  /**
   * The date of the feed entries' tag URIs (RFC 4151: `tag:<site host>,<date>:…`), YYYY-MM-DD. It
   * makes the entries' ids: never change it once feeds are read, or every reader sees every entry anew.
   */
  idDate: string;
};

export const SITEMAP_PROTOCOL_MAX_URLS = 50_000;
export const SITEMAP_PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;

const KEYS: ReadonlyArray<keyof SyndicationConfig> = [
  'siteUrl',
  'cmsUrl',
  'siteName',
  'paths',
  'feeds',
  'sitemaps',
  'pageMetadata',
  'slugField',
  'feedSize',
  'sitemapMaxUrls',
  'sitemapMaxBytes',
  'maxAgeSeconds',
  'idDate',
];
const UID = /^[a-z]+::[\w-]+\.[\w-]+$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;
const ATTRIBUTE = /^\w+$/;
const PATH = /^\w+(\.\w+)*$/;

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const wholeNumber = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

function unknownKeys(given: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.map((key) => `${where}${key}`).join(', ')}; the options are ${known.map((key) => `${where}${key}`).join(', ')}`);
}

/** An absolute http(s) URL without a trailing slash, or the reason it is not one. */
export function httpUrl(value: unknown, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(String(value));
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${name} must be http or https, not ${parsed.protocol}`);
  if (parsed.username || parsed.password || parsed.search || parsed.hash) throw new Error(`${name} must be a plain address (no credentials, query or fragment): ${JSON.stringify(value)}`);
  return String(value).replace(/\/+$/, '');
}

function checkLocalized(value: unknown, where: string): void {
  if (!isObject(value) || Object.keys(value).length === 0 || Object.values(value).some((text) => typeof text !== 'string' || text.trim() === '')) {
    throw new Error(`${where} must map locales to texts ({ da: '…', en: '…' }), not ${JSON.stringify(value)}`);
  }
}

/** Why a path pattern is unusable, or null. */
export function patternProblem(pattern: unknown, home: boolean): string | null {
  if (typeof pattern !== 'string' || pattern === '') return 'must be a text';
  const unknown = [...pattern.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]).filter((name) => !['locale', 'slug', 'documentId'].includes(name));
  if (unknown.length > 0) return `has unknown placeholders ${unknown.map((name) => `{${name}}`).join(', ')} (known: {locale}, {slug}, {documentId})`;
  if (!home && !pattern.includes('{slug}') && !pattern.includes('{documentId}')) return 'must hold {slug} or {documentId}, or every document gets the same address';
  if (/^https?:\/\//.test(pattern)) return null;
  if (!pattern.startsWith('/')) return 'must start with / (after siteUrl) or be a whole http(s) URL';
  return null;
}

function checkFeed(feed: unknown, index: number, names: Set<string>): void {
  const where = `feeds[${index}]`;
  if (!isObject(feed)) throw new Error(`${where} must be an object with name, contentType, title, description and fields`);
  unknownKeys(feed, ['name', 'contentType', 'title', 'description', 'fields'], `${where}.`);
  if (typeof feed.name !== 'string' || !NAME.test(feed.name)) throw new Error(`${where}.name must be lowercase letters, digits and -, not ${JSON.stringify(feed.name)}`);
  if (names.has(feed.name)) throw new Error(`${where}.name ${feed.name} is used twice`);
  names.add(feed.name);
  if (typeof feed.contentType !== 'string' || !UID.test(feed.contentType)) throw new Error(`${where}.contentType must be a content-type UID, not ${JSON.stringify(feed.contentType)}`);
  checkLocalized(feed.title, `${where}.title`);
  checkLocalized(feed.description, `${where}.description`);
  const fields = feed.fields;
  if (!isObject(fields)) throw new Error(`${where}.fields must be an object`);
  unknownKeys(fields, ['title', 'summary', 'date', 'categories', 'categoryField', 'authors', 'authorName', 'authorEmail', 'authorFilters', 'images', 'mediaKit'], `${where}.fields.`);
  if (fields.mediaKit !== undefined) {
    const kit = fields.mediaKit;
    if (!isObject(kit)) throw new Error(`${where}.fields.mediaKit must be { component, file, title?, credit?, licence?, licences? }`);
    unknownKeys(kit, ['component', 'file', 'title', 'credit', 'licence', 'licences'], `${where}.fields.mediaKit.`);
    for (const key of ['component', 'file', 'title', 'credit', 'licence'] as const) {
      const value = kit[key];
      if ((key === 'component' || key === 'file' || value !== undefined) && (typeof value !== 'string' || !ATTRIBUTE.test(value))) {
        throw new Error(`${where}.fields.mediaKit.${key} must be an attribute name, not ${JSON.stringify(value)}`);
      }
    }
    if (kit.licences !== undefined && (!isObject(kit.licences) || Object.values(kit.licences).some((licence) => !isObject(licence) || typeof licence.name !== 'string'))) {
      throw new Error(`${where}.fields.mediaKit.licences must map licence values to { name, url? }`);
    }
  }
  for (const key of ['title', 'summary', 'date', 'categoryField', 'authors', 'authorName', 'authorEmail'] as const) {
    const value = fields[key];
    if ((key === 'title' || value !== undefined) && (typeof value !== 'string' || !ATTRIBUTE.test(value)))
      throw new Error(`${where}.fields.${key} must be an attribute name, not ${JSON.stringify(value)}`);
  }
  for (const key of ['categories', 'images'] as const) {
    const value = fields[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((path) => typeof path !== 'string' || !PATH.test(path)))) {
      throw new Error(`${where}.fields.${key} must be a list of attribute paths, not ${JSON.stringify(value)}`);
    }
  }
  if (fields.categories !== undefined && fields.categoryField === undefined) throw new Error(`${where}.fields.categoryField must name the categories' attribute`);
  if (fields.authors !== undefined && fields.authorName === undefined) throw new Error(`${where}.fields.authorName must name the authors' attribute`);
  if (fields.authorFilters !== undefined && (typeof fields.authorFilters !== 'object' || fields.authorFilters === null || Array.isArray(fields.authorFilters))) {
    throw new Error(`${where}.fields.authorFilters must be a filter object`);
  }
}

export default {
  default: (): SyndicationConfig => ({
    siteUrl: 'http://localhost:1337',
    cmsUrl: 'http://localhost:1337',
    siteName: { en: 'Strapi' },
    paths: {},
    feeds: [],
    sitemaps: [],
    pageMetadata: {},
    slugField: 'slug',
    feedSize: 50,
    sitemapMaxUrls: SITEMAP_PROTOCOL_MAX_URLS,
    sitemapMaxBytes: SITEMAP_PROTOCOL_MAX_BYTES,
    maxAgeSeconds: 0,
    idDate: '2026-01-01',
  }),
  validator(config: unknown): void {
    if (!isObject(config)) throw new Error('the configuration must be an object');
    unknownKeys(config, KEYS, '');
    httpUrl(config.siteUrl, 'siteUrl');
    httpUrl(config.cmsUrl, 'cmsUrl');
    checkLocalized(config.siteName, 'siteName');
    if (!isObject(config.paths)) throw new Error('paths must map content-type UIDs (and home) to patterns per locale');
    for (const [key, byLocale] of Object.entries(config.paths)) {
      if (key !== 'home' && !UID.test(key)) throw new Error(`paths: ${JSON.stringify(key)} is no content-type UID (nor home)`);
      if (!isObject(byLocale) || Object.keys(byLocale).length === 0) throw new Error(`paths.${key} must map '*' or locales to patterns`);
      for (const [locale, pattern] of Object.entries(byLocale)) {
        const problem = patternProblem(pattern, key === 'home');
        if (problem) throw new Error(`paths.${key}.${locale} ${problem}: ${JSON.stringify(pattern)}`);
      }
    }
    if (!Array.isArray(config.feeds)) throw new Error('feeds must be a list');
    const names = new Set<string>();
    config.feeds.forEach((feed, index) => checkFeed(feed, index, names));
    if (!Array.isArray(config.sitemaps)) throw new Error('sitemaps must be a list');
    const sitemapNames = new Set<string>();
    config.sitemaps.forEach((sitemap: unknown, index) => {
      if (!isObject(sitemap) || typeof sitemap.name !== 'string' || !NAME.test(sitemap.name) || typeof sitemap.contentType !== 'string' || !UID.test(sitemap.contentType)) {
        throw new Error(`sitemaps[${index}] must be { name: lowercase letters, digits and -, contentType: a UID }, not ${JSON.stringify(sitemap)}`);
      }
      unknownKeys(sitemap, ['name', 'contentType', 'noIndex'], `sitemaps[${index}].`);
      if (sitemap.noIndex !== undefined && (typeof sitemap.noIndex !== 'string' || !PATH.test(sitemap.noIndex))) {
        throw new Error(`sitemaps[${index}].noIndex must be an attribute path (seo.noIndex), not ${JSON.stringify(sitemap.noIndex)}`);
      }
      if (sitemapNames.has(sitemap.name)) throw new Error(`sitemaps[${index}].name ${sitemap.name} is used twice`);
      sitemapNames.add(sitemap.name);
    });
    for (const { contentType } of [...(config.feeds as FeedConfig[]), ...(config.sitemaps as SitemapConfig[])]) {
      if (!isObject(config.paths[contentType])) throw new Error(`paths has no pattern for ${contentType}, which a feed or sitemap lists`);
    }
    if (!isObject(config.pageMetadata)) throw new Error('pageMetadata must map content-type UIDs to schema.org types');
    for (const [uid, schemaType] of Object.entries(config.pageMetadata)) {
      if (!['NewsArticle', 'Article', 'BlogPosting'].includes(schemaType as string))
        throw new Error(`pageMetadata.${uid} must be NewsArticle, Article or BlogPosting, not ${JSON.stringify(schemaType)}`);
      if (!(config.feeds as FeedConfig[]).some((feed) => feed.contentType === uid)) throw new Error(`pageMetadata.${uid}: no feed lists ${uid}, whose fields the page metadata would take`);
    }
    if (typeof config.slugField !== 'string' || !ATTRIBUTE.test(config.slugField)) throw new Error(`slugField must be an attribute name, not ${JSON.stringify(config.slugField)}`);
    if (!wholeNumber(config.feedSize, 1, 1000)) throw new Error(`feedSize must be a whole number from 1 to 1000, not ${JSON.stringify(config.feedSize)}`);
    if (!wholeNumber(config.sitemapMaxUrls, 1, SITEMAP_PROTOCOL_MAX_URLS))
      throw new Error(`sitemapMaxUrls must be a whole number from 1 to ${SITEMAP_PROTOCOL_MAX_URLS}, not ${JSON.stringify(config.sitemapMaxUrls)}`);
    if (!wholeNumber(config.sitemapMaxBytes, 4096, SITEMAP_PROTOCOL_MAX_BYTES)) {
      throw new Error(`sitemapMaxBytes must be a whole number from 4096 to ${SITEMAP_PROTOCOL_MAX_BYTES}, not ${JSON.stringify(config.sitemapMaxBytes)}`);
    }
    if (!wholeNumber(config.maxAgeSeconds, 0)) throw new Error(`maxAgeSeconds must be a whole number of 0 or more, not ${JSON.stringify(config.maxAgeSeconds)}`);
    if (typeof config.idDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(config.idDate) || Number.isNaN(Date.parse(config.idDate))) {
      throw new Error(`idDate must be a date, YYYY-MM-DD, not ${JSON.stringify(config.idDate)}`);
    }
  },
};
