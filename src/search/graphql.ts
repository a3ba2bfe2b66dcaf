import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { responseCache } from '../plugin-services';
import { SEARCH_TAG } from './store';
import { PAGE_TYPES, type PageType } from '../page-types';
import { localeChain } from '../graphql/localization';
import { SEARCH_TYPE_NAMES } from './documents';
import { MAX_QUERY_LENGTH, queryWords, runSearch } from './query';

type Nexus = typeof import('nexus');
type Context = { state?: { auth?: unknown } };
type Pagination = { page?: number | null; pageSize?: number | null; start?: number | null; limit?: number | null };
type Args = { query: string; locale?: string | null; fallbackLocales?: string[] | null; types?: string[] | null; pagination?: Pagination | null };

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

const invalid = (message: string) => new errors.ValidationError(message);

const UID_BY_TYPE_NAME = new Map(Object.entries(SEARCH_TYPE_NAMES).map(([uid, name]) => [name, uid as PageType]));

/** page/pageSize or start/limit, as Strapi's own list queries take them. */
function pageOf(pagination: Pagination | null | undefined): { offset: number; limit: number; page: number } {
  const { page, pageSize, start, limit } = pagination ?? {};
  if ((page != null || pageSize != null) && (start != null || limit != null)) throw invalid('pagination: use page and pageSize, or start and limit, not both');
  if (start != null || limit != null) {
    const size = limit ?? DEFAULT_PAGE_SIZE;
    if ((start ?? 0) < 0 || size < 1 || size > MAX_PAGE_SIZE) throw invalid(`pagination: start must be 0 or more and limit between 1 and ${MAX_PAGE_SIZE}`);
    return { offset: start ?? 0, limit: size, page: Math.floor((start ?? 0) / size) + 1 };
  }
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const number = page ?? 1;
  if (number < 1 || size < 1 || size > MAX_PAGE_SIZE) throw invalid(`pagination: page must be 1 or more and pageSize between 1 and ${MAX_PAGE_SIZE}`);
  return { offset: (number - 1) * size, limit: size, page: number };
}

/** The types asked for that the caller (the public role, for anonymous readers) may read. */
async function readableTypes(strapi: Core.Strapi, names: string[] | null | undefined, auth: unknown): Promise<PageType[]> {
  const asked = names?.length ? [...new Set(names)].map((name) => UID_BY_TYPE_NAME.get(name)!) : [...PAGE_TYPES];
  const allowed: PageType[] = [];
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
 * `search`: published case stories, partnerships and press releases matching every word of a
 * query, best first, with the language fallback chain of the list queries.
 */
export function registerSearchQuery(strapi: Core.Strapi): void {
  // Hits are read from the search index alone.
  for (const type of ['SearchResult', 'SearchHit']) responseCache(strapi).declareTypeDependencies(type, [SEARCH_TAG]);
  const extension = strapi.plugin('graphql').service('extension');

  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.enumType({ name: 'SearchType', description: 'The content types that search finds.', members: Object.values(SEARCH_TYPE_NAMES) }),
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
              // Locales the site does not have were refused before (../graphql/locale-arguments).
              const i18n = strapi.plugin('i18n').service('locales');
              const chain = localeChain(args.locale ?? undefined, args.fallbackLocales, await i18n.getDefaultLocale());
              const { offset, limit, page } = pageOf(args.pagination);
              const types = await readableTypes(strapi, args.types, context.state?.auth);
              const { rows, total } = await runSearch(strapi, { words: queryWords(text), chain, types, offset, limit });
              return {
                hits: rows.map((row) => ({ ...row, type: SEARCH_TYPE_NAMES[row.contentType] })),
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
