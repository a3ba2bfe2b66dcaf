import type { Core, UID } from '@strapi/strapi';
import DataLoader from 'dataloader';
import { RIGHT_TO_LEFT_LOCALES } from '../bootstrap/locales';
import { graphqlAcceleration } from '../plugin-services';
import { withServerBuiltFilters } from '../content-api/published-only';
import { CASE_STORY, CONTACT, FOCUS_AREA, ORGANISATION, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

type Nexus = typeof import('nexus');
type Status = 'published' | 'draft';
type GraphQLContext = { state?: { auth?: unknown } };
type Args = Record<string, unknown> & { documentId?: string; locale?: string; fallbackLocales?: string[] | null; status?: string };
type Middleware = (next: (...a: unknown[]) => unknown, parent: unknown, args: Args, context: GraphQLContext, info: unknown) => unknown;

/** The localized content types of the model whose queries accept a fallback chain. */
export const LOCALIZED_UIDS = [PARTNERSHIP, CASE_STORY, PRESS_RELEASE, ORGANISATION, FOCUS_AREA, CONTACT] as const satisfies readonly UID.ContentType[];

export type LocalizedUid = (typeof LOCALIZED_UIDS)[number];

/** The locale chain of a query: the requested locale (or the default), then the fallbacks, once each. */
export function localeChain(locale: string | undefined, fallbackLocales: string[] | null | undefined, defaultLocale: string): string[] {
  return [...new Set([locale && locale !== '*' ? locale : defaultLocale, ...(fallbackLocales ?? [])])];
}

const statusOf = (args: Args): Status => (String(args.status ?? 'published').toLowerCase() === 'draft' ? 'draft' : 'published');

/** The `where` on `publishedAt` that selects the versions of a publication status. */
export const publicationWhere = (status: Status) => (status === 'published' ? { $notNull: true } : { $null: true });

/**
 * For every document with a version in one of the chain's locales, the locale it is served in:
 * the first of the chain it exists in. One SQL statement, whatever the number of documents.
 */
export async function chooseVersions(strapi: Core.Strapi, uid: UID.ContentType, chain: string[], status: Status): Promise<Map<string, string>> {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const documentId = column('documentId');
  const locale = column('locale');
  const publishedAt = column('publishedAt');
  const knex = strapi.db.connection;
  const query = knex(meta.tableName).select(documentId, locale).whereIn(locale, chain);
  if (status === 'published') query.whereNotNull(publishedAt);
  else query.whereNull(publishedAt);
  const rows: Array<Record<string, string>> = await query;
  const rank = new Map(chain.map((code, index) => [code, index]));
  const chosen = new Map<string, string>();
  for (const row of rows) {
    const current = chosen.get(row[documentId]);
    if (current === undefined || rank.get(row[locale])! < rank.get(current)!) chosen.set(row[documentId], row[locale]);
  }
  return chosen;
}

/** The first locale of the chain in which the document has a version of this status, or null. */
export async function firstLocaleInChain(strapi: Core.Strapi, uid: UID.ContentType, documentId: string, chain: string[], status: Status): Promise<string | null> {
  const rows: Array<{ locale: string }> = await strapi.db.query(uid).findMany({
    where: { documentId, locale: { $in: chain }, publishedAt: publicationWhere(status) },
    select: ['locale'],
  });
  return chain.find((code) => rows.some((row) => row.locale === code)) ?? null;
}

/** A GraphQL filter matching exactly the chosen version of each document. */
export function chosenVersionsFilter(chosen: Map<string, string>): Record<string, unknown> {
  const byLocale = new Map<string, string[]>();
  for (const [documentId, locale] of chosen) byLocale.set(locale, [...(byLocale.get(locale) ?? []), documentId]);
  if (byLocale.size === 0) return { documentId: { in: [] } };
  return { or: [...byLocale].map(([locale, documentIds]) => ({ locale: { eq: locale }, documentId: { in: documentIds } })) };
}

/** Per-request loaders: each GraphQL request gets its own, so nothing is cached across requests. */
type Loaders = (context: object, key: string, create: () => DataLoader<string, string[]>) => DataLoader<string, string[]>;

function availableLocalesLoader(strapi: Core.Strapi, loaders: Loaders, context: object, uid: UID.ContentType, status: Status) {
  return loaders(
    context,
    `${uid}:${status}`,
    () =>
      new DataLoader<string, string[]>(async (documentIds) => {
        const rows: Array<{ documentId: string; locale: string }> = await strapi.db.query(uid).findMany({
          where: { documentId: { $in: [...documentIds] }, publishedAt: publicationWhere(status) },
          select: ['documentId', 'locale'],
        });
        const locales = new Map<string, string[]>();
        for (const row of rows) locales.set(row.documentId, [...(locales.get(row.documentId) ?? []), row.locale]);
        return documentIds.map((id) => (locales.get(id) ?? []).sort());
      })
  );
}

/**
 * Language fallback for web teams serving partial translations:
 * - `fallbackLocales` on the list, connection and single queries of every localized type;
 * - `availableLocales` on every localized type, for language switchers and hreflang;
 * - `direction` (ltr/rtl) on the locale type.
 */
export function registerLocalizationExtensions(strapi: Core.Strapi): void {
  const extension = strapi.plugin('graphql').service('extension');
  const naming = strapi.plugin('graphql').service('utils').naming;
  const loaders = graphqlAcceleration(strapi).perRequest<DataLoader<string, string[]>>();
  const defaultLocale = () => strapi.plugin('i18n').service('locales').getDefaultLocale() as Promise<string>;

  const byQuery = new Map<string, { uid: LocalizedUid; kind: 'list' | 'single' }>();
  for (const uid of LOCALIZED_UIDS) {
    const contentType = strapi.getModel(uid);
    byQuery.set(naming.getFindQueryName(contentType), { uid, kind: 'list' });
    byQuery.set(naming.getFindConnectionQueryName(contentType), { uid, kind: 'list' });
    byQuery.set(naming.getFindOneQueryName(contentType), { uid, kind: 'single' });
  }

  const listFallback =
    (uid: LocalizedUid): Middleware =>
    async (next, parent, args, context, info) => {
      const { fallbackLocales, ...rest } = args;
      if (!fallbackLocales?.length) return next(parent, rest, context, info);
      const chosen = await chooseVersions(strapi, uid, localeChain(args.locale, fallbackLocales, await defaultLocale()), statusOf(args));
      const filters = rest.filters ? { and: [rest.filters, chosenVersionsFilter(chosen)] } : chosenVersionsFilter(chosen);
      // The chosen versions list every document: the filter limits count the caller's filters only.
      return withServerBuiltFilters(uid, rest.filters, filters, () => next(parent, { ...rest, locale: '*', filters }, context, info));
    };

  const singleFallback =
    (uid: LocalizedUid): Middleware =>
    async (next, parent, args, context, info) => {
      const { fallbackLocales, ...rest } = args;
      const { documentId } = args;
      if (!fallbackLocales?.length || typeof documentId !== 'string') return next(parent, rest, context, info);
      const chain = localeChain(args.locale, fallbackLocales, await defaultLocale());
      const found = await firstLocaleInChain(strapi, uid, documentId, chain, statusOf(args));
      return found ? next(parent, { ...rest, locale: found }, context, info) : null;
    };

  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.enumType({ name: 'TextDirection', members: ['ltr', 'rtl'], description: 'Writing direction of a locale' }),
      nexus.extendType({
        type: 'I18NLocale',
        definition(t) {
          t.nonNull.field('direction', {
            type: 'TextDirection',
            description: 'ltr, or rtl for Arabic, Persian, Urdu and other right-to-left scripts: set `dir` from it.',
            resolve: (parent: { code: string }) => (RIGHT_TO_LEFT_LOCALES.includes(parent.code.split('-')[0]) ? 'rtl' : 'ltr'),
          });
        },
      }),
      ...LOCALIZED_UIDS.map((uid) =>
        nexus.extendType({
          type: naming.getTypeName(strapi.getModel(uid)),
          definition(t) {
            t.nonNull.list.nonNull.string('availableLocales', {
              description: 'The locales this document exists in (with the same publication state), for language switchers and hreflang.',
              resolve: (parent: { documentId: string; publishedAt?: string | null }, _args: unknown, context: object) =>
                availableLocalesLoader(strapi, loaders, context, uid, parent.publishedAt ? 'published' : 'draft').load(parent.documentId),
            });
          },
        })
      ),
    ],
    plugins: [
      nexus.plugin({
        name: 'FallbackLocalesArg',
        onAddOutputField(config) {
          if (config.parentType !== 'Query' || !byQuery.has(config.name)) return;
          config.args = {
            ...config.args,
            fallbackLocales: nexus.arg({
              type: nexus.list(nexus.nonNull('I18NLocaleCode')),
              description: 'Locales to fall back on, in order, for documents missing in `locale`.',
            }),
          };
        },
      }),
    ],
    resolversConfig: {
      ...Object.fromEntries([...byQuery].map(([name, { uid, kind }]) => [`Query.${name}`, { middlewares: [kind === 'list' ? listFallback(uid) : singleFallback(uid)] }])),
      ...Object.fromEntries(LOCALIZED_UIDS.map((uid) => [`${naming.getTypeName(strapi.getModel(uid))}.availableLocales`, { auth: false }])),
      'I18NLocale.direction': { auth: false },
    },
  }));
}
