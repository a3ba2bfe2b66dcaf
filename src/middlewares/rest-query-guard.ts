import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { namesOneLocale, siteLocaleCodes, unknownLocaleMessage } from '../content-api/site-locales';
import { productionGuards } from '../plugin-services';

/** The largest page, page size, start and limit: GraphQL's Int, as the GraphQL API has them. */
export const MAX_PAGINATION_VALUE = 2147483647;

/** Why a REST query's `locale` or `pagination` cannot be answered, or null. */
export function restQueryProblem(query: Record<string, unknown>): string | null {
  if (query.locale !== undefined && typeof query.locale !== 'string') {
    return 'The locale parameter must be one locale code, such as locale=da (or locale=* for every locale)';
  }
  const pagination = query.pagination;
  if (pagination === undefined || pagination === null || typeof pagination !== 'object' || Array.isArray(pagination)) return null;
  for (const key of ['page', 'pageSize', 'start', 'limit']) {
    const value = (pagination as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `pagination[${key}] must be a number`;
    const number = Number(value);
    if (Number.isFinite(number) && number > MAX_PAGINATION_VALUE) return `pagination[${key}] must be at most ${MAX_PAGINATION_VALUE}`;
  }
  return null;
}

/**
 * Refuses with a 400 a REST content API query whose `locale` is not one string (`?locale[a]=da`
 * reached the database layer as an unknown operator: a 500) or not one of the site's locales
 * (`?locale=dk` answered an empty list, as if the site had nothing in that language: GraphQL
 * refuses it the same way), or whose pagination holds a number beyond GraphQL's Int
 * (`?pagination[start]=1e20` became an OFFSET the database cannot hold: a 500). Strapi's own
 * checks answer the rest (a page that is no number, an unknown sort field).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api')).toLowerCase();
  const localeCodes = siteLocaleCodes(strapi);
  const { answers } = productionGuards(strapi);
  return async (ctx: Context, next: Next) => {
    const path = ctx.path.toLowerCase();
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return next();
    const query = ctx.query as Record<string, unknown>;
    let problem = restQueryProblem(query);
    if (!problem && typeof query.locale === 'string' && namesOneLocale(query.locale)) {
      // Unread (the database down, say), the check is left to what follows: the outage's 503.
      const known = await localeCodes().catch(() => null);
      if (known && !known.includes(query.locale)) problem = unknownLocaleMessage('locale', query.locale, known);
    }
    if (!problem) return next();
    answers.validationError(ctx, problem, { source: 'query' });
  };
};
