import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { coalesce, keepCurrentGlobalGeneration, keepGlobalGeneration, lookupAnonymous, type CachedResponse } from '../cache/response-cache';
import { diagnosticHeaders } from '../diagnostics/sql-statements';
import { graphqlFields, jsonAccepted, learnHitHeaders, type GraphqlFields } from '../cache/hit-listener';

type KoaMiddleware = (ctx: Context, next: Next) => Promise<void>;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Apollo's CSRF prevention refuses "simple" requests (those a browser sends cross-site without a
 * preflight). Only requests it would let through are answered here: POST with a JSON body, or
 * GET with one of Apollo's preflight headers.
 */
function passesCsrfPrevention(ctx: Context): boolean {
  if (ctx.method === 'POST') return ctx.is('application/json') === 'application/json';
  return Boolean(ctx.get('apollo-require-preflight') || ctx.get('x-apollo-operation-name'));
}

/** The query, variables and operation name of a GraphQL GET or POST, or null. */
function graphqlRequest(ctx: Context): GraphqlFields | null {
  if (ctx.method === 'POST') return graphqlFields((ctx.request as { body?: unknown }).body);
  const { query, variables, operationName, extensions } = ctx.query as Record<string, unknown>;
  if (extensions !== undefined || Array.isArray(query) || Array.isArray(variables) || Array.isArray(operationName)) return null;
  if (variables === undefined) return { query, variables: undefined, operationName };
  try {
    return { query, variables: JSON.parse(String(variables)), operationName };
  } catch {
    return null;
  }
}

/** The GraphQL route's own body parser (koa-bodyparser with the route's settings), or null when it has none. */
export function graphqlBodyParser(strapi: Core.Strapi): KoaMiddleware | null {
  const apollo = (strapi.plugin('graphql').config('apolloServer') ?? {}) as { bodyParserConfig?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bodyParser = require('koa-bodyparser') as (options?: unknown) => KoaMiddleware;
  return apollo.bodyParserConfig === false ? null : bodyParser(typeof apollo.bodyParserConfig === 'object' ? apollo.bodyParserConfig : undefined);
}

/**
 * Answers anonymous GraphQL requests whose response is in the cache right after Strapi's global
 * middlewares (logger, errors, security headers, CORS), without the router, the authentication
 * and Apollo. Anything else, including every miss, goes on as before. (Plain POST hits are
 * answered earlier still, before Koa, once this middleware has answered one: src/cache/hit-listener.ts.)
 *
 * The GraphQL route has its own CORS and body parser (Strapi's body middleware skips /graphql);
 * both are applied here with the route's settings, in the route's order. A parsed body stays on
 * the request, and the route's parser leaves a parsed body alone, so a miss is not read twice.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }): KoaMiddleware => {
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const apollo = (strapi.plugin('graphql').config('apolloServer') ?? {}) as { cors?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koaCors = require('@koa/cors') as (options?: unknown) => KoaMiddleware;
  const cors: KoaMiddleware | null = apollo.cors === false ? null : koaCors(apollo.cors === undefined || apollo.cors === true ? undefined : apollo.cors);
  const parser = graphqlBodyParser(strapi);
  const withCors = (ctx: Context, work: () => Promise<void>) => (cors ? cors(ctx, work) : work());
  const diagnostics = diagnosticHeaders();

  return async (ctx, next) => {
    if (ctx.path !== endpoint || (ctx.method !== 'GET' && ctx.method !== 'POST') || ctx.get('authorization')) return next();
    // Apollo answers the rest; its answer may be cached as of the generation read now, before authentication.
    const apolloAnswers = async () => {
      await keepCurrentGlobalGeneration(ctx.state);
      return next();
    };
    if (!jsonAccepted(ctx.get('accept') || undefined) || !passesCsrfPrevention(ctx)) return apolloAnswers();
    if (ctx.method === 'POST') {
      if (!parser) return apolloAnswers();
      await withCors(ctx, () => parser(ctx, async () => undefined));
    }
    const request = graphqlRequest(ctx);
    const lookup = request && (await lookupAnonymous(request.query, request.variables, request.operationName));
    if (!lookup) return apolloAnswers();
    let cached: CachedResponse;
    if ('miss' in lookup) {
      keepGlobalGeneration(ctx.state, lookup.global);
      // Identical misses at the same moment (readers right after a publish) run once.
      if (!(await coalesce(lookup.miss, next))) return;
      const again = await lookupAnonymous(request.query, request.variables, request.operationName);
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
      if (diagnostics) ctx.set('x-cache-path', 'early');
      if (ctx.method === 'GET' && ctx.fresh) {
        ctx.status = 304;
        return;
      }
      ctx.body = cached.wire; // the bytes Apollo sends: the JSON and a newline
      // The next hits from this origin may be answered before Koa, with the headers this one gets.
      learnHitHeaders(ctx.req, ctx.res);
    };
    await withCors(ctx, answer);
  };
};
