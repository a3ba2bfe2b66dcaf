import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { guardsConfig } from '../config';
import { answerUnavailable } from '../http/answers';
import { isRoute, routePath } from '../http/route-path';
import { databaseOutage, RETRY_AFTER_SECONDS } from './outage';

const MESSAGE = 'The database cannot be reached at the moment. Nothing was read or saved; try again shortly.';

/** Liveness and readiness answer for themselves: /_ready says that the database is down. */
const HEALTH_PATHS = new Set(['/_health', '/_ready']);

/** Whether the response that was made is a failure: a 5xx, or GraphQL's HTTP 200 carrying an internal error. */
function failed(ctx: Context, graphql: boolean): boolean {
  if (ctx.status >= 500) return true;
  return graphql && typeof ctx.body === 'string' && ctx.body.includes('"INTERNAL_SERVER_ERROR"');
}

/**
 * While the database cannot be reached (see `outage.ts`), answers API
 * requests with 503, a JSON error and `Retry-After` at once, instead of a 500 (REST, admin) or an
 * HTTP 200 with "Internal Server Error" (GraphQL) per request. API requests are GraphQL, REST
 * (`/api`), every request that is not a GET or HEAD, and GETs with an Authorization header or
 * asking for JSON (the admin panel's). Pages and files (the admin panel's, the reference site,
 * uploads) are still served; any other request that fails because the database went away also
 * answers 503. Registered after the response cache's early path: anonymous GraphQL queries whose
 * answer is cached keep being answered from it (nothing can be saved meanwhile, so it is current).
 * `databaseOutage.enabled: false` turns all of this off.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if (!guardsConfig(strapi).databaseOutage.enabled) return async (_ctx: Context, next: Next) => next();
  const outage = databaseOutage(strapi);
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const restPrefix: string = strapi.config.get('api.rest.prefix', '/api');
  const isApi = (ctx: Context) =>
    isRoute(ctx.path, endpoint) ||
    isRoute(ctx.path, restPrefix) ||
    routePath(ctx.path).startsWith(`${routePath(restPrefix)}/`) ||
    (ctx.method !== 'GET' && ctx.method !== 'HEAD') ||
    Boolean(ctx.get('authorization')) ||
    ctx.get('accept').includes('application/json');

  return async (ctx: Context, next: Next) => {
    if (HEALTH_PATHS.has(routePath(ctx.path))) return next();
    const graphql = isRoute(ctx.path, endpoint);
    if (outage.isDown && isApi(ctx)) return answerUnavailable(ctx, graphql, MESSAGE, RETRY_AFTER_SECONDS);
    const trips = outage.tripCount;
    try {
      await next();
    } catch (error) {
      if (!outage.observe(error) && !(outage.isDown && outage.tripCount !== trips)) throw error;
      answerUnavailable(ctx, graphql, MESSAGE, RETRY_AFTER_SECONDS);
      return;
    }
    if (outage.tripCount !== trips && failed(ctx, graphql)) answerUnavailable(ctx, graphql, MESSAGE, RETRY_AFTER_SECONDS);
  };
};
