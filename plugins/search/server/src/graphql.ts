import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SearchConfig } from './config';
import { responseCache, SEARCH_TAG } from './store';
import { queryWords, runSearch } from './query';

type Nexus = typeof import('nexus');
type Context = { state?: { auth?: unknown } };
type Pagination = { page?: number | null; pageSize?: number | null; start?: number | null; limit?: number | null };
type Args = { query: string; locale?: string | null; fallbackLocales?: string[] | null; types?: string[] | null; pagination?: Pagination | null };

const invalid = (message: string) => new errors.ValidationError(message);

/** page/pageSize or start/limit, as Strapi's own list queries take them. */
export function pageOf(pagination: Pagination | null | undefined, { defaultPageSize, maxPageSize }: SearchConfig): { offset: number; limit: number; page: number } {
  const { page, pageSize, start, limit } = pagination ?? {};
  if ((page != null || pageSize != null) && (start != null || limit != null)) throw invalid('pagination: use page and pageSize, or start and limit, not both');
  if (start != null || limit != null) {
    const size = limit ?? defaultPageSize;
    if ((start ?? 0) < 0 || size < 1 || size > maxPageSize) throw invalid(`pagination: start must be 0 or more and limit between 1 and ${maxPageSize}`);
    return { offset: start ?? 0, limit: size, page: Math.floor((start ?? 0) / size) + 1 };
  }
  const size = pageSize ?? defaultPageSize;
  const number = page ?? 1;
  if (number < 1 || size < 1 || size > maxPageSize) throw invalid(`pagination: page must be 1 or more and pageSize between 1 and ${maxPageSize}`);
  return { offset: (number - 1) * size, limit: size, page: number };
}

/** The types asked for that the caller (the public role, for anonymous readers) may read. */
async function readableTypes(strapi: Core.Strapi, config: SearchConfig, names: string[] | null | undefined, auth: unknown): Promise<string[]> {
  const uidByName = new Map(config.types.map((type) => [type.name, type.contentType]));
  const asked = names?.length ? [...new Set(names)].map((name) => uidByName.get(name)!) : config.types.map((type) => type.contentType);
  const allowed: string[] = [];
  for (const uid of asked) {
    try {
      await strapi.auth.verify(auth as never, { scope: [`${uid}.find`] } as never);
      allowed.push(uid);
    } catch {
      // not readable by this caller: left out of the search
    }
  }
  return allowed;
}

/**
 * The locales a query searches, in order: its locale (the default locale without one, or for `*`),
 * then its fallbacks, each once; a document is found in the first it is published in.
 */
export const searchChain = (locale: string | null | undefined, fallbackLocales: string[] | null | undefined, defaultLocale: string): string[] => [
  ...new Set([locale && locale !== '*' ? locale : defaultLocale, ...(fallbackLocales ?? [])]),
];

/**
 * `search`: published documents of the configured types matching every word of a query, best
 * first, in a locale with its fallback chain.
 */
export function registerSearchQuery(strapi: Core.Strapi, config: SearchConfig): void {
  const { maxQueryLength: MAX_QUERY_LENGTH } = config;
  const nameOf = new Map(config.types.map((type) => [type.contentType, type.name]));
  // Hits are read from the search index alone.
  for (const type of ['SearchResult', 'SearchHit']) responseCache(strapi)?.declareTypeDependencies(type, [SEARCH_TAG]);
  const extension = strapi.plugin('graphql').service('extension');

  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.enumType({ name: 'SearchType', description: 'The content types that search finds.', members: config.types.map((type) => type.name) }),
      nexus.objectType({
        name: 'SearchHit',
        definition(t) {
          t.nonNull.field('type', { type: 'SearchType' });
          t.nonNull.id('documentId');
          t.string('slug');
          t.nonNull.string('title');
          t.nonNull.string('locale', { description: 'The locale the document was found in: the first of the chain it is published in.' });
          t.nonNull.string('snippet', { description: 'A passage around the matched words, as HTML: the text escaped, the matches in <mark>.' });
          t.nonNull.float('score', { description: 'Relevance, higher is better; comparable within one answer only.' });
        },
      }),
      nexus.objectType({
        name: 'SearchResult',
        definition(t) {
          t.nonNull.list.nonNull.field('hits', { type: 'SearchHit' });
          t.nonNull.field('pageInfo', { type: 'Pagination' });
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.field('search', {
            type: 'SearchResult',
            description: `Published documents with every word of \`query\` (each word also as the start of a longer one), best first: title matches over summary over body. At most ${MAX_QUERY_LENGTH} characters; operators and quotes are read as spaces.`,
            args: {
              query: nexus.nonNull(nexus.stringArg()),
              locale: nexus.arg({ type: 'I18NLocaleCode' }),
              fallbackLocales: nexus.arg({ type: nexus.list(nexus.nonNull('I18NLocaleCode')) }),
              types: nexus.arg({ type: nexus.list(nexus.nonNull('SearchType')) }),
              pagination: nexus.arg({ type: 'PaginationArg' }),
            },
            async resolve(_parent: unknown, args: Args, context: Context) {
              const text = args.query.trim();
              if (text === '') throw invalid('query: type at least one word to search for');
              if (text.length > MAX_QUERY_LENGTH) throw invalid(`query: at most ${MAX_QUERY_LENGTH} characters (this one has ${text.length})`);
              // A locale the site does not have finds nothing (an app may refuse it before: the reference app does).
              const i18n = strapi.plugin('i18n').service('locales');
              const chain = searchChain(args.locale, args.fallbackLocales, await i18n.getDefaultLocale());
              const { offset, limit, page } = pageOf(args.pagination, config);
              const types = await readableTypes(strapi, config, args.types, context.state?.auth);
              const { rows, total } = await runSearch(strapi, config, { words: queryWords(text), chain, types, offset, limit });
              return {
                hits: rows.map((row) => ({ ...row, type: nameOf.get(row.contentType) })),
                pageInfo: { page, pageSize: limit, pageCount: Math.ceil(total / limit), total },
              };
            },
          });
        },
      }),
    ],
    resolversConfig: { 'Query.search': { auth: false } },
  }));
}
