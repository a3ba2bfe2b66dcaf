import type { Core, UID } from '@strapi/strapi';
import { responseCache } from '../plugin-services';
import { firstLocaleInChain, localeChain } from './localization';
import { CASE_STORY, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

type Nexus = typeof import('nexus');
type Context = { state?: { auth?: unknown } };

/** Query name -> the content type it looks up by slug. */
export const SLUG_LOOKUPS = {
  caseStoryBySlug: CASE_STORY,
  partnershipBySlug: PARTNERSHIP,
  pressReleaseBySlug: PRESS_RELEASE,
} as const satisfies Record<string, UID.ContentType>;

/**
 * The published document whose slug, in one of the chain's locales, is `slug`, served in the
 * first locale of the chain it exists in; null when there is none.
 */
export async function findPublishedBySlug(strapi: Core.Strapi, uid: UID.ContentType, slug: string, chain: string[]): Promise<{ documentId: string; locale: string } | null> {
  const matches: Array<{ documentId: string; locale: string }> = await strapi.db
    .query(uid)
    .findMany({ where: { slug, locale: { $in: chain }, publishedAt: { $notNull: true } }, select: ['documentId', 'locale'] });
  const rank = (locale: string) => chain.indexOf(locale);
  const match = matches.sort((a, b) => rank(a.locale) - rank(b.locale))[0];
  if (!match) return null;
  // The match itself is a published version in the chain, so a locale is always found.
  const locale = (await firstLocaleInChain(strapi, uid, match.documentId, chain, 'published'))!;
  return { documentId: match.documentId, locale };
}

/** caseStoryBySlug, partnershipBySlug, pressReleaseBySlug: one published document or null. */
export function registerSlugLookups(strapi: Core.Strapi): void {
  const extension = strapi.plugin('graphql').service('extension');
  const naming = strapi.plugin('graphql').service('utils').naming;
  const cache = responseCache(strapi);
  for (const [name, uid] of Object.entries(SLUG_LOOKUPS)) cache.declareSlugLookup(name, uid);

  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.extendType({
        type: 'Query',
        definition(t) {
          for (const [name, uid] of Object.entries(SLUG_LOOKUPS)) {
            const contentType = strapi.getModel(uid);
            t.field(name, {
              type: naming.getTypeName(contentType),
              description: `The published ${contentType.info.displayName.toLowerCase()} with this slug, in the first locale of the chain it exists in; null when there is none.`,
              args: {
                slug: nexus.nonNull(nexus.stringArg()),
                locale: nexus.arg({ type: 'I18NLocaleCode' }),
                fallbackLocales: nexus.arg({ type: nexus.list(nexus.nonNull('I18NLocaleCode')) }),
              },
              async resolve(_parent: unknown, args: { slug: string; locale?: string; fallbackLocales?: string[] | null }, context: Context) {
                const defaultLocale: string = await strapi.plugin('i18n').service('locales').getDefaultLocale();
                const found = await findPublishedBySlug(strapi, uid, args.slug, localeChain(args.locale, args.fallbackLocales, defaultLocale));
                cache.recordLookup(context, uid, found?.documentId ?? null);
                if (!found) return null;
                const document = await strapi.documents(uid).findOne({ ...found, status: 'published' });
                return strapi.contentAPI.sanitize.output(document, contentType, { auth: context.state?.auth });
              },
            });
          }
        },
      }),
    ],
    resolversConfig: Object.fromEntries(Object.entries(SLUG_LOOKUPS).map(([name, uid]) => [`Query.${name}`, { auth: { scope: [`${uid}.find`] } }])),
  }));
}
