import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import type { CachedResponse, ResponseCache } from '../cache/response-cache';
import { notModified } from './conditional-get';
import { fieldsKey, graphqlRequest, jsonAccepted, passesCsrfPrevention } from './request';

type KoaMiddleware = (ctx: Context, next: Next) => Promise<void>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** The GraphQL route's own body parser (koa-bodyparser with the route's settings), or null when it has none. */
function graphqlBodyParser(strapi: Core.Strapi): KoaMiddleware | null {
  const apollo = (strapi.plugin('graphql').config('apolloServer') ?? {}) as { bodyParserConfig?: unknown };
  // plugin-graphql's own dependency, resolved from it (this plugin does not install another).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bodyParser = require(require.resolve('koa-bodyparser', { paths: [graphqlDir()] })) as (options?: unknown) => KoaMiddleware;
  return apollo.bodyParserConfig === false ? null : bodyParser(typeof apollo.bodyParserConfig === 'object' ? apollo.bodyParserConfig : undefined);
}

/** The GraphQL route's own CORS (@koa/cors with the route's settings), or null when it has none. */
function graphqlCors(strapi: Core.Strapi): KoaMiddleware | null {
  const apollo = (strapi.plugin('graphql').config('apolloServer') ?? {}) as { cors?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koaCors = require(require.resolve('@koa/cors', { paths: [graphqlDir()] })) as (options?: unknown) => KoaMiddleware;
  return apollo.cors === false ? null : koaCors(apollo.cors === undefined || apollo.cors === true ? undefined : apollo.cors);
}

const graphqlDir = () => path.dirname(require.resolve('@strapi/plugin-graphql/package.json'));

/**
 * The Koa side of the front door of the GraphQL route (`plugin::graphql-acceleration.response-cache`
 * in config/middlewares, after the app's CORS and rate limit): answers public GraphQL requests
 * whose response is cached right after the global middlewares before it, without the router, the
 * authentication and Apollo; runs identical misses once (coalescing); keeps, for every public
 * request, the global generation read before authentication and its cache key, for the Apollo
 * plugin. Anything else goes on as before. Plain POST hits are answered earlier still, before
 * Koa, once this middleware has answered one (`./listener`).
 *
 * The GraphQL route has its own CORS and body parser (Strapi's body middleware skips /graphql);
 * both are applied here with the route's settings, in the route's order. A parsed body stays on
 * the request, and the route's parser leaves a parsed body alone, so a miss is not read twice.
 */
export function responseCacheMiddleware(strapi: Core.Strapi, cache: ResponseCache): KoaMiddleware {
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const cors = graphqlCors(strapi);
  const parser = graphqlBodyParser(strapi);
  const withCors = (ctx: Context, work: () => Promise<void>) => (cors ? cors(ctx, work) : work());

  return async (ctx, next) => {
    if (!cache.isOn || ctx.path !== endpoint || (ctx.method !== 'GET' && ctx.method !== 'POST') || ctx.get('authorization')) return next();
    // Apollo answers the rest; its answer may be cached as of the generation read now, before authentication.
    const apolloAnswers = async () => {
      await cache.keepCurrentGlobalGeneration(ctx.state);
      return next();
    };
    if (!jsonAccepted(ctx.get('accept') || undefined) || !passesCsrfPrevention(ctx)) return apolloAnswers();
    if (ctx.method === 'POST') {
      if (!parser) return apolloAnswers();
      await withCors(ctx, () => parser(ctx, async () => undefined));
    }
    const key = (ctx.method === 'POST' && cache.keyBeforeKoa(ctx.req)) || fieldsKey(graphqlRequest(ctx));
    const lookup = key === null ? null : await cache.lookupKey(key);
    if (key === null || !lookup) return apolloAnswers();
    cache.keepRequestKey(ctx.state, key);
    let cached: CachedResponse;
    if ('miss' in lookup) {
      cache.keepGlobalGeneration(ctx.state, lookup.global);
      // Identical misses at the same moment (readers right after a publish) run once.
      if (!(await cache.coalesce(lookup.miss, next))) return;
      const again = await cache.lookupKey(key);
      if (!again || 'miss' in again) return next();
      cached = again.response;
    } else {
      cached = lookup.response;
    }
    const answer = async () => {
      ctx.status = 200;
      ctx.set('content-type', JSON_TYPE);
      ctx.set('etag', cached.etag);
      ctx.set('cache-control', cached.cacheControl);
      ctx.set('x-cache', 'HIT');
      ctx.set(cached.tagHeaders);
      if (cache.diagnostics) ctx.set('x-cache-path', 'early');
      if (notModified(ctx, cached.etag)) {
        ctx.status = 304;
        return;
      }
      ctx.body = cached.wire; // the bytes Apollo sends: the JSON and a newline
      // The next hits from this origin may be answered before Koa, with the headers this one gets.
      cache.hitHeaders.learn(ctx.req, ctx.res);
    };
    await withCors(ctx, answer);
  };
}
