import type { Core } from '@strapi/strapi';
import { replaceCorsFactory } from './internals/cors-factory';

/**
 * Strapi's cors middleware answers a request without an Origin header as if it came from `*`
 * (`matchOrigin` in @strapi/core), before asking the configured origin function; with credentials
 * @koa/cors then sends an empty Access-Control-Allow-Origin and Access-Control-Allow-Credentials:
 * true. Strapi insists on a middleware named strapi::cors, so its factory is replaced (in
 * register(), before the middlewares are built) by plain @koa/cors, given the options of the
 * app's config/middlewares as they are: CORS headers only for an origin its `origin` function
 * allows, and `Vary: Origin` always.
 */
export function replaceStrapiCors(strapi: Core.Strapi): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koaCors = require('@koa/cors') as (options: unknown) => unknown;
  replaceCorsFactory(strapi, (options: unknown) => koaCors(options));
}
