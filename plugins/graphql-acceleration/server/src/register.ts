import type { Core } from '@strapi/strapi';
import { responseCacheApolloPlugin } from './cache/apollo-plugin';
import { accelerationService, cacheService } from './services';

/**
 * Before plugin-graphql's bootstrap builds the schema and its Apollo Server: batching hooks into
 * the schema's resolvers, and the response cache's Apollo plugin joins the route's plugins
 * (after the app's own, so that their guards refuse before the cache answers).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  if (!strapi.plugin('graphql')) throw new Error('graphql-acceleration needs @strapi/plugin-graphql: install it and enable it in config/plugins');
  accelerationService(strapi).register();
  // Also with the cache off: its answers then say so (X-Cache: BYPASS, Cache-Control: private, no-store).
  const plugins = (strapi.config.get('plugin::graphql.apolloServer.plugins') ?? []) as unknown[];
  strapi.config.set('plugin::graphql.apolloServer.plugins', [...plugins, responseCacheApolloPlugin(cacheService(strapi).runtime)]);
};
