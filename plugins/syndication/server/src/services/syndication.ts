import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { FeedConfig, SitemapConfig, SyndicationConfig } from '../config';
import { SiteUrls } from '../site-urls';
import { dateOf, text } from '../values';
import { renderAtom, renderRss, type Feed, type FeedAuthor, type FeedImage, type FeedItem, type FeedMedia } from '../feeds/render';
import { packSitemaps, renderSitemapIndex, urlEntry, type SitemapEntry } from '../sitemap/render';

/** A feed or sitemap as sent: its XML, ETag, and the cache tags it depends on (for CDN tag headers). */
export type Answer = { body: string; etag: string; tags: string[] };
export type FeedFormat = 'rss' | 'atom';

type Attribute = { type: string; target?: string; multiple?: boolean };
type Model = { uid: string; attributes: Record<string, Attribute>; info: { singularName: string }; options?: { draftAndPublish?: boolean } };
type Row = Record<string, unknown>;
type AccelerationCache = {
  isOn(): boolean;
  memo(key: string, tags: string[], compute: () => Promise<string>): Promise<{ body: string; etag: string }>;
  tagHeaders(tags: string[]): Record<string, string>;
};

/** One sitemap file as kept between requests. */
type SitemapFile = { xml: string; lastmod: string | null; etag: string };

const UPLOAD_FILE = 'plugin::upload.file';
const LOCALE = 'plugin::i18n.locale';
const LOCALE_CODE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

const etagOf = (body: string) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

/** The content types a feed reads: its own, those its relation paths reach, and media files. */
function feedReads(strapi: Core.Strapi, feed: FeedConfig): string[] {
  const reads = new Set([feed.contentType]);
  const follow = (path: string) => {
    let model = strapi.contentType(feed.contentType as never) as unknown as Model;
    for (const name of path.split('.')) {
      const attribute = model?.attributes[name];
      if (!attribute) throw new Error(`[syndication] feed ${feed.name}: ${feed.contentType} has no attribute path ${path}`);
      if (attribute.type === 'media') return void reads.add(UPLOAD_FILE);
      if (attribute.type !== 'relation' || !attribute.target) throw new Error(`[syndication] feed ${feed.name}: ${path} is no relation or media path`);
      reads.add(attribute.target);
      model = strapi.contentType(attribute.target as never) as unknown as Model;
    }
  };
  for (const path of [...(feed.fields.categories ?? []), ...(feed.fields.authors ? [feed.fields.authors] : []), ...(feed.fields.images ?? [])]) follow(path);
  if (feed.fields.mediaKit) {
    const kit = (strapi.contentType(feed.contentType as never) as unknown as Model).attributes[feed.fields.mediaKit.component] as Attribute & { component?: string };
    if (kit?.type !== 'component') throw new Error(`[syndication] feed ${feed.name}: ${feed.fields.mediaKit.component} is no component of ${feed.contentType}`);
    // The component's rows are written with the document's; its files are media.
    reads.add(UPLOAD_FILE);
  }
  return [...reads];
}

/** The Document Service populate of a feed's relation paths: each path's last step selects `fields`. */
function populateOf(feed: FeedConfig): Record<string, unknown> {
  const populate: Record<string, { fields?: string[]; filters?: Record<string, unknown>; populate?: Record<string, unknown> }> = {};
  const add = (path: string, fields: string[], filters?: Record<string, unknown>) => {
    let level = populate;
    const steps = path.split('.');
    steps.forEach((step, index) => {
      const last = index === steps.length - 1;
      const node = (level[step] ??= { fields: [] });
      if (last) {
        node.fields = [...new Set([...(node.fields ?? []), ...fields])];
        if (filters) node.filters = filters;
      } else level = (node.populate ??= {}) as typeof populate;
    });
  };
  const { fields } = feed;
  for (const path of fields.categories ?? []) add(path, [fields.categoryField as string]);
  if (fields.authors) add(fields.authors, [fields.authorName as string, ...(fields.authorEmail ? [fields.authorEmail] : [])], fields.authorFilters);
  for (const path of fields.images ?? []) add(path, ['url', 'mime', 'size']);
  // A component: all of its own fields, and its file.
  if (fields.mediaKit) populate[fields.mediaKit.component] = { populate: { [fields.mediaKit.file]: { fields: ['url', 'mime', 'size', 'name'] } } };
  return populate;
}

/** The values at the end of a relation path of a populated document (lists flattened). */
function valuesAt(document: Row, path: string): Row[] {
  let level: Row[] = [document];
  for (const step of path.split('.')) {
    level = level.flatMap((row) => {
      const value = row?.[step];
      if (Array.isArray(value)) return value as Row[];
      return value && typeof value === 'object' ? [value as Row] : [];
    });
  }
  return level;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::syndication') as SyndicationConfig;
  const urls = new SiteUrls(config);
  const siteHost = new URL(config.siteUrl).hostname;
  /** Sitemap files per type, parsed once per stored version (their ETag), each with its own ETag, hashed once. */
  const parsedFiles = new Map<string, { etag: string; files: SitemapFile[] }>();

  /** The types each feed reads (its cache tags), followed through the schema once per feed. */
  const reads = new Map<FeedConfig, string[]>();
  const readsOf = (feed: FeedConfig) => {
    let known = reads.get(feed);
    if (!known) reads.set(feed, (known = feedReads(strapi, feed)));
    return known;
  };

  const cache = (): AccelerationCache | null => (strapi.plugins['graphql-acceleration'] ? (strapi.plugin('graphql-acceleration').service('cache') as unknown as AccelerationCache) : null);

  /**
   * Answers being computed, by key: a crawler's burst at a cold sitemap computes it once per
   * instance, not once per request. A request that joins a computation begun before a write may
   * get the state before it, as if it had come a moment earlier; the next one gets the write.
   */
  const inFlight = new Map<string, Promise<Answer>>();

  /** `compute`'s text, kept by the response cache until a write bumps one of `tags` (computed each time without it). */
  function memo(key: string, tags: string[], compute: () => Promise<string>): Promise<Answer> {
    const running = inFlight.get(key);
    if (running) return running;
    const accelerated = cache();
    const answer = (accelerated ? accelerated.memo(`syndication:${key}`, tags, compute) : compute().then((computed) => ({ body: computed, etag: etagOf(computed) })))
      .then(({ body, etag }) => ({ body, etag, tags }))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, answer);
    return answer;
  }

  const localized = (texts: Record<string, string>, locale: string) => texts[locale] ?? texts.en ?? Object.values(texts)[0];
  const model = (uid: string) => strapi.contentType(uid as never) as unknown as Model;

  /** The site's locales (codes) and its default one. */
  async function siteLocales(): Promise<{ codes: string[]; defaultLocale: string }> {
    const { body } = await memo('locales', [LOCALE], async () => {
      const rows = (await strapi.db.query(LOCALE).findMany({ select: ['code'], orderBy: { code: 'asc' } })) as Array<{ code: string }>;
      const defaultLocale = (await strapi.plugin('i18n').service('locales').getDefaultLocale()) as string;
      return JSON.stringify({ codes: rows.map((row) => row.code), defaultLocale });
    });
    return JSON.parse(body);
  }

  function itemOf(feed: FeedConfig, document: Row, locale: string): FeedItem | null {
    const { fields } = feed;
    const documentId = String(document.documentId);
    const link = urls.page(feed.contentType, { documentId, locale, slug: text(document[config.slugField]) });
    const title = text(document[fields.title]);
    if (!link || !title) return null;
    const updated = dateOf(document.updatedAt) ?? new Date(0);
    const published = dateOf(document[fields.date ?? 'publishedAt']) ?? dateOf(document.publishedAt) ?? updated;
    const categories = [...new Set((fields.categories ?? []).flatMap((path) => valuesAt(document, path).map((row) => text(row[fields.categoryField as string]))))].filter(
      (name): name is string => name !== null
    );
    const authors: FeedAuthor[] = fields.authors
      ? valuesAt(document, fields.authors).flatMap((row) => {
          const name = text(row[fields.authorName as string]);
          return name ? [{ name, email: fields.authorEmail ? text(row[fields.authorEmail]) : null }] : [];
        })
      : [];
    const image = (fields.images ?? []).flatMap((path) => valuesAt(document, path)).find((file) => typeof file.mime === 'string' && file.mime.startsWith('image/') && typeof file.url === 'string');
    const imageOf = (file: Row): FeedImage => ({
      url: (file.url as string).startsWith('/') ? `${config.cmsUrl}${file.url}` : (file.url as string),
      mime: file.mime as string,
      // The media library keeps a file's size in kB (1000 bytes), to 2 decimals.
      bytes: Math.round(Number(file.size ?? 0) * 1000),
    });
    const kit = fields.mediaKit;
    const media: FeedMedia[] = kit
      ? ((document[kit.component] as Row[] | undefined) ?? []).flatMap((entry) => {
          const file = entry[kit.file] as Row | null | undefined;
          if (!file || typeof file.url !== 'string' || typeof file.mime !== 'string') return [];
          const licence = kit.licence ? text(entry[kit.licence]) : null;
          return [
            {
              ...imageOf(file),
              title: kit.title ? text(entry[kit.title]) : null,
              credit: kit.credit ? text(entry[kit.credit]) : null,
              licence: licence ? (kit.licences?.[licence] ?? { name: licence }) : null,
            },
          ];
        })
      : [];
    return {
      id: `tag:${siteHost},${config.idDate}:${model(feed.contentType).info.singularName}/${documentId}/${locale}`,
      title,
      link,
      summary: fields.summary ? text(document[fields.summary]) : null,
      published,
      updated,
      categories,
      authors,
      // The first image of the media fields, else of the media kit.
      image: image ? imageOf(image) : (media.find((file) => file.mime.startsWith('image/')) ?? null),
      media,
    };
  }

  async function renderFeed(feed: FeedConfig, locale: string, format: FeedFormat): Promise<string> {
    const date = feed.fields.date ?? 'publishedAt';
    const documents = (await strapi.documents(feed.contentType as never).findMany({
      locale,
      status: 'published',
      sort: [{ [date]: 'desc' }, { documentId: 'asc' }],
      limit: config.feedSize,
      populate: populateOf(feed),
    } as never)) as unknown as Row[];
    const items = documents.map((document) => itemOf(feed, document, locale)).filter((item): item is FeedItem => item !== null);
    const updated = items.reduce<Date>((newest, item) => (item.updated > newest ? item.updated : newest), new Date(`${config.idDate}T00:00:00Z`));
    const base = `${config.cmsUrl}/feeds/${encodeURIComponent(locale)}/${feed.name}`;
    const rendered: Feed = {
      id: `tag:${siteHost},${config.idDate}:feeds/${feed.name}/${locale}`,
      locale,
      title: `${localized(feed.title, locale)} – ${localized(config.siteName, locale)}`,
      description: localized(feed.description, locale),
      home: urls.home(locale),
      rssUrl: `${base}.xml`,
      atomUrl: `${base}.atom`,
      publisher: localized(config.siteName, locale),
      updated,
      items,
    };
    return format === 'rss' ? renderRss(rendered) : renderAtom(rendered);
  }

  /** `{ seo: { noIndex: true } }` for the path `seo.noIndex`. */
  const whereTrue = (path: string): Record<string, unknown> => path.split('.').reduceRight<Record<string, unknown>>((inner, step) => ({ [step]: inner }), { $eq: true } as never);

  /** Every published version of a type as sitemap entries, by document and locale (but those marked noIndex). */
  async function sitemapEntries(sitemap: SitemapConfig, defaultLocale: string): Promise<SitemapEntry[]> {
    const uid = sitemap.contentType;
    const contentType = model(uid);
    const localizedType = Boolean((contentType as unknown as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized);
    const select = ['documentId', 'updatedAt', ...(localizedType ? ['locale'] : []), ...(contentType.attributes[config.slugField] ? [config.slugField] : [])];
    const published = contentType.options?.draftAndPublish ? { publishedAt: { $notNull: true } } : {};
    // The versions a search engine must not index, in one statement (a join through the component).
    const hidden = sitemap.noIndex
      ? new Set(((await strapi.db.query(uid as never).findMany({ select: ['id'], where: { ...published, ...whereTrue(sitemap.noIndex) } } as never)) as Row[]).map((row) => row.id))
      : new Set();
    const rows = (
      (await strapi.db.query(uid as never).findMany({
        select: ['id', ...select],
        where: published,
        orderBy: [{ documentId: 'asc' }, ...(localizedType ? [{ locale: 'asc' }] : [])],
      } as never)) as Row[]
    ).filter((row) => !hidden.has(row.id));
    const entries: SitemapEntry[] = [];
    const flush = (versions: Row[]) => {
      const pages = versions
        .map((row) => {
          const locale = localizedType ? String(row.locale) : defaultLocale;
          return { locale, url: urls.page(uid, { documentId: String(row.documentId), locale, slug: text(row[config.slugField]) }), lastmod: dateOf(row.updatedAt) ?? new Date(0) };
        })
        .filter((page): page is { locale: string; url: string; lastmod: Date } => page.url !== null);
      const fallback = pages.find((page) => page.locale === defaultLocale);
      const alternates = [...pages.map((page) => ({ hreflang: page.locale, href: page.url })), ...(fallback ? [{ hreflang: 'x-default', href: fallback.url }] : [])];
      for (const page of pages) entries.push({ xml: urlEntry({ loc: page.url, lastmod: page.lastmod, alternates }), lastmod: page.lastmod });
    };
    let versions: Row[] = [];
    for (const row of rows) {
      if (versions.length > 0 && versions[0].documentId !== row.documentId) {
        flush(versions);
        versions = [];
      }
      versions.push(row);
    }
    if (versions.length > 0) flush(versions);
    return entries;
  }

  /** A type's sitemap files (memoised as one JSON list, parsed once per version). */
  async function sitemapFiles(sitemap: SitemapConfig): Promise<{ files: SitemapFile[]; etag: string }> {
    const { name, contentType: uid } = sitemap;
    const stored = await memo(`sitemap:${name}`, [uid, LOCALE], async () => {
      const { defaultLocale } = await siteLocales();
      const packed = packSitemaps(await sitemapEntries(sitemap, defaultLocale), config.sitemapMaxUrls, config.sitemapMaxBytes);
      return JSON.stringify(packed.map((file) => ({ xml: file.xml, lastmod: file.lastmod?.toISOString() ?? null })));
    });
    const parsed = parsedFiles.get(name);
    if (parsed?.etag === stored.etag) return parsed;
    const files = (JSON.parse(stored.body) as Array<{ xml: string; lastmod: string | null }>).map((file) => ({ ...file, etag: etagOf(file.xml) }));
    const fresh = { etag: stored.etag, files };
    parsedFiles.set(name, fresh);
    return fresh;
  }

  return {
    /** The feed `name` of `locale` as RSS or Atom; null when there is no such feed or locale. */
    async feed(name: string, locale: string, format: FeedFormat): Promise<Answer | null> {
      const feed = config.feeds.find((candidate) => candidate.name === name);
      if (!feed || !LOCALE_CODE.test(locale) || !(await siteLocales()).codes.includes(locale)) return null;
      return memo(`feed:${name}:${locale}:${format}`, readsOf(feed), () => renderFeed(feed, locale, format));
    },

    /** The sitemap index: every file of every configured type. */
    async sitemapIndex(): Promise<Answer> {
      const lists = await Promise.all(config.sitemaps.map(async (sitemap) => ({ sitemap, files: (await sitemapFiles(sitemap)).files })));
      const tags = [...new Set([...config.sitemaps.map((sitemap) => sitemap.contentType), LOCALE])];
      const body = renderSitemapIndex(
        lists.flatMap(({ sitemap, files }) =>
          files.map((file, index) => ({ loc: `${config.cmsUrl}/sitemaps/${sitemap.name}-${index + 1}.xml`, lastmod: file.lastmod ? new Date(file.lastmod) : null }))
        )
      );
      return { body, etag: etagOf(body), tags };
    },

    /** File `page` (from 1) of the sitemap `name`; null when there is none. */
    async sitemap(name: string, page: number): Promise<Answer | null> {
      const sitemap = config.sitemaps.find((candidate) => candidate.name === name);
      if (!sitemap) return null;
      const { files } = await sitemapFiles(sitemap);
      const file = files[page - 1];
      return file ? { body: file.xml, etag: file.etag, tags: [sitemap.contentType, LOCALE] } : null;
    },

    /** The CDN tag headers of an answer (none without the response cache's CDN tags). */
    tagHeaders: (tags: string[]) => cache()?.tagHeaders(tags) ?? {},

    /** The Cache-Control of feeds and sitemaps. */
    cacheControl: () => `public, max-age=${config.maxAgeSeconds}, must-revalidate`,

    /** Checks at start that every configured type and attribute exists (a typo fails the boot, not the first reader). */
    check(): void {
      for (const uid of [...config.feeds.map((feed) => feed.contentType), ...config.sitemaps.map((sitemap) => sitemap.contentType)]) {
        if (!strapi.contentTypes[uid as never]) throw new Error(`[syndication] the content type ${uid} does not exist`);
      }
      for (const sitemap of config.sitemaps) {
        if (!sitemap.noIndex) continue;
        let attributes: Record<string, Attribute & { component?: string }> = model(sitemap.contentType).attributes;
        const steps = sitemap.noIndex.split('.');
        steps.forEach((step, index) => {
          const attribute = attributes[step];
          const last = index === steps.length - 1;
          if (!attribute || (last ? attribute.type !== 'boolean' : attribute.type !== 'component' || !attribute.component)) {
            throw new Error(`[syndication] sitemap ${sitemap.name}: ${sitemap.noIndex} is no boolean attribute path of ${sitemap.contentType} (through components)`);
          }
          if (!last) attributes = (strapi.components[attribute.component as never] as unknown as { attributes: typeof attributes }).attributes;
        });
      }
      for (const feed of config.feeds) {
        const attributes = model(feed.contentType).attributes;
        for (const key of ['title', 'summary', 'date'] as const) {
          const attribute = feed.fields[key];
          if (attribute && attribute !== 'publishedAt' && !attributes[attribute]) throw new Error(`[syndication] feed ${feed.name}: ${feed.contentType} has no attribute ${attribute}`);
        }
        feedReads(strapi, feed);
      }
    },
  };
};
