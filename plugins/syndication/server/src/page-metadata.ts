import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';
import type { FeedConfig, SyndicationConfig } from './config';
import { SiteUrls } from './site-urls';
import { dateOf, text } from './values';

type Nexus = typeof import('nexus');
type Row = Record<string, unknown>;
type File = { url: string; mime: string; width?: number | null; height?: number | null; alternativeText?: string | null };
type Context = object;

/** The schema.org types a content type's page may be described as. */
export const SCHEMA_TYPES = ['NewsArticle', 'Article', 'BlogPosting'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export type PageImage = { url: string; width: number | null; height: number | null; alternativeText: string | null; mime: string };
export type PageMetadata = {
  url: string | null;
  headline: string;
  description: string | null;
  inLanguage: string;
  datePublished: string | null;
  dateModified: string | null;
  image: PageImage | null;
  authors: string[];
  publisher: { name: string; url: string };
  alternates: Array<{ hreflang: string; url: string }>;
  jsonLd: Record<string, unknown>;
};

const iso = (value: unknown): string | null => dateOf(value)?.toISOString() ?? null;

/**
 * What a page needs for schema.org JSON-LD (`NewsArticle`, `Article`) and Open Graph: built from
 * one version's row (with its image and authors populated) and the published versions of its
 * document. Pure.
 */
export function pageMetadata(
  input: { row: Row; feed: FeedConfig; schemaType: SchemaType; locale: string; defaultLocale: string; versions: Array<{ locale: string; url: string | null }> },
  urls: SiteUrls,
  config: Pick<SyndicationConfig, 'cmsUrl' | 'siteName' | 'slugField' | 'siteUrl'>
): PageMetadata {
  const { row, feed, schemaType, locale, defaultLocale, versions } = input;
  const { fields } = feed;
  const url = urls.page(feed.contentType, { documentId: String(row.documentId), locale, slug: text(row[config.slugField]) });
  const kit = fields.mediaKit;
  const file = [
    ...(fields.images ?? []).flatMap((name) => {
      const value = row[name];
      return (Array.isArray(value) ? value : value ? [value] : []) as File[];
    }),
    // Then the media kit's files.
    ...(kit ? ((row[kit.component] as Row[] | undefined) ?? []).map((entry) => entry[kit.file] as File | null) : []),
  ].find((candidate) => typeof candidate?.mime === 'string' && candidate.mime.startsWith('image/') && typeof candidate.url === 'string');
  const image: PageImage | null = file
    ? {
        url: file.url.startsWith('/') ? `${config.cmsUrl}${file.url}` : file.url,
        width: file.width ?? null,
        height: file.height ?? null,
        alternativeText: text(file.alternativeText),
        mime: file.mime,
      }
    : null;
  const authors = fields.authors ? ((row[fields.authors] as Row[] | undefined) ?? []).map((person) => text(person[fields.authorName as string])).filter((name): name is string => name !== null) : [];
  const siteName = config.siteName[locale] ?? config.siteName.en ?? Object.values(config.siteName)[0];
  const publisher = { name: siteName, url: urls.home(locale) };
  const published = versions.filter((version): version is { locale: string; url: string } => version.url !== null).sort((a, b) => a.locale.localeCompare(b.locale));
  const fallback = published.find((version) => version.locale === defaultLocale);
  const alternates = [...published.map((version) => ({ hreflang: version.locale, url: version.url })), ...(fallback ? [{ hreflang: 'x-default', url: fallback.url }] : [])];
  const headline = text(row[fields.title]) ?? '';
  const description = fields.summary ? text(row[fields.summary]) : null;
  const datePublished = iso(row[fields.date ?? 'publishedAt']) ?? iso(row.publishedAt);
  const dateModified = iso(row.updatedAt);
  const translations = published.filter((version) => version.locale !== locale);
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': schemaType,
    headline: headline.slice(0, 110),
    ...(description ? { description } : {}),
    inLanguage: locale,
    ...(url ? { url, mainEntityOfPage: { '@type': 'WebPage', '@id': url } } : {}),
    ...(datePublished ? { datePublished } : {}),
    ...(dateModified ? { dateModified } : {}),
    ...(image ? { image: [{ '@type': 'ImageObject', url: image.url, ...(image.width ? { width: image.width } : {}), ...(image.height ? { height: image.height } : {}) }] } : {}),
    ...(authors.length > 0 ? { author: authors.map((name) => ({ '@type': 'Person', name })) } : { author: [{ '@type': 'Organization', name: publisher.name, url: publisher.url }] }),
    publisher: { '@type': 'Organization', name: publisher.name, url: publisher.url },
    ...(translations.length > 0 ? { workTranslation: translations.map((version) => ({ '@type': schemaType, inLanguage: version.locale, url: version.url })) } : {}),
  };
  return { url, headline, description, inLanguage: locale, datePublished, dateModified, image, authors, publisher, alternates, jsonLd };
}

/**
 * `pageMetadata` on the GraphQL types of the configured content types (`pageMetadata` option):
 * loads the served version (by its row id: a draft in a preview is described as the draft) with
 * its image and authors, and the published versions of its document, in two statements per
 * request and type whatever the number of documents.
 */
export function registerPageMetadata(strapi: Core.Strapi, config: SyndicationConfig): void {
  const entries = Object.entries(config.pageMetadata);
  if (entries.length === 0 || !strapi.plugins.graphql) return;
  const urls = new SiteUrls(config);
  const extension = strapi.plugin('graphql').service('extension');
  const naming = strapi.plugin('graphql').service('utils').naming;
  /** One loader per request and type: every row asked for in one tick is loaded together. */
  const loaders = new WeakMap<Context, Map<string, DataLoader<number, PageMetadata | null>>>();
  function loaderOf(context: Context, uid: string, schemaType: SchemaType): DataLoader<number, PageMetadata | null> {
    let byType = loaders.get(context);
    if (!byType) loaders.set(context, (byType = new Map()));
    let loader = byType.get(uid);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = await build(uid, schemaType, [...ids]);
        return ids.map((id) => found.get(id) ?? null);
      });
      byType.set(uid, loader);
    }
    return loader;
  }

  async function build(uid: string, schemaType: SchemaType, ids: number[]): Promise<Map<number, PageMetadata>> {
    const feed = config.feeds.find((candidate) => candidate.contentType === uid) as FeedConfig;
    const { fields } = feed;
    const populate: Record<string, unknown> = {};
    for (const name of fields.images ?? []) populate[name] = { select: ['url', 'mime', 'width', 'height', 'alternativeText'] };
    if (fields.authors) populate[fields.authors] = { select: [fields.authorName as string], ...(fields.authorFilters ? { where: fields.authorFilters } : {}) };
    if (fields.mediaKit) populate[fields.mediaKit.component] = { populate: { [fields.mediaKit.file]: { select: ['url', 'mime', 'width', 'height', 'alternativeText'] } } };
    const rows = (await strapi.db.query(uid as never).findMany({ where: { id: { $in: ids } }, populate } as never)) as Row[];
    const documentIds = [...new Set(rows.map((row) => String(row.documentId)))];
    const versions = (await strapi.db.query(uid as never).findMany({
      where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } },
      select: ['documentId', 'locale', config.slugField],
    } as never)) as Row[];
    const defaultLocale = (await strapi.plugin('i18n').service('locales').getDefaultLocale()) as string;
    // Each document's published versions with their addresses, grouped once.
    const byDocument = new Map<string, Array<{ locale: string; url: string | null }>>();
    for (const version of versions) {
      const documentId = String(version.documentId);
      const list = byDocument.get(documentId) ?? [];
      list.push({ locale: String(version.locale), url: urls.page(uid, { documentId, locale: String(version.locale), slug: text(version[config.slugField]) }) });
      byDocument.set(documentId, list);
    }
    const found = new Map<number, PageMetadata>();
    for (const row of rows) {
      const locale = String(row.locale ?? defaultLocale);
      found.set(Number(row.id), pageMetadata({ row, feed, schemaType, locale, defaultLocale, versions: byDocument.get(String(row.documentId)) ?? [] }, urls, config));
    }
    return found;
  }

  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.objectType({
        name: 'PageImage',
        description: 'An image of a page, with its size (og:image, og:image:width, og:image:height, og:image:alt).',
        definition(t) {
          t.nonNull.string('url');
          t.int('width');
          t.int('height');
          t.string('alternativeText');
          t.nonNull.string('mime');
        },
      }),
      nexus.objectType({
        name: 'PagePublisher',
        definition(t) {
          t.nonNull.string('name');
          t.nonNull.string('url');
        },
      }),
      nexus.objectType({
        name: 'PageAlternate',
        description: 'A language version of the page: <link rel="alternate" hreflang> (x-default: the default language).',
        definition(t) {
          t.nonNull.string('hreflang');
          t.nonNull.string('url');
        },
      }),
      nexus.objectType({
        name: 'PageMetadata',
        description:
          'What a page needs for schema.org JSON-LD and Open Graph: the page\'s address on the site (SITE_URL, SITE_PATHS), headline, dates, image with its size, publisher, language versions, and `jsonLd`, ready to embed in <script type="application/ld+json">.',
        definition(t) {
          t.string('url', { description: "This version's page on the site (canonical, og:url); null when its pattern cannot be filled." });
          t.nonNull.string('headline');
          t.string('description');
          t.nonNull.string('inLanguage', { description: 'The locale of this version (og:locale, <html lang>).' });
          t.field('datePublished', { type: 'DateTime' });
          t.field('dateModified', { type: 'DateTime' });
          t.field('image', { type: 'PageImage' });
          t.nonNull.list.nonNull.string('authors');
          t.nonNull.field('publisher', { type: 'PagePublisher' });
          t.nonNull.list.nonNull.field('alternates', { type: 'PageAlternate', description: 'Every published language version, and x-default.' });
          t.nonNull.field('jsonLd', { type: 'JSON' });
        },
      }),
      ...entries.map(([uid, schemaType]) =>
        nexus.extendType({
          type: naming.getTypeName(strapi.contentType(uid as never)),
          definition(t) {
            t.field('pageMetadata', {
              type: 'PageMetadata',
              description: `The page's ${schemaType} JSON-LD and Open Graph data.`,
              resolve: (parent: { id?: number }, _args: unknown, context: Context) => (typeof parent.id === 'number' ? loaderOf(context, uid, schemaType as SchemaType).load(parent.id) : null),
            });
          },
        })
      ),
    ],
    resolversConfig: Object.fromEntries(entries.map(([uid]) => [`${naming.getTypeName(strapi.contentType(uid as never))}.pageMetadata`, { auth: false }])),
  }));
}
