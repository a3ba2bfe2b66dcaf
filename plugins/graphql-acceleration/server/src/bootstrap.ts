import type { Core } from '@strapi/strapi';
import { conditionalGet } from './http/conditional-get';
import { installHitListener } from './http/listener';
import { restTagHeaders } from './http/rest-tags';
import { cacheService } from './services';

export const MIDDLEWARE = 'plugin::graphql-acceleration.response-cache';

/** The whole GraphQL request path of the plugin, in the order a request meets it. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = cacheService(strapi).runtime;
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  await cache.start();
  // 304 to a conditional GET whose ETag still matches (around everything else).
  strapi.server.use(conditionalGet(endpoint));
  // CDN tags on public REST answers (GraphQL answers get theirs from the cache's Apollo plugin).
  strapi.server.use(restTagHeaders(strapi, (tags) => cache.tagHeaders(tags)));
  if (!cache.isOn) return;
  const middlewares = (strapi.config.get('middlewares') ?? []) as Array<string | { name?: string; resolve?: string }>;
  if (!middlewares.some((entry) => (typeof entry === 'string' ? entry : entry?.name) === MIDDLEWARE)) {
    strapi.log.warn(
      `[graphql-acceleration] the response cache is on but '${MIDDLEWARE}' is not in config/middlewares: nothing is stored (answers are stored as of the permissions read before authentication, which the middleware records). Add it after strapi::cors.`
    );
    return;
  }
  // 1. Before Koa: plain POST hits of origins the middleware has answered once.
  installHitListener(strapi, cache);
  // 2. In Koa, the middleware (config/middlewares): hits, coalesced misses, the generation before auth.
  // 3. In Apollo, the Apollo plugin (register.ts): hits after validation, storing fresh answers.
};
