import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { ANY_WRITE_TAG, documentTag } from '../cache/tags';

type Attribute = { type?: string };

/** Whether REST filters (`filters[author][name][$eq]=…`) reach a relation or media field: the answer then reads other types. */
function filtersReachOtherTypes(filters: unknown, attributes: Record<string, Attribute>): boolean {
  if (Array.isArray(filters)) return filters.some((item) => filtersReachOtherTypes(item, attributes));
  if (!filters || typeof filters !== 'object') return false;
  return Object.entries(filters as Record<string, unknown>).some(([key, value]) => {
    if (key.startsWith('$')) return filtersReachOtherTypes(value, attributes);
    const type = attributes[key]?.type;
    return type === 'relation' || type === 'media';
  });
}

/**
 * The cache tags of a public REST answer of a content type's `find` or `findOne`: the type, the
 * document (findOne), and every write at all when it populates or filters by relations (it then
 * reads other types). Null for anything else.
 */
type RestContext = Pick<Context, 'method' | 'status' | 'state' | 'query' | 'get'> & { params?: unknown };

export function restAnswerTags(strapi: Core.Strapi, ctx: RestContext): string[] | null {
  if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || (ctx.status !== 200 && ctx.status !== 304) || ctx.get('authorization')) return null;
  const handler = (ctx.state?.route as { handler?: unknown } | undefined)?.handler;
  if (typeof handler !== 'string') return null;
  const match = /^(api::[\w-]+\.[\w-]+)\.(find|findOne)$/.exec(handler);
  const model = match && (strapi.contentTypes as unknown as Record<string, { attributes: Record<string, Attribute> }>)[match[1]];
  if (!match || !model) return null;
  const [, uid, action] = match;
  const tags = [uid];
  const documentId = (ctx.params as Record<string, unknown>)?.id;
  if (action === 'findOne' && typeof documentId === 'string') tags.push(documentTag(uid, documentId));
  const query = ctx.query as Record<string, unknown>;
  const populate = query.populate;
  if ((populate !== undefined && populate !== '') || query.fields === '*' || filtersReachOtherTypes(query.filters, model.attributes)) tags.push(ANY_WRITE_TAG);
  return tags;
}

/** Koa middleware: the CDN tag headers on public REST answers of content types (`headersOf` gives them for tags). */
export function restTagHeaders(strapi: Core.Strapi, headersOf: (tags: string[]) => Record<string, string>) {
  return async (ctx: Context, next: Next) => {
    await next();
    const tags = restAnswerTags(strapi, ctx);
    if (tags) ctx.set(headersOf(tags));
  };
}
