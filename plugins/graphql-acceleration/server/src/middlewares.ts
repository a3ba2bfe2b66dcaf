import type { Core } from '@strapi/strapi';
import { responseCacheMiddleware } from './http/middleware';
import { cacheService } from './services';

export default {
  /** `plugin::graphql-acceleration.response-cache`: see http/middleware.ts. */
  'response-cache': (_config: unknown, { strapi }: { strapi: Core.Strapi }) => responseCacheMiddleware(strapi, cacheService(strapi).runtime),
};
