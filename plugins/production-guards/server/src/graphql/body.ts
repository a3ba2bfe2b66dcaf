import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

type KoaMiddleware = (ctx: Context, next: Next) => Promise<void>;

/**
 * The GraphQL route's own body parser (koa-bodyparser with the route's settings), or null when it
 * has none: for the guards that read a GraphQL body before the route does (Strapi's body
 * middleware skips /graphql). The route's parser leaves a parsed body alone.
 */
export function graphqlBodyParser(strapi: Core.Strapi): KoaMiddleware | null {
  const apollo = (strapi.plugin('graphql').config('apolloServer') ?? {}) as { bodyParserConfig?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bodyParser = require('koa-bodyparser') as (options?: unknown) => KoaMiddleware;
  return apollo.bodyParserConfig === false ? null : bodyParser(typeof apollo.bodyParserConfig === 'object' ? apollo.bodyParserConfig : undefined);
}
